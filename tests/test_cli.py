"""The command line as users and CI meet it: exit codes, streams, formats, bad input."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from roadmap_lint.rules import all_rules
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.catalogue import explain

from .conftest import run_module

BROKEN = "# Guide\n\n[x](#nowhere)\n"
CLEAN = "# Guide\n\n[x](#guide)\n"
WARNING_ONLY = "# Guide\n\n[x](#Guide)\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_exit_0_clean(run_cli, folder: Path) -> None:
    write(folder, "README.md", CLEAN)
    result = run_cli("--offline", "README.md", cwd=folder)
    assert result.exit_code == 0
    assert "0 errors, 0 warnings in 1 file" in result.stdout
    assert result.stderr == ""


def test_exit_0_with_warnings_only(run_cli, folder: Path) -> None:
    write(folder, "README.md", WARNING_ONLY)
    result = run_cli("--offline", "README.md", cwd=folder)
    assert result.exit_code == 0
    assert "warning anchor-case" in result.stdout


def test_exit_1_on_error_with_path_line_column(run_cli, folder: Path) -> None:
    write(folder, "README.md", BROKEN)
    result = run_cli("--offline", "README.md", cwd=folder)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("README.md:3:1: error broken-anchor ")
    assert result.stderr == ""


def test_default_path_is_readme(run_cli, folder: Path) -> None:
    write(folder, "README.md", BROKEN)
    assert run_cli("--offline", cwd=folder).exit_code == 1


def test_folder_lints_every_markdown_file(run_cli, folder: Path) -> None:
    (folder / "docs").mkdir()
    write(folder, "README.md", CLEAN)
    write(folder / "docs", "a.md", BROKEN)
    write(folder / "docs", "notes.txt", BROKEN)
    (folder / "node_modules").mkdir()
    write(folder / "node_modules", "x.md", BROKEN)
    result = run_cli("--offline", "--format", "json", ".", cwd=folder)
    data = json.loads(result.stdout)
    assert data["summary"]["files"] == 2
    assert [f["path"] for f in data["findings"]] == ["docs/a.md"]


def test_json_report_follows_the_contract(run_cli, folder: Path) -> None:
    write(
        folder,
        "README.md",
        BROKEN + "\n[site](https://example.org/a#intro) <https://example.org/a#intro>\n",
    )
    result = run_cli("--offline", "--format", "json", "README.md", cwd=folder)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema"] == "roadmap-lint/report@1"
    assert data["tool"]["name"] == "roadmap-lint"
    assert set(data["summary"]) == {
        "files",
        "links",
        "urls",
        "requests",
        "errors",
        "warnings",
        "duration_s",
    }
    assert data["summary"]["errors"] == 1 and data["summary"]["urls"] == 1
    [finding] = data["findings"]
    assert finding == {
        "rule": "broken-anchor",
        "severity": "error",
        "path": "README.md",
        "line": 3,
        "column": 1,
        "message": "anchor #nowhere does not exist",
        "target": "#nowhere",
    }
    [link] = data["links"]
    assert set(link) == {
        "url",
        "state",
        "http_status",
        "final_url",
        "error",
        "reason",  # the optional field CONTRACT.md plans, always present here
        "cached",
        "elapsed_ms",
        "broken_since",  # from the cache's history: null and 0 offline
        "failures_in_a_row",
        "snapshot",  # the archive's copy of a broken page: null here
        "locations",
    }
    assert (link["broken_since"], link["failures_in_a_row"]) == (None, 0)
    assert link["state"] == "excluded"
    assert link["locations"] == [
        {"path": "README.md", "line": 5, "column": 1},
        {"path": "README.md", "line": 5, "column": 37},
    ]


def test_output_file(run_cli, folder: Path) -> None:
    write(folder, "README.md", BROKEN)
    result = run_cli("--offline", "--format", "json", "-o", "report.json", "README.md", cwd=folder)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads((folder / "report.json").read_text())["summary"]["errors"] == 1


def test_no_colour_when_not_a_tty_or_no_color(run_cli, folder: Path) -> None:
    write(folder, "README.md", BROKEN)
    assert "\033[" not in run_cli("--offline", cwd=folder).stdout
    assert "\033[" not in run_cli("--offline", cwd=folder, env={"NO_COLOR": "1"}).stdout


def test_colour_on_a_tty_unless_no_color(folder: Path) -> None:
    from roadmap_lint import lint_text
    from roadmap_lint.reporters.text import render

    report = lint_text(BROKEN)
    assert "\033[" in render(report, colour=True)
    assert "\033[" not in render(report, colour=False)


def test_version(run_cli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("roadmap-lint ")


def test_version_is_the_installed_distributions() -> None:
    """pyproject.toml takes the version from the package, so the two can never differ."""
    from importlib import metadata

    from roadmap_lint import __version__

    assert metadata.version("roadmap-lint") == __version__


def test_list_rules(run_cli) -> None:
    result = run_cli("--list-rules")
    assert result.exit_code == 0
    for name in [
        "broken-anchor",
        "anchor-case",
        "missing-file",
        "toc-missing-entry",
        "toc-order",
        "toc-text-mismatch",
    ]:
        assert name in result.stdout


# -- bad input: one line on stderr and exit 2, or a correct report ----------------------


def assert_usage_error(result, fragment: str) -> None:
    assert result.exit_code == 2, result.stdout + result.stderr
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_path(run_cli, folder: Path) -> None:
    assert_usage_error(
        run_cli("--offline", "nope.md", cwd=folder), "nope.md: no such file or folder"
    )


def test_missing_default_readme(run_cli, folder: Path) -> None:
    assert_usage_error(run_cli("--offline", cwd=folder), "README.md: no such file or folder")


def test_folder_without_markdown(run_cli, folder: Path) -> None:
    (folder / "empty").mkdir()
    assert_usage_error(run_cli("--offline", "empty", cwd=folder), "no Markdown files")


def test_binary_file(run_cli, folder: Path) -> None:
    write(folder, "logo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_usage_error(run_cli("--offline", "logo.md", cwd=folder), "binary file")


def test_unknown_rule(run_cli, folder: Path) -> None:
    write(folder, "README.md", CLEAN)
    assert_usage_error(
        run_cli("--offline", "--select", "broken-ankor", cwd=folder), "unknown rule broken-ankor"
    )


def test_unknown_format_is_a_usage_error(run_cli, folder: Path) -> None:
    write(folder, "README.md", CLEAN)
    result = run_cli("--offline", "--format", "yaml", cwd=folder)
    assert result.exit_code == 2


def test_unwritable_output(run_cli, folder: Path) -> None:
    write(folder, "README.md", CLEAN)
    assert_usage_error(
        run_cli("--offline", "-o", "no/such/dir/r.json", cwd=folder), "cannot write report"
    )


def test_invalid_utf8_is_reported_and_still_checked(run_cli, folder: Path) -> None:
    write(folder, "README.md", b"# Caf\xe9\n\n[x](#nowhere)\n")
    result = run_cli("--offline", "README.md", cwd=folder)
    assert result.exit_code == 1
    assert "README.md:1: not valid UTF-8" in result.stderr
    assert "README.md:3:1: error broken-anchor" in result.stdout


def test_bom_and_crlf(run_cli, folder: Path) -> None:
    write(folder, "README.md", "\ufeff# Guide\r\n\r\n  [x](#nowhere)\r\n".encode())
    result = run_cli("--offline", "README.md", cwd=folder)
    assert result.exit_code == 1
    assert result.stdout.startswith("README.md:3:3: error broken-anchor anchor #nowhere ")


def test_empty_file(run_cli, folder: Path) -> None:
    write(folder, "README.md", "")
    result = run_cli("--offline", "README.md", cwd=folder)
    assert result.exit_code == 0
    assert "0 errors" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "> " * 5000 + "[a](#nowhere)\n",
        "".join("  " * i + "- x\n" for i in range(5000)) + "\n[a](#nowhere)\n",
        "".join(">" * i + " x\n" for i in range(1, 5000)),
        "[" * 5000 + "a" + "]" * 5000 + "(#x)\n",
    ],
    ids=["blockquotes", "lists", "growing-quotes", "brackets"],
)
def test_deep_nesting_gives_a_report(run_cli, folder: Path, text: str) -> None:
    write(folder, "README.md", text)
    started = time.monotonic()
    result = run_cli("--offline", "README.md", cwd=folder)
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 30


@pytest.mark.slow
def test_one_megabyte_single_line(run_cli, folder: Path) -> None:
    line = " ".join(f"word [l{i}](#l{i % 7}) `code`" for i in range(40_000))
    write(folder, "README.md", "# l0\n\n" + line[:1_000_000] + "\n")
    started = time.monotonic()
    result = run_cli("--offline", "--format", "json", "README.md", cwd=folder)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["errors"] > 1000
    assert time.monotonic() - started < 30


@pytest.mark.slow
def test_eight_megabyte_file(run_cli, folder: Path) -> None:
    section = (
        "## Section {i}\n\n- [Item](https://example.org/{i}) - Description of item {i}.\n"
        "- [Back](#section-{i})\n\n"
    )
    body = "".join(section.format(i=i) for i in range(80_000))
    write(folder, "README.md", "# Big\n\n" + body)
    assert (folder / "README.md").stat().st_size > 8_000_000
    started = time.monotonic()
    result = run_cli("--offline", "--format", "json", "README.md", cwd=folder)
    assert result.exit_code == 0, result.stdout[:500]
    assert json.loads(result.stdout)["summary"]["links"] == 160_000
    assert time.monotonic() - started < 120


@pytest.mark.slow
def test_module_entry_point_and_streams(folder: Path) -> None:
    write(folder, "README.md", BROKEN)
    result = run_module("--offline", "README.md", cwd=folder)
    assert result.returncode == 1
    assert result.stdout.startswith("README.md:3:1: error broken-anchor")
    assert result.stderr == ""
    missing = run_module("--offline", "missing.md", cwd=folder)
    assert missing.returncode == 2
    assert missing.stderr.strip() == "roadmap-lint: error: missing.md: no such file or folder"
    assert missing.stdout == ""


def test_extra_reports_from_the_same_run(run_cli, folder: Path) -> None:
    write(folder, "README.md", BROKEN)
    arguments = (
        "--offline",
        "--report",
        "json=out/r.json",
        "--report",
        "sarif=r.sarif",
        "README.md",
    )
    assert (
        run_cli(*arguments, cwd=folder).exit_code == 2
    )  # the folder for out/r.json does not exist
    (folder / "out").mkdir()
    result = run_cli(*arguments, cwd=folder)
    assert result.exit_code == 1
    assert result.stdout.startswith("README.md:3:1: error broken-anchor")
    assert json.loads((folder / "out" / "r.json").read_text())["summary"]["errors"] == 1
    assert (
        json.loads((folder / "r.sarif").read_text())["runs"][0]["results"][0]["ruleId"] == "RL101"
    )


def test_bad_report_option(run_cli, folder: Path) -> None:
    write(folder, "README.md", CLEAN)
    assert_usage_error(
        run_cli("--offline", "--report", "yaml=r.yaml", cwd=folder),
        "--report: expected FORMAT=FILE",
    )
    assert_usage_error(
        run_cli("--offline", "--report", "json", cwd=folder), "--report: expected FORMAT=FILE"
    )


# -- --list-rules and --explain ------------------------------------------------------------


def _rule_line(line: str) -> list[str]:
    """code, name, severity, on/off and summary of a rule table line."""
    code, name, severity, default, summary = line.split(maxsplit=4)
    return [code, name, severity, default, summary]


def _assert_rule_table(lines: list[str], rules: list[Rule]) -> None:
    """A header, then one aligned line per rule, in order, saying what the registry says."""
    header, *rows = lines
    assert header.split() == ["code", "name", "severity", "default", "summary"]
    assert [_rule_line(row) for row in rows] == [
        [r.code, r.name, r.severity.value, "on" if r.default else "off", r.summary] for r in rules
    ]
    for column in ("name", "severity", "default", "summary"):
        start = header.index(column)
        assert all(row[start - 1] == " " and row[start] != " " for row in rows), column


def test_list_rules_shows_whether_each_rule_is_on_by_default(run_cli) -> None:
    result = run_cli("--list-rules")
    assert result.exit_code == 0
    _assert_rule_table(result.stdout.splitlines(), all_rules())


@pytest.mark.parametrize(
    ("prefix", "label", "subject"),
    [
        ("RL1", "RL1xx", "links inside the repository"),
        ("RL2", "RL2xx", "the table of contents"),
        ("RL3", "RL3xx", "external links"),
        ("RL4", "RL4xx", "content"),
        ("RL40", "RL40x", "content"),
        ("rl10", "RL10x", "links inside the repository"),
    ],
)
def test_explain_a_family(run_cli, prefix: str, label: str, subject: str) -> None:
    result = run_cli("--explain", prefix)
    assert result.exit_code == 0, result.stderr
    family = [rule for rule in all_rules() if rule.code.startswith(prefix.upper())]
    header, blank, *table, blank_too, hint = result.stdout.splitlines()
    assert header == f"{label}: {subject}, {len(family)} rules"
    assert blank == blank_too == ""
    _assert_rule_table(table, family)
    assert "--explain NAME" in hint
    assert result.stderr == ""


def test_explain_one_rule_still_shows_its_documentation(run_cli) -> None:
    result = run_cli("--explain", "RL301")
    assert result.exit_code == 0
    assert result.stdout.startswith("RL301 broken-link (error by default)\n\n")


def test_explain_says_when_a_rule_is_off_by_default() -> None:
    rule = next(rule for rule in all_rules() if rule.name == "broken-link")
    assert explain(dataclasses.replace(rule, default=False)).startswith(
        "RL301 broken-link (error by default; off unless selected, "
        "e.g. --extend-select broken-link)\n"
    )


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("brokn-link", "unknown rule brokn-link; did you mean broken-link?"),
        ("toc-mising-entry", "unknown rule toc-mising-entry; did you mean toc-missing-entry?"),
        ("Broken-Anchor", "unknown rule Broken-Anchor; did you mean broken-anchor?"),
        ("RL3011", "unknown rule RL3011; did you mean RL301 (broken-link)?"),
        ("nothing-like-it", "unknown rule nothing-like-it (see --list-rules)"),
        ("RL5", "no rule code starts with RL5 (the families are RL1, RL2, RL3, RL4)"),
        ("RL39", "no rule code starts with RL39"),
    ],
)
def test_explain_a_typo(run_cli, key: str, message: str) -> None:
    assert_usage_error(run_cli("--explain", key), f"roadmap-lint: error: --explain: {message}")


def test_the_objects_of_a_run_are_left_to_the_operating_system_at_exit(folder: Path) -> None:
    """Frozen at the end, so that the interpreter does not look through them all for cycles
    on its way out (a fifth of a second after 10,000 links); the exit status and the exit
    handlers are kept. Not frozen, even this small run leaves a few hundred to look at."""
    write(folder, "README.md", BROKEN)
    probe = (
        "import atexit, gc\n"
        "atexit.register(lambda: print('left to collect:', len(gc.get_objects())))\n"
        "from roadmap_lint.cli import main\n"
        "main()\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", probe, "--offline", "--no-cache", "README.md"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert process.returncode == 1, process.stderr
    *_, last = process.stdout.splitlines()
    assert last.startswith("left to collect: ")
    assert int(last.split(": ")[1]) < 50
