"""Resolving in-document `#fragment`s the way github.com does, and the findings that follow."""

from __future__ import annotations

import pytest

from roadmap_lint import lint_text
from roadmap_lint.markdown import parse
from roadmap_lint.markdown.anchors import AnchorIndex, Resolution
from roadmap_lint.model import Finding, Severity

DOCUMENT = """\
# Guide

## Getting Started

## k-Nearest Neighbors (k-NN)

## 🛠️ Development

### 字节序\uff08Endianness\uff09

## Fünf süße Äpfel

## L12 Not A Line Link

<a name="namedlink"></a>
<a id="idlink"></a>
<a href="https://example.com" id="HREFandID">Text</a>
<p id="para-id"></p>
<a id="with-id" name="also-a-name"></a>
"""


def index(markdown: str = DOCUMENT) -> AnchorIndex:
    return AnchorIndex.of(parse(markdown))


def rules(text: str, rule: str) -> list[Finding]:
    return [finding for finding in lint_text(text).findings if finding.rule == rule]


def broken(text: str) -> list[str]:
    return [finding.target or "" for finding in rules(text, "broken-anchor")]


def case_only(text: str) -> list[str]:
    return [finding.target or "" for finding in rules(text, "anchor-case")]


# -- what resolves -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fragment",
    [
        "guide",
        "getting-started",
        "k-nearest-neighbors-k-nn",
        "字节序endianness",
        "%E5%AD%97%E8%8A%82%E5%BA%8Fendianness",  # percent-encoded
        "%e5%ad%97%e8%8a%82%e5%ba%8fendianness",  # lower-case hex too
        "f%C3%BCnf-s%C3%BC%C3%9Fe-%C3%A4pfel",
        "fünf-süße-äpfel",
        "",  # `#` alone: the top of the page
        "top",
        "ToP",  # the HTML standard matches `top` in any case
        "user-content-getting-started",
        "user-content-namedlink",
        "namedlink",
        "idlink",
        "HREFandID",
        "para-id",
        "with-id",
        "l12-not-a-line-link",
    ],
)
def test_found(fragment: str) -> None:
    assert index().resolve(fragment) is Resolution.FOUND


def test_variation_selector_heading_answers_to_both_forms() -> None:
    anchors = index()
    assert anchors.resolve("\ufe0f-development") is Resolution.FOUND
    assert anchors.resolve("%EF%B8%8F-development") is Resolution.FOUND
    assert anchors.resolve("-development") is Resolution.FOUND
    assert anchors.heading_for("-development") is anchors.heading_for("%EF%B8%8F-development")


@pytest.mark.parametrize(
    ("fragment", "exact"),
    [
        ("Getting-Started", "getting-started"),
        ("GETTING-STARTED", "getting-started"),
        ("字节序Endianness", "字节序endianness"),
        ("fünf-sÜße-Äpfel", "fünf-süße-äpfel"),
        ("NAMEDLINK", "namedlink"),
        ("idLINK", "idlink"),
        ("user-content-Getting-Started", "getting-started"),
        ("L12-not-a-line-link", "l12-not-a-line-link"),
    ],
)
def test_case_only(fragment: str, exact: str) -> None:
    anchors = index()
    assert anchors.resolve(fragment) is Resolution.CASE_ONLY
    assert anchors.case_match(fragment) == exact


@pytest.mark.parametrize(
    "fragment",
    [
        "k-nearest-neighbours-k-nn",
        "missing",
        # github.com lower-cases the fragment, never the id: a mixed-case id needs its case.
        "hrefandid",
        "HREFANDID",
        # Only `<a>` elements are found by `name`, and an `id` wins over it.
        "also-a-name",
        # A rendered Markdown file has no line anchors (they need `?plain=1`).
        "L7",
        "L30-L31",
        "L3C24-L88",
        "l7",
        # The `user-content-` prefix is matched as github.com writes it.
        "User-Content-getting-started",
        "user-content-",
        # Invalid UTF-8 after decoding.
        "%C3",
    ],
)
def test_missing(fragment: str) -> None:
    assert index().resolve(fragment) is Resolution.MISSING


def test_heading_for_follows_the_lower_case_fallback() -> None:
    anchors = index()
    heading = anchors.heading_for("Getting-Started")
    assert heading is not None and heading.text == "Getting Started"
    assert anchors.heading_for("namedlink") is None  # an anchor, not a heading
    assert anchors.heading_for("hrefandid") is None


# -- findings --------------------------------------------------------------------------------------


def test_broken_anchor_finding() -> None:
    text = "# Guide\n\nSee [k-NN](#k-nearest-neighbours-k-nn).\n\n## k-Nearest Neighbors (k-NN)\n"
    [finding] = rules(text, "broken-anchor")
    assert finding.severity is Severity.ERROR
    assert (finding.line, finding.column) == (3, 5)
    assert finding.target == "#k-nearest-neighbours-k-nn"
    assert finding.suggestion == "#k-nearest-neighbors-k-nn"


def test_case_only_is_an_anchor_case_warning_not_broken_anchor() -> None:
    text = "## Для кого это?\n\n[who](#Для-кого-это)\n"
    assert broken(text) == []
    [finding] = rules(text, "anchor-case")
    assert finding.severity is Severity.WARNING
    assert finding.suggestion == "#для-кого-это"


def test_mixed_case_explicit_anchor() -> None:
    text = '<a id="HREFandID"></a>\n\n[ok](#HREFandID)\n\n[bad](#hrefandid)\n'
    assert broken(text) == ["#hrefandid"]
    assert case_only(text) == []


def test_reference_definitions_and_raw_html_links_are_checked() -> None:
    text = (
        "# Contents\n\n"
        "[ok][good] [bad][bad]\n\n"
        '<a href="#Contents">back</a> <a href="#nowhere">x</a>\n\n'
        "[good]: #contents\n"
        '[bad]: #missing "Title"\n'
    )
    assert broken(text) == ["#missing", "#nowhere"]
    assert case_only(text) == ["#Contents"]


def test_escapes_in_the_destination_are_resolved() -> None:
    text = (
        "### Valid_Heading Escaped_Underscores\n\n[a](#valid\\_heading\\-escaped\\_underscores)\n"
    )
    assert broken(text) == []


def test_percent_encoded_fragments() -> None:
    text = (
        "## 機械学習\n\n"
        "[upper](#%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92)\n"
        "[lower](#%e6%a9%9f%e6%a2%b0%e5%ad%a6%e7%bf%92)\n"
        "[raw](#機械学習)\n"
    )
    assert broken(text) == []
    assert case_only(text) == []


def test_top_readme_empty_and_user_content() -> None:
    text = "# Title\n\n[a](#) [b](#top) [c](#readme) [d](#user-content-title)\n"
    assert broken(text) == []
    assert case_only(text) == []


def test_line_links_are_not_anchors_in_rendered_markdown() -> None:
    assert broken("# Title\n\n[line](#L7)\n") == ["#L7"]


def test_heading_slug_with_trailing_hyphens() -> None:
    text = (
        "# Awesome Machine Learning [![Awesome](a.svg)](https://a.example) [![Track](b.svg)](https://b.example)\n\n"
        "[one](#awesome-machine-learning-) [two](#awesome-machine-learning--)\n"
    )
    [finding] = rules(text, "broken-anchor")
    assert finding.target == "#awesome-machine-learning-"
    assert finding.suggestion == "#awesome-machine-learning--"


def test_code_span_heading_with_double_backticks() -> None:
    text = "## `` `${{Object}}` ``\n\n[toc](#-object-)\n[ok](#object)\n"
    assert broken(text) == ["#-object-"]


def test_variation_selector_links_both_forms() -> None:
    text = "## 🛠️ Development\n\n[a](#️-development) [b](#-development) [c](#%EF%B8%8F-development)\n"
    assert broken(text) == []


def test_duplicates_resolve_by_number() -> None:
    text = "## Repeated\n\n## Repeated\n\n[a](#repeated) [b](#repeated-1) [c](#repeated-2)\n"
    assert broken(text) == ["#repeated-2"]


def test_custom_heading_ids_are_not_supported_by_github() -> None:
    text = "### Named {#custom-id}\n\n[a](#custom-id) [b](#named-custom-id)\n"
    assert broken(text) == ["#custom-id"]


def test_fenced_code_is_not_a_heading_but_a_real_heading_is() -> None:
    text = "```\n# Install\n```\n\n# Usage\n\n[a](#install) [b](#usage)\n"
    assert broken(text) == ["#install"]


def test_raw_html_heading_is_a_target() -> None:
    text = '<h2 align="center">\n  Sponsors &amp; Friends\n</h2>\n\n[a](#--sponsors--friends)\n'
    assert broken(text) == []


# -- suggestions -----------------------------------------------------------------------------------


def test_suggestion_for_a_shortened_heading() -> None:
    text = (
        "## Interactive Playground of Several Optimization Methods"
        " (works well for understanding)\n\n"
        "[play](#interactive-playground-of-several-optimization-methods)\n"
    )
    [finding] = rules(text, "broken-anchor")
    assert (
        finding.suggestion
        == "#interactive-playground-of-several-optimization-methods-works-well-for-understanding"
    )


def test_suggestion_for_a_spelling_variant() -> None:
    assert index().suggest("k-nearest-neighbours-k-nn") == "k-nearest-neighbors-k-nn"


def test_no_suggestion_when_two_candidates_are_equally_close() -> None:
    text = "## Part A\n\n## Part B\n\n[x](#part-c)\n"
    [finding] = rules(text, "broken-anchor")
    assert finding.suggestion is None


def test_no_suggestion_when_nothing_is_close() -> None:
    [finding] = rules("## Installation\n\n[x](#zzz-unrelated-words)\n", "broken-anchor")
    assert finding.suggestion is None


def test_variation_selector_aliases_do_not_compete() -> None:
    # The two spellings of one heading are one candidate, not a tie.
    assert index().suggest("-developmen") in ("-development", "\ufe0f-development")
