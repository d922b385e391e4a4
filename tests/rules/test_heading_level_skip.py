"""RL409 heading-level-skip: a heading more than one level below the previous one."""

from __future__ import annotations

from roadmap_lint.model import Severity

from .helpers import check, fixed

RULE = "heading-level-skip"

# The rule's documented examples.
FAILS = "## Supervised Learning\n#### Random Forest\n"
PASSES = "## Supervised Learning\n### Random Forest\n"


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(2, 1)])
    assert finding.severity is Severity.WARNING
    assert finding.suggestion == "###"


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [])


def test_heading_level_skip() -> None:
    text = "### Start deep\n\n## Supervised\n\n#### Random Forest\n\n### Trees\n\n# Back up\n"
    [finding] = check(text, RULE, [(5, 1)])
    assert "level 4" in finding.message and "level 2" in finding.message
    assert "the 1 heading under it (to line 7) up 1 level" in finding.message
    assert finding.suggestion == "###"


def test_heading_level_skip_names_the_whole_subtree() -> None:
    text = "## C++\n\n#### General-Purpose\n\n#### Computer Vision\n\n##### OpenCV\n\n## Java\n"
    [finding] = check(text, RULE, [(3, 1)])
    assert "the 2 headings under it (to line 7) up 1 level" in finding.message


def test_the_first_heading_may_be_at_any_level_and_going_up_is_fine() -> None:
    check("### Deep start\n\n# Title\n\n## Part\n\n### Section\n\n# Another\n", RULE, [])


def test_there_is_no_fix() -> None:
    # Moving a subtree up is a decision about the outline: no fix is offered.
    [finding] = check(FAILS, RULE, [(2, 1)])
    assert fixed(FAILS, [finding]) == FAILS


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(2, 1)], severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], severity="off")


def test_disabled_by_markdownlint_s_counterpart() -> None:
    # MD001 (heading-increment) is markdownlint's name for this check.
    text = "## Supervised Learning\n<!-- markdownlint-disable-next-line MD001 -->\n#### Random Forest\n"
    check(text, RULE, [])
