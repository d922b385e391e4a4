"""Finding the table of contents in the styles real roadmaps use."""

from __future__ import annotations

from roadmap_lint.markdown import parse
from roadmap_lint.markdown.toc import is_toc_heading


def entry_targets(text: str) -> list[tuple[int, str | None]]:
    toc = parse(text).toc
    assert toc is not None
    return [(entry.depth, entry.target) for entry in toc.flat()]


def test_toc_heading_names() -> None:
    for name in [
        "Table of Contents",
        "TABLE OF CONTENTS",
        "📚 Table of Contents",
        "Contents",
        "TOC",
        "Table of contents:",
        "🚀 Roadmap Table of Contents",
        "Содержание",
        "目录",
        "Index of system design topics",
    ]:
        assert is_toc_heading(name), name
    for name in ["Content Creation Tools", "Introduction", "Tocotronic", "Indexing", "Index funds"]:
        assert not is_toc_heading(name), name


def test_toc_under_heading_keeps_nesting() -> None:
    text = """# Guide

## Table of Contents

- [Intro](#intro)
  - [Why](#why)
- [Usage](#usage)

## Intro
### Why
## Usage
"""
    assert entry_targets(text) == [(0, "#intro"), (1, "#why"), (0, "#usage")]
    toc = parse(text).toc
    assert toc is not None and toc.heading is not None
    assert toc.heading.text == "Table of Contents"
    assert toc.entries[0].position.line == 5
    assert toc.entries[0].position.column == 3


def test_numbered_toc_with_emoji_heading() -> None:
    text = """# Course
## 📖 Contents
1. [Basics](#basics)
2. [Advanced](#advanced)
## Basics
## Advanced
"""
    assert entry_targets(text) == [(0, "#basics"), (0, "#advanced")]


def test_toc_grouped_by_subheadings() -> None:
    # The seed roadmap's style: a TOC heading, then sub-headings each followed by a list.
    text = """# Roadmap Table of Contents

## 1. Python
- [1.1 Intro](#11-intro)

## 2. Math
- [2.1 Algebra](#21-algebra)

---

## 1. Python
### 1.1 Intro
## 2. Math
### 2.1 Algebra
"""
    toc = parse(text).toc
    assert toc is not None
    assert [e.target for e in toc.flat()] == ["#11-intro", "#21-algebra"]
    assert 7 <= toc.end_line < 11  # the TOC stops before the rule and the real sections


def test_toc_without_heading_is_first_list_of_anchor_links() -> None:
    text = """# Awesome Things

- [Editors](#editors)
- [Linters](#linters)
- [Formatters](#formatters)

## Editors
## Linters
## Formatters
"""
    toc = parse(text).toc
    assert toc is not None and toc.heading is None
    assert len(toc.flat()) == 3


def test_toc_inside_details_block() -> None:
    text = """# Notes

## Table of Contents

<details>
<summary>Expand</summary>

- [One](#one)
- [Two](#two)

</details>

## One
## Two
"""
    assert entry_targets(text) == [(0, "#one"), (0, "#two")]


def test_no_toc_when_lists_are_external_links() -> None:
    text = """# Awesome

- [Site A](https://a.example)
- [Site B](https://b.example)
- [Site C](https://c.example)

## Section
"""
    assert parse(text).toc is None


def test_list_far_down_the_document_is_not_a_toc() -> None:
    headings = "".join(f"## Section {i}\n\ntext\n\n" for i in range(12))
    text = headings + "- [a](#section-1)\n- [b](#section-2)\n- [c](#section-3)\n"
    assert parse(text).toc is None


def test_toc_groups_separated_by_short_labels() -> None:
    text = """# Awesome

## Categories

**Web**

- [Frameworks](#frameworks)
- [Servers](#servers)

**Data**

- [Databases](#databases)

## Frameworks
## Servers
## Databases
"""
    assert entry_targets(text) == [(0, "#frameworks"), (0, "#servers"), (0, "#databases")]


def test_toc_heading_wins_over_an_earlier_list_of_anchor_links() -> None:
    text = """# Primer

Topics for the interview:

- [Study guide](#study-guide)
- [Approach](#approach)
- [Questions](#questions)

## Index of topics

- [Study guide](#study-guide)
- [Approach](#approach)
- [Questions](#questions)
- [More](#more)

## Study guide
## Approach
## Questions
## More
"""
    toc = parse(text).toc
    assert toc is not None and toc.heading is not None
    assert len(toc.flat()) == 4


def test_a_separator_paragraph_between_toc_parts_keeps_the_toc_whole() -> None:
    text = """# Coding Interview University

## Table of Contents

### Getting the Job

- [Update Your Resume](#update-your-resume)

**---------------- Everything below this point is optional ----------------**

### Optional Extra Topics & Resources

- [Additional Books](#additional-books)

A paragraph that goes on to explain what follows at such length that it is plainly not a
separator between two parts of one table of contents but the start of the text itself.

- [Video Series](#video-series)

## Update Your Resume
## Additional Books
## Video Series
"""
    assert entry_targets(text) == [(0, "#update-your-resume"), (0, "#additional-books")]


def test_toc_names_written_without_a_space_and_html_before_the_list() -> None:
    assert is_toc_heading("系统设计主题的索引")
    assert is_toc_heading("Coding Interview University 目次")
    assert not is_toc_heading("倒排索引")
    text = """# Awesome

## Table of Contents

### Frameworks
<!-- MarkdownTOC depth=4 -->
- [APL](#apl)

### Tools

- [Misc](#misc)

## APL
#### Misc
"""
    assert entry_targets(text) == [(0, "#apl"), (0, "#misc")]


def test_explicit_anchors_in_or_just_above_a_heading_stand_for_it() -> None:
    from roadmap_lint.markdown.anchors import heading_anchors

    text = (
        '### <a id="cpp"></a>C++\n\n<a name="py"></a>\n\n## Python\n\n'
        'Text <a id="inline"></a>\n## Go\n<a id="far"></a>\n\nText\n\n## Rust\n'
    )
    anchors = heading_anchors(parse(text))
    assert {name: heading.text for name, heading in anchors.items()} == {
        "cpp": "C++",
        "py": "Python",
    }
