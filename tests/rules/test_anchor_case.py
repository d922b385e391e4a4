"""RL102 anchor-case: a fragment that matches an anchor only when case is ignored."""

from __future__ import annotations

from roadmap_lint.model import Edit, Severity

from .helpers import check, fixed, lint

RULE = "anchor-case"

# The rule's documented examples.
FAILS = "## Getting Started\n[start](#Getting-Started)\n"
PASSES = "## Getting Started\n[start](#getting-started)\n"


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(2, 1)])
    assert finding.severity is Severity.WARNING
    assert finding.suggestion == "#getting-started"
    assert fixed(FAILS, [finding]) == PASSES


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [])


def test_case_only_match_is_a_warning_not_an_error() -> None:
    text = "## Getting Started\n[go](#Getting-Started)\n"
    assert lint(text, "broken-anchor") == []
    [finding] = lint(text, RULE)
    assert finding.severity is Severity.WARNING
    assert finding.suggestion == "#getting-started"


def test_case_only_is_an_anchor_case_warning_not_broken_anchor() -> None:
    text = "## Для кого это?\n\n[who](#Для-кого-это)\n"
    assert lint(text, "broken-anchor") == []
    [finding] = lint(text, RULE)
    assert finding.severity is Severity.WARNING
    assert finding.suggestion == "#для-кого-это"


def test_a_mixed_case_id_needs_its_case_and_is_no_case_finding() -> None:
    # github.com lower-cases the fragment, never the id: `#hrefandid` is broken, not case.
    text = '<a id="HREFandID"></a>\n\n[ok](#HREFandID)\n\n[bad](#hrefandid)\n'
    check(text, RULE, [])


def test_the_fix_rewrites_the_fragment_only() -> None:
    [finding] = check("## Getting Started\n\nSee [go](#Getting-Started).\n", RULE, [(3, 5)])
    assert finding.fix == (Edit(3, 10, "#Getting-Started", "#getting-started"),)
    assert fixed("## Getting Started\n\nSee [go](#Getting-Started).\n", [finding]) == (
        "## Getting Started\n\nSee [go](#getting-started).\n"
    )


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(2, 1)], severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], severity="off")


def test_disabled_by_code_on_the_line() -> None:
    text = (
        "## Getting Started\n"
        "[start](#Getting-Started) <!-- roadmap-lint-disable-line RL102 -->\n"
        "[again](#Getting-Started)\n"
    )
    check(text, RULE, [(3, 1)])
