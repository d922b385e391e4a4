"""RL306 suspect-link: a deep link that ends on its site's home page, while the site answers
an address that cannot exist otherwise (404, another page, nothing).

Verdicts are given as the network stage would give them (state `ok` or `redirected`, reason
`home-redirect`); nothing is requested. The network side is tested in tests/test_net_rot.py,
the whole command in tests/test_net_rot_integration.py.
"""

from __future__ import annotations

from roadmap_lint.model import LinkState, Severity, Verdict

from .helpers import check, lint, run

RULE = "suspect-link"
URL = "https://example.org/docs/old-guide"
HOME = "https://example.org/"

# The rule's documented examples.
FAILS = f"- [Old guide]({URL}) - How it was done.\n"
PASSES = "- [Guide](https://example.org/docs/guide) - How it is done.\n"
SENT_HOME = Verdict(
    LinkState.REDIRECTED,
    http_status=200,
    final_url=HOME,
    error=f"redirected to the site's home page {HOME}: the page may have been removed",
    reason="home-redirect",
)


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(1, 3)], verdicts={URL: SENT_HOME})
    assert finding.severity is Severity.WARNING
    assert finding.message == (
        f"{URL} may be gone: redirected to the site's home page {HOME}: the page may have "
        "been removed"
    )
    assert finding.fix == ()  # never rewritten to a home page


def test_documented_passing_example() -> None:
    url = "https://example.org/docs/guide"
    check(PASSES, RULE, [], verdicts={url: Verdict(LinkState.OK, http_status=200)})


def test_a_temporary_redirect_home_is_suspect_too() -> None:
    temporary = Verdict(LinkState.OK, 200, error="redirected home", reason="home-redirect")
    check(FAILS, RULE, [(1, 3)], verdicts={URL: temporary})


def test_redirected_link_does_not_report_it_again() -> None:
    report = run(FAILS, verdicts={URL: SENT_HOME})
    assert [f.rule for f in report.findings] == [RULE]
    assert not report.has_errors  # a warning: the run passes
    moved = Verdict(LinkState.REDIRECTED, 301, final_url=HOME)  # no suspicion (soft-404 off)
    assert [f.rule for f in run(FAILS, verdicts={URL: moved}).findings] == ["redirected-link"]


def test_a_link_known_to_be_gone_is_broken_link_not_this() -> None:
    gone = Verdict(
        LinkState.BROKEN,
        200,
        error="redirected home, as every unknown address",
        reason="home-redirect",
    )
    check(FAILS, RULE, [], verdicts={URL: gone})
    assert [f.rule for f in lint(FAILS, verdicts={URL: gone})] == ["broken-link"]


def test_other_reasons_are_not_suspect() -> None:
    for verdict in (
        Verdict(LinkState.OK, 200, reason="archived"),
        Verdict(LinkState.UNKNOWN, 200, error="scripts", reason="built-by-script"),
        Verdict(LinkState.BROKEN, 200, error="soft 404", reason="soft-404"),
    ):
        check(FAILS, RULE, [], verdicts={URL: verdict})


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(1, 3)], verdicts={URL: SENT_HOME}, severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], verdicts={URL: SENT_HOME}, severity="off")


def test_disabled_for_the_next_line() -> None:
    text = "<!-- roadmap-lint-disable-next-line suspect-link -->\n" + FAILS
    check(text, RULE, [], verdicts={URL: SENT_HOME})
