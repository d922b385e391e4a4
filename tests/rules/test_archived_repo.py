"""RL305 archived-repo: a link into a GitHub repository that its owners have archived.

Verdicts are given as the GitHub lane gives them (alive, reason `archived`); nothing is
requested. tests/test_net_github_integration.py runs the command against a stand-in API.
"""

from __future__ import annotations

from roadmap_lint.model import LinkState, Severity, Verdict

from .helpers import check, lint, run

RULE = "archived-repo"
URL = "https://github.com/example/oldtool"

# The rule's documented examples: the same link, archived or not.
FAILS = f"- [oldtool]({URL}) - A tool.\n"
ARCHIVED = Verdict(LinkState.OK, reason="archived")


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(1, 3)], verdicts={URL: ARCHIVED})
    assert finding.severity is Severity.WARNING
    assert finding.message == f"{URL} is a repository archived by its owners"
    assert finding.url == URL and finding.fix == ()


def test_documented_passing_example() -> None:
    check(FAILS, RULE, [], verdicts={URL: Verdict(LinkState.OK)})


def test_an_archived_repository_is_a_warning_and_never_fails_the_run() -> None:
    report = run(FAILS, verdicts={URL: ARCHIVED})
    assert [f.rule for f in report.findings] == [RULE]
    assert not report.has_errors


def test_archived_and_renamed_is_reported_by_both_rules() -> None:
    moved = Verdict(
        LinkState.REDIRECTED, final_url="https://github.com/example/newtool", reason="archived"
    )
    found = lint(FAILS, RULE, "redirected-link", verdicts={URL: moved})
    assert sorted(f.rule for f in found) == ["archived-repo", "redirected-link"]


def test_only_live_links_count() -> None:
    # A broken link is broken-link's to report, whatever its reason says.
    gone = Verdict(LinkState.BROKEN, reason="archived")
    check(FAILS, RULE, [], verdicts={URL: gone})


def test_every_place_is_reported() -> None:
    text = FAILS + f"\nSee [it]({URL}) again.\n"
    check(text, RULE, [(1, 3), (3, 5)], verdicts={URL: ARCHIVED})


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(1, 3)], verdicts={URL: ARCHIVED}, severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], verdicts={URL: ARCHIVED}, severity="off")


def test_disabled_on_the_next_line_by_code() -> None:
    text = "<!-- roadmap-lint-disable-next-line RL305 -->\n" + FAILS
    check(text, RULE, [], verdicts={URL: ARCHIVED})
