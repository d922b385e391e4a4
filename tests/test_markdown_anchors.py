"""Resolving in-document `#fragment`s the way github.com does (the findings that follow are
broken-anchor's and anchor-case's: tests/rules/)."""

from __future__ import annotations

import pytest

from roadmap_lint.markdown import parse
from roadmap_lint.markdown.anchors import AnchorIndex, Resolution

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


# -- suggestions (the broken-anchor rule's findings are in tests/rules/test_broken_anchor.py) --


def test_suggestion_for_a_spelling_variant() -> None:
    assert index().suggest("k-nearest-neighbours-k-nn") == "k-nearest-neighbors-k-nn"


def test_variation_selector_aliases_do_not_compete() -> None:
    # The two spellings of one heading are one candidate, not a tie.
    assert index().suggest("-developmen") in ("-development", "\ufe0f-development")
