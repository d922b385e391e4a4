"""RL101 broken-anchor: a `#fragment` that no heading or HTML anchor has."""

from __future__ import annotations

from pathlib import Path

from roadmap_lint.model import Edit, Severity

from .helpers import check, fixed, lint

RULE = "broken-anchor"

# The rule's documented examples.
FAILS = "## k-Nearest Neighbors (k-NN)\n[k-NN](#k-nearest-neighbours-k-nn)\n"
PASSES = "## k-Nearest Neighbors (k-NN)\n[k-NN](#k-nearest-neighbors-k-nn)\n"


def targets(text: str, rule: str = RULE) -> list[str]:
    return [finding.target or "" for finding in lint(text, rule)]


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(2, 1)])
    assert finding.severity is Severity.ERROR
    assert finding.suggestion == "#k-nearest-neighbors-k-nn"
    # Plainly the same name: the fix rewrites the fragment, nothing else.
    assert finding.fix == (Edit(2, 8, "#k-nearest-neighbours-k-nn", "#k-nearest-neighbors-k-nn"),)
    assert fixed(FAILS, [finding]) == PASSES


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [])


def test_position_and_suggestion() -> None:
    text = "# Guide\n\nSee [k-NN](#k-nearest-neighbours-k-nn).\n\n## k-Nearest Neighbors (k-NN)\n"
    [finding] = check(text, RULE, [(3, 5)])
    assert finding.severity is Severity.ERROR
    assert finding.target == "#k-nearest-neighbours-k-nn"
    assert finding.suggestion == "#k-nearest-neighbors-k-nn"


def test_existing_anchor_is_quiet() -> None:
    check("# Guide\n[x](#guide)\n", RULE, [])


# -- what resolves, as on github.com ----------------------------------------------------------


def test_mixed_case_explicit_anchor() -> None:
    text = '<a id="HREFandID"></a>\n\n[ok](#HREFandID)\n\n[bad](#hrefandid)\n'
    assert targets(text) == ["#hrefandid"]
    assert targets(text, "anchor-case") == []


def test_reference_definitions_and_raw_html_links_are_checked() -> None:
    text = (
        "# Contents\n\n"
        "[ok][good] [bad][bad]\n\n"
        '<a href="#Contents">back</a> <a href="#nowhere">x</a>\n\n'
        "[good]: #contents\n"
        '[bad]: #missing "Title"\n'
    )
    # A reference link's fragment is reported where it is written: in its definition (line 8).
    assert targets(text) == ["#nowhere", "#missing"]
    assert targets(text, "anchor-case") == ["#Contents"]


def test_a_definition_used_twice_is_one_finding_on_its_own_line() -> None:
    check("# Doc\n\n[a][ref] and [b][ref]\n\n[ref]: #nowhere\n", "broken-anchor", [(5, 1)])


def test_escapes_in_the_destination_are_resolved() -> None:
    text = (
        "### Valid_Heading Escaped_Underscores\n\n[a](#valid\\_heading\\-escaped\\_underscores)\n"
    )
    assert targets(text) == []


def test_percent_encoded_fragments() -> None:
    text = (
        "## 機械学習\n\n"
        "[upper](#%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92)\n"
        "[lower](#%e6%a9%9f%e6%a2%b0%e5%ad%a6%e7%bf%92)\n"
        "[raw](#機械学習)\n"
    )
    assert targets(text) == []
    assert targets(text, "anchor-case") == []


def test_top_readme_empty_and_user_content() -> None:
    text = "# Title\n\n[a](#) [b](#top) [c](#readme) [d](#user-content-title)\n"
    assert targets(text) == []
    assert targets(text, "anchor-case") == []


def test_line_links_are_not_anchors_in_rendered_markdown() -> None:
    assert targets("# Title\n\n[line](#L7)\n") == ["#L7"]


def test_heading_slug_with_trailing_hyphens() -> None:
    text = (
        "# Awesome Machine Learning [![Awesome](a.svg)](https://a.example) [![Track](b.svg)](https://b.example)\n\n"
        "[one](#awesome-machine-learning-) [two](#awesome-machine-learning--)\n"
    )
    [finding] = lint(text, RULE)
    assert finding.target == "#awesome-machine-learning-"
    assert finding.suggestion == "#awesome-machine-learning--"


def test_code_span_heading_with_double_backticks() -> None:
    text = "## `` `${{Object}}` ``\n\n[toc](#-object-)\n[ok](#object)\n"
    assert targets(text) == ["#-object-"]


def test_variation_selector_links_both_forms() -> None:
    text = "## 🛠️ Development\n\n[a](#️-development) [b](#-development) [c](#%EF%B8%8F-development)\n"
    assert targets(text) == []


def test_duplicates_resolve_by_number() -> None:
    text = "## Repeated\n\n## Repeated\n\n[a](#repeated) [b](#repeated-1) [c](#repeated-2)\n"
    assert targets(text) == ["#repeated-2"]


def test_custom_heading_ids_are_not_supported_by_github() -> None:
    text = "### Named {#custom-id}\n\n[a](#custom-id) [b](#named-custom-id)\n"
    assert targets(text) == ["#custom-id"]


def test_fenced_code_is_not_a_heading_but_a_real_heading_is() -> None:
    text = "```\n# Install\n```\n\n# Usage\n\n[a](#install) [b](#usage)\n"
    assert targets(text) == ["#install"]


def test_raw_html_heading_is_a_target() -> None:
    text = '<h2 align="center">\n  Sponsors &amp; Friends\n</h2>\n\n[a](#--sponsors--friends)\n'
    assert targets(text) == []


# -- suggestions ---------------------------------------------------------------------------


def test_suggestion_for_a_shortened_heading() -> None:
    text = (
        "## Interactive Playground of Several Optimization Methods"
        " (works well for understanding)\n\n"
        "[play](#interactive-playground-of-several-optimization-methods)\n"
    )
    [finding] = lint(text, RULE)
    assert (
        finding.suggestion
        == "#interactive-playground-of-several-optimization-methods-works-well-for-understanding"
    )


def test_no_suggestion_when_two_candidates_are_equally_close() -> None:
    [finding] = check("## Part A\n\n## Part B\n\n[x](#part-c)\n", RULE, [(5, 1)])
    assert finding.suggestion is None


def test_no_suggestion_when_nothing_is_close() -> None:
    [finding] = check("## Installation\n\n[x](#zzz-unrelated-words)\n", RULE, [(3, 1)])
    assert finding.suggestion is None


# -- links into other files -------------------------------------------------------------------


def test_fragment_checked_in_the_linked_file(repository: Path) -> None:
    text = "[ok](docs/guide.md#install) [bad](docs/guide.md#instal)\n"
    [finding] = check(text, RULE, [(1, 29)], folder=repository)
    assert finding.target == "docs/guide.md#instal"
    assert finding.suggestion == "docs/guide.md#install"
    assert lint(text, "missing-file", folder=repository) == []


def test_fragment_in_a_missing_file_is_only_missing_file(repository: Path) -> None:
    text = "[bad](docs/gone.md#install)\n"
    assert lint(text, RULE, folder=repository) == []
    assert len(lint(text, "missing-file", folder=repository)) == 1


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(2, 1)], severity="warning")
    assert finding.severity is Severity.WARNING
    check(FAILS, RULE, [], severity="off")


def test_disabled_on_the_next_line() -> None:
    text = (
        "## k-Nearest Neighbors (k-NN)\n"
        "<!-- roadmap-lint-disable-next-line broken-anchor -->\n"
        "[k-NN](#k-nearest-neighbours-k-nn)\n"
        "[again](#k-nearest-neighbours-k-nn)\n"
    )
    check(text, RULE, [(4, 1)])
