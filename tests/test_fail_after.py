"""Link history and `--fail-after`, end to end: a series of runs against a server on 127.0.0.1,
one day apart on an injected clock, sharing one cache file."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from roadmap_lint.config.file import parse_config
from roadmap_lint.config.settings import CommandLine, Config, resolve
from roadmap_lint.model import LinkResult, Report, Severity
from roadmap_lint.pipeline import fix_paths, lint_paths
from roadmap_lint.reporters import json as json_reporter
from roadmap_lint.reporters import markdown as markdown_reporter
from roadmap_lint.reporters import text as text_reporter
from roadmap_lint.rules import all_rules

from .servers import Reply, TestServer, html, write_readme

pytestmark = pytest.mark.network

DAY = 86400.0
START = datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc).timestamp()
DEAD, ALIVE = "dead", "alive"
RULES = "broken-link,broken-fragment"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


# No test reaches beyond 127.0.0.1: dead links are not looked up in the Internet Archive.
NO_ARCHIVE = "[links.archive]\nenabled = false\n"


def config(
    folder: Path, cache: Path | None, fail_after: str | None = None, file: str = ""
) -> Config:
    """The settings as the command line gives them, over a config file holding `file`."""
    path = folder / ".roadmap-lint.toml"
    path.write_text(file + NO_ARCHIVE, encoding="utf-8")
    parsed = parse_config(path, {rule.name: rule.options for rule in all_rules()})
    given = CommandLine(
        select=RULES,
        allow_network=("127.0.0.0/8",),
        retries=0,
        timeout=5.0,
        cache=cache is not None,
        cache_path=str(cache) if cache else None,
        fail_after=fail_after,
    )
    known = [(rule.name, rule.code) for rule in all_rules()]
    return resolve(given, parsed, known, "1.0")


@pytest.fixture
def server() -> Iterable[TestServer]:
    with TestServer(
        {
            "/fine": html("<h1>Fine</h1>"),
            "/guide": html('<h1 id="intro">Guide</h1>'),  # no #install on it
        }
    ) as running:
        yield running


def series(
    folder: Path,
    server: TestServer,
    settings: Config,
    days: Iterable[str],
    warnings: list[str] | None = None,
) -> list[Report]:
    """One run a day; on each day /gone is dead or alive as `days` says."""
    clock = Clock()
    readme = write_readme(folder, server.url("/gone"), server.url("/fine"))
    reports = []
    for day in days:
        server.routes["/gone"] = Reply(404) if day == DEAD else html("<h1>Back</h1>")
        sink = warnings if warnings is not None else []
        reports.append(lint_paths([str(readme)], settings, warn=sink.append, clock=clock))
        clock.now += DAY
    return reports


def gone(report: Report, server: TestServer) -> tuple[Severity | None, str, LinkResult]:
    """The severity and message of /gone's finding (None: no finding), and its result."""
    url = server.url("/gone")
    [result] = [link for link in report.links if link.url == url]
    found = [finding for finding in report.findings if finding.url == url]
    if not found:
        return None, "", result
    [finding] = found
    return finding.severity, finding.message, result


def test_fail_after_3_runs_a_warning_twice_then_an_error_and_recovery_resets(
    tmp_path: Path, server: TestServer
) -> None:
    settings = config(tmp_path, tmp_path / "cache.sqlite3", "3")
    reports = series(tmp_path, server, settings, [DEAD, DEAD, DEAD, ALIVE, DEAD])
    seen = [gone(report, server) for report in reports]
    url = server.url("/gone")

    assert seen[0][:2] == (
        Severity.WARNING,
        f"{url} is broken: HTTP 404; newly broken; an error from the 3rd run in a row"
        " (--fail-after 3)",
    )
    assert seen[1][:2] == (
        Severity.WARNING,
        f"{url} is broken: HTTP 404; broken for 2 runs in a row; an error from the 3rd"
        " (--fail-after 3)",
    )
    assert seen[2][:2] == (
        Severity.ERROR,
        f"{url} is broken: HTTP 404; broken for 2 days (3 runs in a row)",
    )
    assert seen[3][0] is None  # alive again
    assert seen[4][0] is Severity.WARNING and "newly broken" in seen[4][1]  # from zero
    assert [report.has_errors for report in reports] == [False, False, True, False, False]
    assert [report.summary.errors for report in reports] == [0, 0, 1, 0, 0]
    assert [(r.failures_in_a_row, r.broken_since) for _, _, r in seen] == [
        (1, START),
        (2, START),
        (3, START),
        (0, None),
        (1, START + 4 * DAY),
    ]


def test_fail_after_2_days_counts_the_time_since_the_first_broken_run(
    tmp_path: Path, server: TestServer
) -> None:
    settings = config(tmp_path, tmp_path / "cache.sqlite3", "2d")
    reports = series(tmp_path, server, settings, [DEAD, DEAD, DEAD, ALIVE])
    seen = [gone(report, server) for report in reports]
    url = server.url("/gone")

    assert seen[0][:2] == (
        Severity.WARNING,
        f"{url} is broken: HTTP 404; newly broken; an error from 2026-11-22 08:00 UTC"
        " (--fail-after 2d)",
    )
    assert seen[1][:2] == (
        Severity.WARNING,
        f"{url} is broken: HTTP 404; broken since 2026-11-20 08:00 UTC (2 runs in a row);"
        " an error from 2026-11-22 08:00 UTC (--fail-after 2d)",
    )
    assert seen[2][0] is Severity.ERROR
    assert seen[3][0] is None
    assert [report.has_errors for report in reports] == [False, False, True, False]


def test_without_fail_after_a_broken_link_is_an_error_at_once_and_says_for_how_long(
    tmp_path: Path, server: TestServer
) -> None:
    settings = config(tmp_path, tmp_path / "cache.sqlite3")
    reports = series(tmp_path, server, settings, [DEAD, DEAD, DEAD])
    url = server.url("/gone")
    assert [gone(report, server)[:2] for report in reports] == [
        (Severity.ERROR, f"{url} is broken: HTTP 404"),  # as before history existed
        (Severity.ERROR, f"{url} is broken: HTTP 404; broken for 1 day (2 runs in a row)"),
        (Severity.ERROR, f"{url} is broken: HTTP 404; broken for 2 days (3 runs in a row)"),
    ]


def test_the_reports_show_the_history(tmp_path: Path, server: TestServer) -> None:
    settings = config(tmp_path, tmp_path / "cache.sqlite3")
    report = series(tmp_path, server, settings, [DEAD, DEAD, DEAD])[-1]
    url = server.url("/gone")

    links = {link["url"]: link for link in json.loads(json_reporter.render(report))["links"]}
    assert links[url]["broken_since"] == "2026-11-20T08:00:00Z"
    assert links[url]["failures_in_a_row"] == 3
    assert links[server.url("/fine")]["broken_since"] is None
    assert links[server.url("/fine")]["failures_in_a_row"] == 0

    text = text_reporter.render(report)
    assert (
        f"error broken-link {url} is broken: HTTP 404; broken for 2 days (3 runs in a row)\n"
        in (text)
    )
    assert "broken for 2 days (3 runs in a row)" in markdown_reporter.render(report)


def test_a_missing_fragment_has_a_history_and_is_held_too(
    tmp_path: Path, server: TestServer
) -> None:
    settings = config(tmp_path, tmp_path / "cache.sqlite3", "2")
    clock = Clock()
    url = server.url("/guide#install")
    readme = write_readme(tmp_path, url)
    seen = []
    for _ in range(2):
        report = lint_paths([str(readme)], settings, clock=clock)
        [finding] = report.findings
        seen.append((finding.rule, finding.severity, report.links[0].failures_in_a_row))
        clock.now += DAY
    assert seen == [
        ("broken-fragment", Severity.WARNING, 1),
        ("broken-fragment", Severity.ERROR, 2),
    ]


def test_a_lower_severity_set_in_the_config_wins(tmp_path: Path, server: TestServer) -> None:
    settings = config(
        tmp_path, tmp_path / "cache.sqlite3", "2", file='[rules]\nbroken-link = "warning"\n'
    )
    reports = series(tmp_path, server, settings, [DEAD, DEAD, DEAD])
    seen = [gone(report, server)[:2] for report in reports]
    assert [severity for severity, _ in seen] == [Severity.WARNING] * 3
    assert "an error from" not in seen[0][1] + seen[2][1]  # it never becomes one
    assert seen[2][1].endswith("; broken for 2 days (3 runs in a row)")


def test_fail_after_from_the_config_file(tmp_path: Path, server: TestServer) -> None:
    settings = config(tmp_path, tmp_path / "cache.sqlite3", file='[links]\nfail-after = "2d"\n')
    reports = series(tmp_path, server, settings, [DEAD, DEAD, DEAD])
    assert [report.has_errors for report in reports] == [False, False, True]
    assert "(--fail-after 2d)" in gone(reports[0], server)[1]


def test_runs_that_cannot_decide_the_link_do_not_count(tmp_path: Path, server: TestServer) -> None:
    settings = config(tmp_path, tmp_path / "cache.sqlite3", "3")
    clock = Clock()
    url = server.url("/gone")
    readme = write_readme(tmp_path, url)
    answers = [Reply(404), Reply(503, {"Retry-After": "3600"}), Reply(404), Reply(404)]
    states = []
    for answer in answers:
        server.routes["/gone"] = answer
        report = lint_paths([str(readme)], settings, clock=clock)
        [result] = report.links
        states.append((result.state.value, result.failures_in_a_row, report.has_errors))
        clock.now += DAY
    assert states == [
        ("broken", 1, False),
        ("unknown", 0, False),  # a 503 with a long Retry-After says nothing of the page
        ("broken", 2, False),
        ("broken", 3, True),
    ]


def test_without_a_cache_fail_after_says_so_once_and_fails_at_once(
    tmp_path: Path, server: TestServer
) -> None:
    warnings: list[str] = []
    settings = config(tmp_path, None, "3")
    [report] = series(tmp_path, server, settings, [DEAD], warnings)
    severity, message, result = gone(report, server)
    assert severity is Severity.ERROR and message.endswith("is broken: HTTP 404")
    assert (result.failures_in_a_row, result.broken_since) == (0, None)
    assert [w for w in warnings if "--fail-after" in w] == [
        "--fail-after needs the cache, which remembers earlier runs, and this run has none;"
        " broken links are errors at once"
    ]


def test_a_cache_that_cannot_be_kept_is_no_history(tmp_path: Path, server: TestServer) -> None:
    warnings: list[str] = []
    settings = config(tmp_path, tmp_path, "3")  # a folder: the run has a cache in memory only
    (tmp_path / "docs").mkdir()
    reports = series(tmp_path / "docs", server, settings, [DEAD, DEAD], warnings)
    assert [report.has_errors for report in reports] == [True, True]
    assert sum("--fail-after needs the cache" in w for w in warnings) == 2  # once a run


def test_offline_runs_record_nothing_and_say_nothing(tmp_path: Path, server: TestServer) -> None:
    warnings: list[str] = []
    cache = tmp_path / "cache.sqlite3"
    offline = resolve(
        CommandLine(offline=True, select=RULES, cache_path=str(cache), fail_after="3"),
        None,
        [(rule.name, rule.code) for rule in all_rules()],
        "1.0",
    )
    series(tmp_path, server, offline, [DEAD], warnings)
    assert warnings == [] and not cache.exists()


@pytest.mark.parametrize("cached", [True, False])
def test_a_fix_run_counts_once_and_warns_once(
    tmp_path: Path, server: TestServer, cached: bool
) -> None:
    server.routes["/old"] = Reply(301, {"Location": server.url("/fine")})
    server.routes["/gone"] = Reply(404)
    readme = write_readme(tmp_path, server.url("/old"), server.url("/gone"))
    settings = dataclasses.replace(
        config(tmp_path, tmp_path / "cache.sqlite3" if cached else None, "3"),
        select=frozenset({"broken-link", "redirected-link"}),
    )
    warnings: list[str] = []
    outcome = fix_paths([str(readme)], settings, write=True, warn=warnings.append)
    assert outcome.fixed_findings == 1  # a second pass linted the fixed text
    assert server.url("/fine") in readme.read_text(encoding="utf-8")
    severity, message, result = gone(outcome.report, server)
    if cached:
        assert (severity, result.failures_in_a_row) == (Severity.WARNING, 1)
        assert "newly broken" in message
    else:
        assert severity is Severity.ERROR
    assert sum("--fail-after" in w for w in warnings) == (0 if cached else 1)
