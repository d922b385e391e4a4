"""RL302 broken-fragment: an external page that loads but lacks the linked `#fragment`.

Verdicts are given as the network stage would give them; nothing is requested. How pages
are searched for ids and names is the network engine's (tests/test_net_integration.py).
"""

from __future__ import annotations

from roadmap_lint.model import LinkState, Severity, Verdict

from .helpers import check, lint

RULE = "broken-fragment"

# The rule's documented examples.
FAILS = "[guide](https://example.org/guide#instalation)\n"
PASSES = "[guide](https://example.org/guide#installation)\n"
MISSING = Verdict(
    LinkState.BROKEN, http_status=200, error="#instalation not found", fragment_missing=True
)
FOUND = Verdict(LinkState.OK, http_status=200)


def test_documented_failing_example() -> None:
    url = "https://example.org/guide#instalation"
    [finding] = check(FAILS, RULE, [(1, 1)], verdicts={url: MISSING})
    assert finding.severity is Severity.ERROR
    assert finding.message == f"{url}: #instalation not found"
    assert finding.target == url
    assert lint(FAILS, "broken-link", verdicts={url: MISSING}) == []  # one cause, one finding


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [], verdicts={"https://example.org/guide#installation": FOUND})


def test_a_dead_page_is_a_broken_link_not_a_missing_fragment() -> None:
    url = "https://example.org/gone#part"
    dead = Verdict(LinkState.BROKEN, http_status=404, error="HTTP 404")
    check(f"[gone]({url})\n", RULE, [], verdicts={url: dead})
    assert len(lint(f"[gone]({url})\n", "broken-link", verdicts={url: dead})) == 1


def test_a_fragment_not_found_in_the_part_read_is_no_finding() -> None:
    # The network stage reads at most 5 MB of a page: beyond that it cannot say.
    url = "https://example.org/huge#elsewhere"
    unknown = Verdict(LinkState.UNKNOWN, http_status=200, error="#elsewhere not in the part read")
    check(f"[huge]({url})\n", RULE, [], verdicts={url: unknown})


def test_every_link_to_the_missing_fragment_is_reported() -> None:
    url = "https://example.org/guide#instalation"
    text = f"# Guide\n\n- [a]({url})\n- [b]({url})\n- [c](https://example.org/guide#usage)\n"
    verdicts = {url: MISSING, "https://example.org/guide#usage": FOUND}
    found = check(text, RULE, [(3, 3), (4, 3)], verdicts=verdicts)
    assert {f.group for f in found} == {url}


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    url = "https://example.org/guide#instalation"
    [finding] = check(FAILS, RULE, [(1, 1)], verdicts={url: MISSING}, severity="warning")
    assert finding.severity is Severity.WARNING
    check(FAILS, RULE, [], verdicts={url: MISSING}, severity="off")


def test_disabled_on_the_line() -> None:
    url = "https://example.org/guide#instalation"
    text = f"[guide]({url}) <!-- roadmap-lint-disable-line broken-fragment -->\n[again]({url})\n"
    check(text, RULE, [(2, 1)], verdicts={url: MISSING})
