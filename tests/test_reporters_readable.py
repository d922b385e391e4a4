"""The reports people read lead with what matters: grouped findings, errors first, `--quiet`,
annotations spread over the rules, linked locations, and no silently unchecked links."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path
from typing import Any

import anyio
import pytest

from roadmap_lint import lint_text
from roadmap_lint.config import Config
from roadmap_lint.model import Finding, LinkResult, LinkState, Report, Severity, Summary, Verdict
from roadmap_lint.net.policy import AddressPolicy
from roadmap_lint.net.run import offline_verdict
from roadmap_lint.net.settings import NetSettings
from roadmap_lint.pipeline import lint_paths
from roadmap_lint.pipeline.changes import Scope
from roadmap_lint.reporters import entries, github, markdown, only_errors, summary, text
from roadmap_lint.reporters.summary import Unchecked, describe, unchecked_links
from tests.places import placed

from .test_reporters import annotations_of, commands, finding, parse_command

W, E = Severity.WARNING, Severity.ERROR

# --- fixtures in the style of real awesome lists -------------------------------------------

BADGE = "http://img.shields.io/badge/license-MIT-blue.svg"
GONE = "https://example.com/gone"


def badge(path: str = "README.md", lines: range = range(10, 110, 2)) -> list[Finding]:
    """One http:// badge URL repeated on 50 lines (every other line from 10 to 108)."""
    return [
        finding(
            rule="insecure-url",
            severity=W,
            path=path,
            line=line,
            column=3,
            message=f"image to {BADGE} is not encrypted (http://)",
            target=BADGE,
            suggestion="https://" + BADGE[7:],
            group=BADGE,
        )
        for line in lines
    ]


def garbled(path: str = "docs/guide.md", first: int = 200, count: int = 20) -> list[Finding]:
    """20 lines garbled by one encoding accident, each with its own text."""
    return [
        finding(
            rule="mojibake",
            severity=W,
            path=path,
            line=line,
            column=7,
            message=f'garbled text "donâ€™t {line}" (UTF-8 read as cp1252)',
            group="cp1252",
        )
        for line in range(first, first + count)
    ]


def mixed() -> list[Finding]:
    """Errors and warnings from five rules in two files."""
    broken = [
        finding(
            rule="broken-link",
            path="README.md",
            line=line,
            column=5,
            message=f"{GONE} is broken: HTTP 404",
            target=GONE,
            url=GONE,
            group=GONE,
        )
        for line in (40, 90)
    ]
    toc = [
        finding(
            rule="toc-text-mismatch",
            severity=W,
            line=line,
            column=3,
            message=f"entry {line} differs from its heading",
        )
        for line in (5, 6)
    ]
    anchor = finding(line=120, column=5, message="anchor #instalation does not exist")
    return [*badge(), *broken, *toc, anchor, *garbled()]


def report_of(
    findings: list[Finding], links: list[LinkResult] | None = None, warnings: int | None = None
) -> Report:
    """A report as the engine makes it: findings sorted, every one of them counted."""
    errors = sum(1 for f in findings if f.severity is E)
    summary = Summary(
        files=len({f.path for f in findings}) or 1,
        links=80,
        errors=errors,
        warnings=len(findings) - errors if warnings is None else warnings,
        duration_s=0.5,
    )
    return Report(sorted(findings, key=Finding.sort_key), links or [], summary)


def link(url: str, state: LinkState, error: str | None) -> LinkResult:
    return LinkResult(url, Verdict(state, error=error))


def verdict_link(url: str, settings: NetSettings | None = None) -> LinkResult:
    """The LinkResult the network stage gives a URL it never requests (net/run.py's text)."""
    verdict = offline_verdict(url, settings or NetSettings())
    assert verdict is not None
    return link(url, verdict.state, verdict.error)


# --- grouping -------------------------------------------------------------------------------


def test_one_url_on_50_lines_is_one_text_entry() -> None:
    output = text.render(report_of(badge()))
    assert output.splitlines()[0] == (
        f"README.md:10:3: warning insecure-url image to {BADGE} is not encrypted (http://) "
        f"(suggestion: https://{BADGE[7:]}) "
        "[also on 49 more lines: 12, 14, 16, 18, 20, 22, 24, 26, 28, 30 … and 39 more]"
    )
    assert output.splitlines()[1] == "0 errors, 50 warnings in 1 file, 80 links (0.50s)"
    assert output.splitlines()[2] == "by rule: 50 insecure-url"
    assert len(output.splitlines()) == 3


@pytest.mark.parametrize(
    ("lines", "suffix"),
    [
        ([7], ""),
        ([7, 7], ""),  # twice on its own line: nothing more to say
        ([7, 15], " [also on line 15]"),
        ([7, 15, 19], " [also on 2 more lines: 15, 19]"),
        (list(range(7, 18)), " [also on 10 more lines: 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]"),
        (
            list(range(7, 19)),
            " [also on 11 more lines: 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 … and 1 more]",
        ),
    ],
)
def test_the_other_lines_are_listed_then_cut(lines: list[int], suffix: str) -> None:
    findings = [finding(line=line, column=i + 1, group="#nowhere") for i, line in enumerate(lines)]
    first = text.render(report_of(findings)).splitlines()[0]
    assert first == f"README.md:7:1: error broken-anchor anchor #nowhere does not exist{suffix}"


def test_groups_are_per_file_rule_and_group() -> None:
    findings = [
        finding(line=1, group="x"),
        finding(line=2, group="x"),
        finding(line=3, group="y"),  # another cause
        finding(line=4, rule="missing-file", group="x"),  # another rule
        finding(path="b.md", line=5, group="x"),  # another file
        finding(line=6),  # no group: never merged
        finding(line=7),
    ]
    items = entries.entries(findings)
    assert [(e.first.path, e.first.line, [f.line for f in e.findings]) for e in items] == [
        ("README.md", 1, [1, 2]),
        ("README.md", 3, [3]),
        ("README.md", 4, [4]),
        ("b.md", 5, [5]),
        ("README.md", 6, [6]),
        ("README.md", 7, [7]),
    ]


def test_json_and_sarif_keep_one_finding_per_place() -> None:
    from roadmap_lint.reporters import json as json_reporter
    from roadmap_lint.reporters import sarif

    report = report_of(badge())
    assert len(json.loads(json_reporter.render(report))["findings"]) == 50
    assert len(sarif.to_data(report)["runs"][0]["results"]) == 50


# --- the text format ------------------------------------------------------------------------


def test_text_errors_first_then_warnings_then_the_counts_per_rule() -> None:
    assert text.render(report_of(mixed())).splitlines() == [
        f"README.md:40:5: error broken-link {GONE} is broken: HTTP 404 [also on line 90]",
        "README.md:120:5: error broken-anchor anchor #instalation does not exist",
        "README.md:5:3: warning toc-text-mismatch entry 5 differs from its heading",
        "README.md:6:3: warning toc-text-mismatch entry 6 differs from its heading",
        f"README.md:10:3: warning insecure-url image to {BADGE} is not encrypted (http://) "
        f"(suggestion: https://{BADGE[7:]}) "
        "[also on 49 more lines: 12, 14, 16, 18, 20, 22, 24, 26, 28, 30 … and 39 more]",
        'docs/guide.md:200:7: warning mojibake garbled text "donâ€™t 200" (UTF-8 read as cp1252) '
        "[also on 19 more lines: 201, 202, 203, 204, 205, 206, 207, 208, 209, 210 … and 9 more]",
        "3 errors, 72 warnings in 2 files, 80 links (0.50s)",
        "by rule: 2 broken-link, 1 broken-anchor, 50 insecure-url, 20 mojibake, 2 toc-text-mismatch",
    ]


def test_rule_counts_errors_rules_first_then_by_count_then_name() -> None:
    findings = [
        *[finding(rule="mojibake", severity=W, line=i) for i in range(161)],
        *[finding(rule="toc-text-mismatch", severity=W, line=i) for i in range(8)],
        *[finding(rule="toc-order", severity=W, line=i) for i in range(8)],
        *[finding(line=i) for i in range(2)],
    ]
    assert summary.rule_counts(findings) == (
        "2 broken-anchor, 161 mojibake, 8 toc-order, 8 toc-text-mismatch"
    )


def test_text_colour_as_before_and_the_lines_uncoloured() -> None:
    output = text.render(
        report_of([finding(line=3, group="g"), finding(line=9, group="g")]), colour=True
    )
    assert output.splitlines()[0] == (
        "\033[1mREADME.md:3:1:\033[0m \033[1;31merror\033[0m \033[2mbroken-anchor\033[0m "
        "anchor #nowhere does not exist [also on line 9]"
    )
    assert "\033[" not in "".join(output.splitlines()[1:])


def test_a_clean_report_has_no_rule_line() -> None:
    assert text.render(Report()) == "0 errors, 0 warnings in 0 files, 0 links (0.00s)\n"


# --- --quiet --------------------------------------------------------------------------------


def test_only_errors_is_a_pure_filter() -> None:
    links = [link("https://example.org/", LinkState.OK, None)]
    report = report_of(mixed(), links)
    quiet = only_errors(report)
    assert [f.rule for f in quiet.findings] == ["broken-link", "broken-link", "broken-anchor"]
    assert quiet.summary is report.summary and quiet.links is report.links
    assert len(report.findings) == 75  # the report itself is left as it was
    assert quiet.has_errors


def test_quiet_text_says_how_many_warnings_it_left_out() -> None:
    assert text.render(only_errors(report_of(mixed()))).splitlines() == [
        f"README.md:40:5: error broken-link {GONE} is broken: HTTP 404 [also on line 90]",
        "README.md:120:5: error broken-anchor anchor #instalation does not exist",
        "3 errors, 72 warnings in 2 files, 80 links (0.50s)",
        "by rule: 2 broken-link, 1 broken-anchor",
        "72 warnings not shown (--quiet)",
    ]


def test_quiet_markdown_and_github_with_warnings_only() -> None:
    report = only_errors(report_of(garbled()))
    output = markdown.render(report)
    assert "No errors: 0 errors, 20 warnings in 1 file, 80 links (0.50s)\n\n" in output
    assert "- 20 warnings not shown (--quiet)\n" in output
    assert "No problems found" not in output
    lines = github.render(report).splitlines()
    assert lines == [
        "roadmap-lint: 0 errors, 20 warnings in 1 file, 80 links (0.50s)",
        "roadmap-lint: 20 warnings not shown (--quiet)",
    ]


# --- --format github ------------------------------------------------------------------------


def _spread_report() -> Report:
    findings = [
        *[finding(path="a.md", line=i, rule="anchor-case", severity=W) for i in range(1, 13)],
        *[finding(path="b.md", line=i, rule="toc-order", severity=W) for i in range(1, 4)],
        *[finding(path="c.md", line=i, rule="bare-url", severity=W) for i in range(1, 4)],
        finding(path="c.md", line=4, rule="empty-link-text", severity=W),
        *[finding(path="z.md", line=i) for i in range(1, 13)],
    ]
    return report_of(findings)


def test_github_spreads_the_warnings_over_the_rules() -> None:
    output = github.render(_spread_report())
    shown = [(name, p["file"], p["line"]) for name, p, _ in annotations_of(output)]
    assert [s for s in shown if s[0] == "warning"] == [
        ("warning", "a.md", "1"),
        ("warning", "a.md", "2"),
        ("warning", "a.md", "3"),
        ("warning", "b.md", "1"),
        ("warning", "b.md", "2"),
        ("warning", "b.md", "3"),
        ("warning", "c.md", "1"),
        ("warning", "c.md", "2"),
        ("warning", "c.md", "3"),
        ("warning", "c.md", "4"),
    ]
    assert [s[2] for s in shown if s[0] == "error"] == [str(i) for i in range(1, 11)]
    [(_, _, notice)] = [c for c in commands(output) if c[0] == "notice"]
    assert notice.startswith("2 errors and 9 warnings more not annotated")
    plain = [line for line in output.splitlines() if parse_command(line) is None]
    assert "  warning a.md:4:1 anchor-case: anchor #nowhere does not exist" in plain


def test_round_robin_takes_one_of_each_rule_in_turn() -> None:
    rules = ["a", "a", "a", "b", "c", "c", "b", "a"]
    assert github.round_robin(range(8), rules, 5) == [0, 3, 4, 1, 6]
    assert github.round_robin(range(8), rules, 0) == []
    assert github.round_robin(range(8), rules, 99) == [0, 3, 4, 1, 6, 5, 2, 7]


def test_github_a_group_is_one_annotation_listing_its_lines() -> None:
    report = report_of([*badge(), *garbled()])
    output = github.render(report)
    annotations = annotations_of(output)
    assert [(p["file"], p["line"]) for _, p, _ in annotations] == [
        ("README.md", "10"),
        ("docs/guide.md", "200"),
    ]
    assert annotations[0][2].endswith(
        "[also on 49 more lines: 12, 14, 16, 18, 20, 22, 24, 26, 28, 30 … and 39 more]"
    )
    assert not [c for c in commands(output) if c[0] == "notice"]
    assert (
        output.splitlines()[-1]
        == "roadmap-lint: 0 errors, 70 warnings in 2 files, 80 links (0.50s)"
    )


def test_github_notice_counts_the_places_of_groups_left_out() -> None:
    findings = [
        *[finding(path="a.md", line=i, rule="anchor-case", severity=W) for i in range(1, 11)],
        *garbled(path="b.md"),
    ]
    output = github.render(report_of(findings))
    assert len(annotations_of(output)) == 10
    assert ("b.md", "200") in [(p["file"], p["line"]) for _, p, _ in annotations_of(output)]
    [(_, _, notice)] = [c for c in commands(output) if c[0] == "notice"]
    assert notice.startswith("1 warning more not annotated")  # a.md:10, as anchor-case's 10th


# --- --format markdown ----------------------------------------------------------------------

GITHUB_ENV = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "octo/awesome",
    "GITHUB_SHA": "0123abc",
}


def _rows(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.match(r"\| \[?[\w./ é-]+:\d+:\d+", line)]


def test_markdown_links_each_location_to_its_line_on_github() -> None:
    report = report_of([finding(path="docs/road map é.md", line=5)])
    output = markdown.render(report, env=GITHUB_ENV)
    assert _rows(output) == [
        "| [docs/road map é.md:5:1](https://github.com/octo/awesome/blob/0123abc/"
        "docs/road%20map%20%C3%A9.md#L5) | error | `broken-anchor` | anchor #nowhere does not exist |"
    ]


def test_markdown_relative_links_outside_github_actions() -> None:
    report = report_of([finding(path="docs/road map é.md", line=5)])
    for env in (None, {}, {**GITHUB_ENV, "GITHUB_SHA": ""}):
        [row] = _rows(markdown.render(report, env=env))
        assert row.startswith("| [docs/road map é.md:5:1](docs/road%20map%20%C3%A9.md#L5) |")


def test_markdown_github_links_use_the_repository_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\n[x](#nowhere)\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "docs")
    [inside] = lint_paths(["guide.md"], Config(offline=True)).findings
    assert inside.repo_path == "docs/guide.md"
    report = report_of([inside, finding(path="/elsewhere/x.md")])
    output = markdown.render(report, env=GITHUB_ENV)
    assert (
        "| [guide.md:3:1](https://github.com/octo/awesome/blob/0123abc/docs/guide.md#L3) | error |"
        in output
    )
    # A file outside the repository has no page on github.com: its location is not a link.
    assert "| /elsewhere/x.md:3:1 | error |" in output


def test_markdown_a_group_is_one_row_and_errors_come_first() -> None:
    output = markdown.render(report_of(mixed()))
    rows = _rows(output)
    assert [row.split(" | ")[2] for row in rows] == [
        "`broken-link`",
        "`broken-anchor`",
        "`toc-text-mismatch`",
        "`toc-text-mismatch`",
        "`insecure-url`",
        "`mojibake`",
    ]
    assert rows[0].endswith(f"| {GONE} is broken: HTTP 404 \\[also on line 90\\] |")
    assert "<details><summary>All 75 findings</summary>" in output
    assert "| `insecure-url` | RL403 | warning | 50 |" in output  # counts stay per place
    assert "Truncated" not in output  # a grouped row covers all its places


def test_markdown_truncation_counts_the_places_of_the_rows_left_out() -> None:
    report = report_of([*[finding(line=i, message="é" * 300) for i in range(1, 30)], *badge()])
    output = markdown.render(report, max_bytes=6_000)
    shown = len(_rows(output))
    assert 0 < shown < 29
    [note] = [line for line in output.splitlines() if line.startswith("*Truncated")]
    assert f": {79 - shown} of 79 findings not listed" in note


def _sections_text(count: int) -> str:
    return "".join(f"## Section {i}\n\ntext\n\n" for i in range(1, count + 1))


def test_markdown_lists_the_ten_busiest_sections_then_the_rest() -> None:
    texts = {"README.md": _sections_text(13)}
    findings = [
        finding(line=4 * (i - 1) + 3, column=k + 1, rule="anchor-case", severity=W)
        for i in range(1, 14)
        for k in range(i)  # section i has i findings
    ]
    findings.append(finding(line=3 + 4 * 5))  # an error in Section 6: 7 findings, as Section 7
    output = markdown.render(placed(report_of(findings), texts))
    rows = [line for line in output.splitlines() if line.startswith(("| README.md |", "| … |"))]
    assert [row.split(" | ")[1] for row in rows] == [
        *[f"Section {i} (line {4 * i - 3})" for i in (13, 12, 11, 10, 9, 8, 6, 7, 5, 4)],
        "3 more sections",
    ]
    assert rows[0] == "| README.md | Section 13 (line 49) | 0 | 13 | `anchor-case` 13 |"
    assert rows[6] == (
        "| README.md | Section 6 (line 21) | 1 | 6 | `anchor-case` 6, `broken-anchor` 1 |"
    )
    assert rows[10] == "| … | 3 more sections | 0 | 6 | `anchor-case` 6 |"
    assert "<details><summary>All 92 findings</summary>" in output


def test_markdown_sections_with_as_many_findings_errors_first_then_in_order() -> None:
    texts = {"README.md": _sections_text(4)}
    findings = [finding(line=line, rule="anchor-case", severity=W) for line in (3, 7, 15)]
    findings.append(finding(line=11))
    output = markdown.render(placed(report_of(findings), texts))
    rows = [line for line in output.splitlines() if line.startswith("| README.md |")]
    assert [row.split(" | ")[1] for row in rows] == [
        "Section 3 (line 9)",
        "Section 1 (line 1)",
        "Section 2 (line 5)",
        "Section 4 (line 13)",
    ]
    assert "more section" not in output


# --- links that were not checked ------------------------------------------------------------


def _every_kind_of_link() -> list[LinkResult]:
    offline = lint_text("[a](https://example.org/a) <mailto:team@example.org>\n", "a.md").links
    assert {(r.state, r.error) for r in offline} == {(LinkState.EXCLUDED, "offline")}
    private = "private address 10.1.2.3 refused (allow it with --allow-network)"
    assert AddressPolicy().refusal("10.1.2.3") == private
    assert AddressPolicy().refusal("127.0.0.1") is not None
    internal = NetSettings(excludes=(re.compile(r"^https://intra\."),))
    return [
        *offline,
        link("http://10.1.2.3/", LinkState.EXCLUDED, private),
        link("http://127.0.0.1/", LinkState.EXCLUDED, AddressPolicy().refusal("127.0.0.1")),
        verdict_link("https://intra.example/wiki", internal),
        verdict_link("tel:+15550100"),
        verdict_link("ftp://ftp.example.org/pub/x.tar.gz"),
        verdict_link("tel:+15550199"),
        verdict_link("mailto:team@example.org"),  # checked for syntax: not listed
        link("https://unchanged.example/", LinkState.EXCLUDED, Scope("origin/main", {}).reason),
        link("https://far.example/", LinkState.UNKNOWN, summary.NO_NETWORK_ERROR),
        link("https://odd.example/", LinkState.UNKNOWN, "HTTP 300"),
        link("https://odd.example/2", LinkState.UNKNOWN, "connection reset:\nby peer"),
        link("https://odd.example/3", LinkState.UNKNOWN, "HTTP 300"),
        link("https://unix.example/", LinkState.EXCLUDED, "unix sockets are not used"),
        link("https://ok.example/", LinkState.OK, None),
        link("https://dead.example/", LinkState.BROKEN, "HTTP 404"),
        link("https://moved.example/", LinkState.REDIRECTED, None),
        link("https://walled.example/", LinkState.BLOCKED, "HTTP 403: refuses automated clients"),
    ]


def test_unchecked_links_counted_per_reason() -> None:
    assert verdict_link("mailto:team@example.org").state is LinkState.EXCLUDED
    assert unchecked_links(_every_kind_of_link()) == [
        Unchecked("offline", 2),
        Unchecked("no-network", 1),
        Unchecked("private", 2),
        Unchecked("unchanged", 1, ("origin/main",)),
        Unchecked("exclude", 1),
        Unchecked("scheme", 3, ("tel", "ftp")),
        Unchecked("undecided", 3, ("HTTP 300", "connection reset:\nby peer")),
        Unchecked("other", 1, ("unix sockets are not used",)),
    ]
    assert unchecked_links([link("https://ok.example/", LinkState.OK, None)]) == []


def test_each_reason_has_its_sentence_and_hint() -> None:
    assert [describe(item) for item in unchecked_links(_every_kind_of_link())] == [
        "--offline: 2 external URLs not checked",
        "no network: 1 external URL not checked; use --offline to skip external links",
        "2 external URLs not checked: private or loopback address refused; "
        "use --allow-network CIDR to check them",
        "1 external URL not checked: unchanged since origin/main (--changed-since)",
        "1 external URL not checked: excluded by --exclude or the config's [links] exclude",
        "3 external URLs not checked: tel:, ftp: links are not requested "
        "(only http, https and mailto are)",
        "3 external URLs not decided: HTTP 300; connection reset: by peer",
        "1 external URL not checked: unix sockets are not used",
    ]


def test_long_errors_are_cut() -> None:
    [item] = unchecked_links([link("https://x.example/", LinkState.UNKNOWN, "x" * 200)])
    assert describe(item) == f"1 external URL not decided: {'x' * 79}…"


def test_unchecked_links_in_every_readable_format() -> None:
    links = [
        link("https://a.example/", LinkState.EXCLUDED, "offline"),
        link("https://b.example/", LinkState.EXCLUDED, "offline"),
    ]
    clean = report_of([], links)
    assert text.render(clean).splitlines()[-1] == "--offline: 2 external URLs not checked"
    assert "No problems found: 0 errors, 0 warnings" in markdown.render(clean)
    assert "\n- --offline: 2 external URLs not checked\n" in markdown.render(clean)
    report = report_of(mixed(), links)
    assert text.render(report).splitlines()[-1] == "--offline: 2 external URLs not checked"
    output = markdown.render(report)
    assert output.index("- --offline: 2 external URLs not checked") < output.index("### Findings")
    assert github.render(report).splitlines()[-1] == (
        "roadmap-lint: --offline: 2 external URLs not checked"
    )


def test_markdown_notes_are_escaped() -> None:
    links = [link("https://a.example/", LinkState.UNKNOWN, "odd | *answer* <b>")]
    output = markdown.render(report_of([], links))
    assert "\n- 1 external URL not decided: odd \\| \\*answer\\* \\<b>\n" in output


# --- the command line -----------------------------------------------------------------------

BROKEN = "# Guide\n\n## Tools\n\n[x](#nowhere)\n\n[y](#Guide)\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".roadmap-lint.toml").write_text("offline = false\n", encoding="utf-8")
    (tmp_path / "README.md").write_text(BROKEN, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_cli_quiet_text(run_cli: Any, folder: Path, flag: str) -> None:
    result = run_cli("--offline", flag, "README.md", cwd=folder)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "README.md:5:1: error broken-anchor anchor #nowhere does not exist",
        result.stdout.splitlines()[1],
        "by rule: 1 broken-anchor",
        "1 warning not shown (--quiet)",
    ]
    assert result.stdout.splitlines()[1].startswith("1 error, 1 warning in 1 file, 2 links (")


def test_cli_quiet_every_format_and_report(run_cli: Any, folder: Path) -> None:
    result = run_cli(
        "--offline",
        "-q",
        "--format",
        "json",
        "--report",
        "sarif=out.sarif",
        "README.md",
        cwd=folder,
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [f["rule"] for f in data["findings"]] == ["broken-anchor"]
    assert data["summary"]["warnings"] == 1  # the run's count, for the action's outputs
    sarif = json.loads((folder / "out.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["RL101"]
    github_output = run_cli("--offline", "-q", "--format", "github", "README.md", cwd=folder)
    assert [name for name, _, _ in annotations_of(github_output.stdout)] == ["error"]


def test_cli_quiet_with_warnings_only_exits_0(run_cli: Any, folder: Path) -> None:
    (folder / "README.md").write_text("# Guide\n\n[y](#Guide)\n", encoding="utf-8")
    result = run_cli("--offline", "--quiet", "README.md", cwd=folder)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("0 errors, 1 warning in 1 file")
    assert lines[1:] == ["1 warning not shown (--quiet)"]


def test_cli_markdown_links_to_github_from_the_environment(run_cli: Any, folder: Path) -> None:
    result = run_cli("--offline", "--format", "markdown", "README.md", cwd=folder, env=GITHUB_ENV)
    assert (
        "| [README.md:5:1](https://github.com/octo/awesome/blob/0123abc/README.md#L5) | error |"
        in result.stdout
    )
    local = run_cli("--offline", "--format", "markdown", "README.md", cwd=folder)
    assert "| [README.md:5:1](README.md#L5) | error |" in local.stdout


def test_cli_offline_says_what_was_not_checked(run_cli: Any, folder: Path) -> None:
    (folder / "README.md").write_text(
        "# Guide\n\n- [a](https://example.org/a)\n- [b](https://example.org/b)\n"
        "- <mailto:team@example.org>\n",
        encoding="utf-8",
    )
    result = run_cli("--offline", "README.md", cwd=folder)
    assert result.stdout.splitlines()[-1] == "--offline: 3 external URLs not checked"


def test_cli_refused_excluded_and_other_schemes_are_named(run_cli: Any, folder: Path) -> None:
    """Nothing here reaches the network: loopback is refused before any connection."""
    (folder / "README.md").write_text(
        "# Guide\n\n- [local](http://127.0.0.1:9/status)\n- [intranet](https://intra.example/)\n"
        "- [call](tel:+15550100)\n- <mailto:team@example.org>\n",
        encoding="utf-8",
    )
    result = run_cli(
        "--no-cache", "--no-progress", "--exclude", "^https://intra", "README.md", cwd=folder
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    assert [line for line in result.stdout.splitlines() if "not checked" in line] == [
        "1 external URL not checked: private or loopback address refused; "
        "use --allow-network CIDR to check them",
        "1 external URL not checked: excluded by --exclude or the config's [links] exclude",
        "1 external URL not checked: tel: links are not requested (only http, https and mailto are)",
    ]


@pytest.fixture
def no_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every name fails to resolve, as on a machine without network."""

    async def getaddrinfo(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(anyio, "getaddrinfo", getaddrinfo)


@pytest.mark.usefixtures("no_dns")
def test_cli_without_network_says_so_with_the_hint(run_cli: Any, folder: Path) -> None:
    (folder / "README.md").write_text(
        "# Guide\n\n- [a](https://nowhere.invalid/a)\n- [b](https://also.invalid/b)\n",
        encoding="utf-8",
    )
    result = run_cli("--no-cache", "--no-progress", "README.md", cwd=folder)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == (
        "no network: 2 external URLs not checked; use --offline to skip external links"
    )
