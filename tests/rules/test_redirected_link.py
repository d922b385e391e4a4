"""RL303 redirected-link: an external URL permanently redirected; suggests the target.

Verdicts are given as the network stage would give them (301 and 308 chains are
`redirected`, temporary redirects `ok`); nothing is requested.
"""

from __future__ import annotations

import pytest

from roadmap_lint.model import Edit, LinkState, Severity, Verdict

from .helpers import check, fixed, lint

RULE = "redirected-link"

# The rule's documented examples.
FAILS = "- [docs](http://example.org/docs) - The docs.\n"
PASSES = "- [docs](https://example.org/docs/) - The docs.\n"
MOVED = Verdict(LinkState.REDIRECTED, http_status=301, final_url="https://example.org/docs/")


def moved(target: str) -> Verdict:
    return Verdict(LinkState.REDIRECTED, http_status=308, final_url=target)


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(1, 3)], verdicts={"http://example.org/docs": MOVED})
    assert finding.severity is Severity.WARNING
    assert finding.message == (
        "http://example.org/docs moved permanently to https://example.org/docs/"
    )
    assert finding.suggestion == "https://example.org/docs/"
    assert finding.fix == (Edit(1, 3, "http://example.org/docs", "https://example.org/docs/"),)
    assert fixed(FAILS, [finding]) == PASSES


def test_documented_passing_example() -> None:
    ok = Verdict(LinkState.OK, http_status=200)
    check(PASSES, RULE, [], verdicts={"https://example.org/docs/": ok})


def test_a_temporary_redirect_is_not_reported() -> None:
    # The network stage calls a 302/303/307 `ok`, keeping no target.
    url = "https://example.org/latest"
    check(f"[latest]({url})\n", RULE, [], verdicts={url: Verdict(LinkState.OK, 200)})


@pytest.mark.parametrize(
    ("url", "target"),
    [
        # Moved to the home page: more likely gone than moved.
        ("https://gone.example.org/post/7", "https://gone.example.org/"),
        ("https://gone.example.org/post/7", "https://gone.example.org"),
        # Moved to a sign-in page.
        ("https://example.org/team/wiki", "https://example.org/login?next=/team/wiki"),
        ("https://example.org/private", "https://accounts.example.org/signin"),
    ],
)
def test_reported_but_never_rewritten_to_a_home_or_sign_in_page(url: str, target: str) -> None:
    [finding] = check(f"- [page]({url})\n", RULE, [(1, 3)], verdicts={url: moved(target)})
    assert finding.suggestion == target
    assert finding.fix == ()


def test_a_sign_in_link_may_move_to_another_sign_in_page() -> None:
    url, target = "https://example.org/login", "https://auth.example.org/login"
    [finding] = check(f"[sign in]({url})\n", RULE, [(1, 1)], verdicts={url: moved(target)})
    assert finding.fix == (Edit(1, 1, url, target),)


def test_every_place_gets_its_own_fix() -> None:
    url, target = "https://old.example.org/page", "https://new.example.org/page"
    text = f"- [a]({url})\n- [b]({url})\n"
    found = check(text, RULE, [(1, 3), (2, 3)], verdicts={url: moved(target)})
    assert fixed(text, found) == text.replace(url, target)


def test_an_upgrade_to_https_is_insecure_url_s_finding_alone() -> None:
    url = "http://haikufactory.com/files/bayopt.pdf"
    verdicts = {url: Verdict(LinkState.REDIRECTED, 301, final_url="https" + url[4:])}
    text = f"- [Bayesian Optimization]({url})\n"
    check(text, RULE, [], verdicts=verdicts)
    assert [f.rule for f in lint(text, verdicts=verdicts)] == ["insecure-url"]


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    verdicts = {"http://example.org/docs": MOVED}
    [finding] = check(FAILS, RULE, [(1, 3)], verdicts=verdicts, severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], verdicts=verdicts, severity="off")


def test_disabled_in_a_block_by_code() -> None:
    text = (
        f"<!-- roadmap-lint-disable RL303 -->\n{FAILS}<!-- roadmap-lint-enable RL303 -->\n{FAILS}"
    )
    check(text, RULE, [(4, 3)], verdicts={"http://example.org/docs": MOVED})
