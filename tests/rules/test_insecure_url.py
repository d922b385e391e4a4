"""RL403 insecure-url: an `http://` link whose `https://` form is verified online; named: every
`http://` link.

Offline nothing can be verified, so a default run reports nothing; the verdicts of an online
run are given here as the network stage would give them (nothing is requested). The probe
of the `https://` form that `--fix` makes is tested in tests/test_fix_online.py.
"""

from __future__ import annotations

from roadmap_lint.model import Edit, LinkState, Severity, Verdict

from .helpers import check, check_named, fixed, lint

RULE = "insecure-url"
URL = "http://haikufactory.com/files/bayopt.pdf"
SECURE = "https" + URL[4:]

# The rule's documented examples: online, the server answers 301 to the https:// form.
FAILS = f"- [Bayesian Optimization notes]({URL})\n"
PASSES = f"- [Bayesian Optimization notes]({SECURE})\n- [Local dashboard](http://localhost:8888/)\n"
UPGRADED = {URL: Verdict(LinkState.REDIRECTED, http_status=301, final_url=SECURE)}
ALIVE = {URL: Verdict(LinkState.OK, http_status=200)}


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(1, 3)], verdicts=UPGRADED)
    assert finding.severity is Severity.WARNING
    assert finding.suggestion == SECURE
    assert fixed(FAILS, [finding]) == FAILS.replace(URL, SECURE)


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [], verdicts={SECURE: Verdict(LinkState.OK, http_status=200)})
    check_named(PASSES, RULE, [])


INSECURE = (
    "- [Bayesian Optimization](http://haikufactory.com/files/bayopt.pdf)\n"
    "- ![chart](HTTP://charts.example.net.au/c.png)\n"
    "- [secure](https://haikufactory.com/)\n"
)


def test_insecure_url_reports_nothing_it_cannot_verify_by_default() -> None:
    # Offline no https:// form can be verified: a default run has nothing to act on.
    check(INSECURE, RULE, [])


def test_insecure_url_named_lists_every_http_link_without_a_suggestion() -> None:
    found = check_named(INSECURE, RULE, [(1, 3), (2, 3)])
    assert all(f.suggestion is None and f.fix == () for f in found)


def test_insecure_url_is_kept_only_when_verified_online() -> None:
    text = f"# Papers\n\n## Optimisation\n- [Bayesian Optimization]({URL})\n"
    found = lint(text, verdicts=UPGRADED)
    [finding] = found  # one cause, one finding: the upgrade, not also the redirect
    assert finding.rule == "insecure-url"
    assert finding.fix == (Edit(4, 3, URL, SECURE),)
    assert "serves the same page" in finding.message


def test_unverified_insecure_url_is_dropped_unless_named() -> None:
    text = f"# Papers\n\n## Optimisation\n- [Bayesian Optimization]({URL})\n"
    check(text, RULE, [], verdicts=ALIVE)
    [kept] = check_named(text, RULE, [(4, 3)], verdicts=ALIVE)
    assert kept.suggestion is None and kept.fix == ()


def test_a_redirect_elsewhere_is_not_a_verified_upgrade() -> None:
    moved = {URL: Verdict(LinkState.REDIRECTED, 301, final_url="https://elsewhere.example.net/")}
    check(FAILS, RULE, [], verdicts=moved)
    assert [f.rule for f in lint(FAILS, verdicts=moved)] == ["redirected-link"]


def test_insecure_url_ignores_local_private_and_example_hosts() -> None:
    text = (
        "[a](http://localhost:8888/) [b](http://127.0.0.1/) [c](http://192.168.1.10/)\n"
        "[d](http://printer.local/) [e](http://intranet/) [f](http://example.com/)\n"
        "[g](http://[::1]:8000/)\n"
    )
    check_named(text, RULE, [])


def test_insecure_url_reports_a_reference_at_its_definition() -> None:
    text = "Read [the paper][p] and [again][p].\n\n[p]: http://papers.example-journal.org/1.pdf\n"
    check_named(text, RULE, [(3, 1)])


# -- options and inline control ---------------------------------------------------------------


def test_insecure_url_allow_hosts_option() -> None:
    text = "[a](http://old.example-site.org/x)\n"
    check_named(text, RULE, [(1, 1)])
    check_named(text, RULE, [], allow_hosts=["old.example-site.org"])


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(1, 3)], verdicts=UPGRADED, severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], verdicts=UPGRADED, severity="off")


def test_disabled_on_the_next_line() -> None:
    text = f"<!-- roadmap-lint-disable-next-line insecure-url -->\n{FAILS}{FAILS}"
    check(text, RULE, [(3, 3)], verdicts=UPGRADED)
