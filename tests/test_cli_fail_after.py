"""`--fail-after` and `[links] fail-after`: parsing, errors, the words it adds to a finding,
and the exit status on the command line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from roadmap_lint.config.fail_after import FailAfter, parse_fail_after
from roadmap_lint.config.settings import Config
from roadmap_lint.model import Finding, LinkResult, LinkState, Location, Severity, Verdict
from roadmap_lint.pipeline import tolerance
from roadmap_lint.rules import all_rules

from .servers import TestServer, isolate_config, write_readme

DAY = 86400.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", FailAfter("3", runs=3)),
        (3, FailAfter("3", runs=3)),
        (" 30 ", FailAfter("30", runs=30)),
        ("1", FailAfter("1", runs=1)),
        ("3d", FailAfter("3d", seconds=3 * DAY)),
        ("12h", FailAfter("12h", seconds=12 * 3600)),
        ("1.5D", FailAfter("1.5D", seconds=1.5 * DAY)),
        ("2 w", FailAfter("2w", seconds=14 * DAY)),
        ("90d", FailAfter("90d", seconds=90 * DAY)),
    ],
)
def test_valid_values(value: str | int, expected: FailAfter) -> None:
    assert parse_fail_after(value) == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("0", "from 1 to 30 runs"),
        ("31", "from 1 to 30 runs (the cache remembers 30), not 31"),
        (-2, "not '-2'"),
        ("2.5", "not '2.5'"),
        (2.5, "not 2.5"),
        (True, "not True"),
        ("3x", "a number of runs in a row (3) or a time (3d, 12h, 2w), not '3x'"),
        ("30m", "not '30m'"),
        ("soon", "not 'soon'"),
        ("", "not ''"),
        ("0d", "more than 0"),
        ("91d", "at most 90 days"),
        ("13w", "at most 90 days"),
    ],
)
def test_invalid_values(value: object, problem: str) -> None:
    with pytest.raises(ValueError, match="must be") as raised:
        parse_fail_after(value)
    assert problem in str(raised.value)


def test_reached_by_runs_or_by_time() -> None:
    runs, time = parse_fail_after(3), parse_fail_after("2d")
    assert [runs.reached(n, 0.0, 0.0) for n in (1, 2, 3, 4)] == [False, False, True, True]
    assert [time.reached(9, 0.0, now) for now in (0.0, 2 * DAY - 1, 2 * DAY)] == [
        False,
        False,
        True,
    ]


URL = "https://example.org/gone"
NOW = 1_800_000_000.0


def held(runs: int, age: float, fail_after: str | None = None) -> tuple[Severity, str]:
    """The broken-link finding of a link broken `runs` runs in a row, the first `age` ago."""
    result = LinkResult(URL, Verdict(LinkState.BROKEN, 404, error="HTTP 404"))
    result.broken_since, result.failures_in_a_row = NOW - age, runs
    rule = next(rule for rule in all_rules() if rule.name == "broken-link")
    finding = rule.link_finding(Location("README.md", 3, 1), "gone", URL)
    settings = Config(fail_after=parse_fail_after(fail_after) if fail_after else None)
    [out] = tolerance.hold([finding], [rule], [result], settings, True, NOW, print)
    return out.severity, out.message


@pytest.mark.parametrize(
    ("runs", "age", "words"),
    [
        (1, 0, "gone"),  # the first broken run: as without a history
        (2, 600, "gone; broken for less than an hour (2 runs in a row)"),
        (2, 3600 * 1.4, "gone; broken for 1 hour (2 runs in a row)"),
        (3, 3600 * 5, "gone; broken for 5 hours (3 runs in a row)"),
        (2, DAY - 600, "gone; broken for 1 day (2 runs in a row)"),
        (5, 12 * DAY + 3600, "gone; broken for 12 days (5 runs in a row)"),
    ],
)
def test_how_long_a_link_has_been_broken(runs: int, age: float, words: str) -> None:
    assert held(runs, age) == (Severity.ERROR, words)


@pytest.mark.parametrize(
    ("fail_after", "runs", "words"),
    [
        ("2", 1, "newly broken; an error from the 2nd run in a row (--fail-after 2)"),
        ("11", 3, "broken for 3 runs in a row; an error from the 11th (--fail-after 11)"),
        ("21", 1, "an error from the 21st run in a row (--fail-after 21)"),
        ("23", 1, "an error from the 23rd run in a row (--fail-after 23)"),
        ("12h", 1, "newly broken; an error from 2027-01-15 20:00 UTC (--fail-after 12h)"),
    ],
)
def test_when_a_held_link_becomes_an_error(fail_after: str, runs: int, words: str) -> None:
    severity, message = held(runs, 0, fail_after)
    assert severity is Severity.WARNING
    assert message.startswith("gone; ") and message.endswith(words)


def test_other_findings_are_left_alone() -> None:
    rules = [rule for rule in all_rules() if rule.name in ("broken-link", "redirected-link")]
    result = LinkResult(URL, Verdict(LinkState.BROKEN, 404))
    result.broken_since, result.failures_in_a_row = NOW - DAY, 2
    other = Finding("redirected-link", Severity.WARNING, "README.md", 1, 1, "moved", url=URL)
    local = Finding("broken-anchor", Severity.ERROR, "README.md", 2, 1, "no anchor")
    settings = Config(fail_after=parse_fail_after(3))
    assert tolerance.hold([other, local], rules, [result], settings, True, NOW, print) == [
        other,
        local,
    ]


@pytest.fixture
def readme(tmp_path: Path) -> Path:
    path = tmp_path / "README.md"
    path.write_text("# Links\n\n[site](https://example.org/a)\n", encoding="utf-8")
    isolate_config(tmp_path)
    return path


@pytest.mark.parametrize("value", ["0", "31", "3x", "100d", "-1"])
def test_a_bad_option_is_a_usage_error(run_cli, readme: Path, value: str) -> None:
    result = run_cli(f"--fail-after={value}", "--no-cache", str(readme), cwd=readme.parent)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("roadmap-lint: error: --fail-after: must be ")


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ("fail-after = true", "must be a number of runs such as 3, or a time such as"),
        ("fail-after = 2.5", "must be a number of runs such as 3"),
        ('fail-after = "3x"', "must be a number of runs in a row (3) or a time"),
        ("fail-after = 40", "must be from 1 to 30 runs"),
    ],
)
def test_a_bad_config_value_names_the_file_line_and_key(
    run_cli, readme: Path, toml: str, problem: str
) -> None:
    config = readme.parent / ".roadmap-lint.toml"
    config.write_text(f'select = ["broken-link"]\n\n[links]\n{toml}\n', encoding="utf-8")
    result = run_cli("--no-cache", str(readme), cwd=readme.parent)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"roadmap-lint: error: {config}:4: links.fail-after: {problem}")


def test_the_option_overrides_the_config_file(run_cli, readme: Path) -> None:
    config = readme.parent / ".roadmap-lint.toml"
    config.write_text('[links]\nfail-after = "3d"\n', encoding="utf-8")
    result = run_cli("--offline", "--fail-after", "nonsense", str(readme), cwd=readme.parent)
    assert result.exit_code == 2 and "--fail-after: must be" in result.stderr
    assert run_cli("--offline", str(readme), cwd=readme.parent).exit_code == 0


def test_help_and_unknown_key_name_it(run_cli, readme: Path) -> None:
    assert "--fail-after RUNS|TIME" in run_cli("--help").stdout
    config = readme.parent / ".roadmap-lint.toml"
    config.write_text("[links]\nfail-afterr = 3\n", encoding="utf-8")
    result = run_cli("--offline", str(readme), cwd=readme.parent)
    assert result.exit_code == 2 and "fail-after," in result.stderr


# -- the exit status, against a server on 127.0.0.1 -------------------------------------------


@pytest.fixture
def dead_link(tmp_path: Path) -> Iterable[tuple[Path, str]]:
    with TestServer() as server:  # every path answers 404
        url = server.url("/gone")
        write_readme(tmp_path, url)
        # Nothing beyond 127.0.0.1: the dead link is not looked up in the Internet Archive.
        (tmp_path / ".roadmap-lint.toml").write_text(
            'select = ["broken-link"]\n\n[links.archive]\nenabled = false\n', encoding="utf-8"
        )
        yield tmp_path, url


def lint(run_cli, folder: Path, *args: str) -> tuple[int, dict, str]:
    result = run_cli(
        "--allow-network", "127.0.0.0/8", "--format", "json", "--no-progress", *args, cwd=folder
    )
    return result.exit_code, json.loads(result.stdout), result.stderr


@pytest.mark.network
def test_exit_status_follows_fail_after(run_cli, dead_link: tuple[Path, str]) -> None:
    folder, _ = dead_link
    cache = str(folder / "cache.sqlite3")
    runs = [lint(run_cli, folder, "--cache-path", cache, "--fail-after", "2") for _ in range(3)]
    assert [status for status, _, _ in runs] == [0, 1, 1]
    assert [data["summary"]["errors"] for _, data, _ in runs] == [0, 1, 1]
    assert [data["summary"]["warnings"] for _, data, _ in runs] == [1, 0, 0]
    assert [data["links"][0]["failures_in_a_row"] for _, data, _ in runs] == [1, 2, 3]
    assert (
        "an error from the 2nd run in a row (--fail-after 2)"
        in (runs[0][1]["findings"][0]["message"])
    )
    assert not any("--fail-after" in stderr for _, _, stderr in runs)


@pytest.mark.network
def test_without_the_cache_fail_after_warns_once_and_fails(
    run_cli, dead_link: tuple[Path, str]
) -> None:
    folder, _ = dead_link
    status, data, stderr = lint(run_cli, folder, "--no-cache", "--fail-after", "2")
    assert status == 1
    assert data["links"][0]["failures_in_a_row"] == 0
    assert [line for line in stderr.splitlines() if "--fail-after" in line] == [
        "roadmap-lint: warning: --fail-after needs the cache, which remembers earlier runs, "
        "and this run has none; broken links are errors at once"
    ]
