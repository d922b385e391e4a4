"""RL201 toc-missing-entry: a heading the table of contents should list but does not.

Most fixtures are small documents in the style of real lists (coding-interview university
and its translations, free-programming-books, a roadmap's deep-learning chapter, the book
of secret knowledge): what is deliberate stays quiet, mistakes do not.
"""

# ruff: noqa: RUF001  (Cyrillic fixtures: letters that look like Latin ones, on purpose)

from __future__ import annotations

from roadmap_lint.markdown import parse
from roadmap_lint.model import Severity

from .documents import DEEP_LEARNING, FREE_BOOKS
from .helpers import check, lint

RULE = "toc-missing-entry"

# The rule's documented examples.
FAILS = """\
## Contents
- [Install](#install)
  - [From PyPI](#from-pypi)
## Install
### From PyPI
### From source
"""
PASSES = """\
## Contents
- [Install](#install)
- [Usage](#usage)
## Install
### From PyPI
## Usage
## License
"""


def targets(text: str, rule: str = RULE) -> list[str | None]:
    return [finding.target for finding in lint(text, rule)]


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(6, 1)])
    assert finding.severity is Severity.WARNING
    assert finding.message == 'heading "From source" has no entry in the table of contents'
    assert finding.suggestion == "[From source](#from-source)"


def test_documented_passing_example() -> None:
    # Install is listed as a leaf (its sub-sections are not expected); no housekeeping listed.
    check(PASSES, RULE, [])


TOC_DOC = """# Project

## Contents

- [Install](#install)
  - [From PyPI](#from-pypi)
  - [From source](#from-source)
- [Usage](#usage)

## Install
### From PyPI
### From source
### With Docker
## Usage
## FAQ
## License
"""


def test_toc_missing_entry_for_listed_level_and_listed_siblings() -> None:
    found = lint(TOC_DOC, RULE)
    # License is housekeeping, not expected while the TOC lists no such section.
    assert [(f.line, f.target) for f in found] == [(13, "#with-docker"), (15, "#faq")]
    assert found[0].severity is Severity.WARNING
    assert found[0].suggestion == "[With Docker](#with-docker)"


def test_toc_missing_entry_ignores_levels_the_toc_never_lists() -> None:
    text = "# P\n## Contents\n- [A](#a)\n- [B](#b)\n## A\n### Detail\n## B\n### More\n"
    check(text, RULE, [])


def test_broken_entry_with_clear_suggestion_still_covers_its_heading() -> None:
    text = "# P\n## Contents\n- [Instal](#instal)\n- [Usage](#usage)\n## Install\n## Usage\n"
    check(text, RULE, [])
    assert len(lint(text, "broken-anchor")) == 1


def test_document_without_toc_has_no_toc_findings() -> None:
    text = "# P\n\n## A\n\n## B\n"
    assert [f for f in lint(text) if f.rule.startswith("toc-")] == []


# -- the shapes real lists take -----------------------------------------------------------

STUDY_PLAN = """\
# Coding Interview University

## Table of Contents

### The Study Plan

- [Why use it?](#why-use-it)
- [How to use it](#how-to-use-it)

### Topics of Study

- [Data Structures](#data-structures)
    - [Arrays](#arrays)
    - [Linked Lists](#linked-lists)
    - selection
- [Final Review](#final-review)

**---------------- Everything below this point is optional ----------------**

### Optional Extra Topics & Resources

- [Additional Books](#additional-books)
- [Video Series](#video-series)

---

## Why use it?
## How to use it
## Let's Get Started
## Data Structures
### Arrays
### Linked Lists
### Stack
## Final Review
## Additional Books
## Video Series
## LICENSE
"""


def test_a_separator_paragraph_does_not_end_a_toc_of_several_lists() -> None:
    missing = lint(STUDY_PLAN, RULE)
    assert [(f.line, f.target) for f in missing] == [
        (29, "#lets-get-started"),
        (33, "#stack"),
    ]


def test_a_separator_line_between_two_lists_of_a_translated_toc() -> None:
    text = """\
# Google Interview University

## Содержание

- [Для кого это?](#для-кого-это)
- [Заключительный обзор](#заключительный-обзор)


---------------- Все что ниже - опционально ----------------

- [Дополнительные книги](#дополнительные-книги)

---

## Для кого это?
## Заключительный обзор
## Дополнительные книги
## Видео
"""
    assert [(f.line, f.target) for f in lint(text, RULE)] == [(18, "#видео")]


def test_headings_reached_through_explicit_anchors_are_listed() -> None:
    [finding] = lint(FREE_BOOKS, RULE)
    assert finding.target == "#q-sharp"
    assert finding.suggestion == "[Q#](#q-sharp)"


def test_an_anchor_on_the_line_above_the_heading_stands_for_it() -> None:
    text = """\
# Awesome ML

## Table of Contents

- [Python](#python)
    - [Computer Vision](#python-computer-vision)

<a name="python"></a>
## Python

<a name="python-computer-vision"></a>

#### Computer Vision
* [a](https://a.example)

<a name="python-neural-networks"></a>
#### Neural Networks
* [b](https://b.example)
"""
    [finding] = lint(text, RULE)
    assert (finding.line, finding.target) == (17, "#python-neural-networks")


def test_housekeeping_sections_are_expected_only_when_the_toc_lists_one() -> None:
    text = """\
# Awesome Things

## Contents

- [Editors](#editors)
- [Formatters](#formatters)
- [Linters](#linters)
- [Testing](#testing)

## Editors
## Formatters
## Linters
## Testing
## Contributing
## License
## Sponsors
"""
    check(text, RULE, [])
    listing_one = text.replace(
        "- [Testing](#testing)\n", "- [Testing](#testing)\n- [Contributing](#contributing)\n"
    )
    assert targets(listing_one) == ["#license", "#sponsors"]


def test_translated_housekeeping_sections_are_not_expected() -> None:
    text = "# 코딩 면접\n\n## 목차\n\n- [자료구조](#자료구조)\n- [트리](#트리)\n\n## 자료구조\n## 트리\n## 라이센스\n"
    check(text, RULE, [])


def test_sub_sections_of_a_section_listed_as_a_leaf_are_not_expected() -> None:
    # Model Subclassing is expected (its siblings are listed); the second "Functional API"
    # is the listed one written twice; the sub-sections of leaves are not expected.
    assert targets(DEEP_LEARNING) == ["#model-subclassing"]


def test_a_broken_entry_where_a_renamed_heading_would_go_is_only_a_broken_anchor() -> None:
    text = """\
# What the f*ck Python!

# Table of Contents

- [Usage](#usage)
- [🎓 License](#-license)
  - [Surprise your friends as well!](#surprise-your-friends-as-well)
  - [More content like this?](#more-content-like-this)

# Usage
# 🎓 License
## Surprise your friends as well!
## Need a pdf version?
"""
    check(text, RULE, [])
    assert targets(text, "broken-anchor") == ["#more-content-like-this"]


def test_a_broken_entry_with_the_heading_s_text_stands_for_it() -> None:
    text = """\
# Google Interview University

## Содержание

- [Для кого это?](#для-кого-это)
- [Чем это полезно?](#чем-это-полезно)
- [Как пользоваться](#как-пользоваться)
- [Заключительный обзор](#final-review)
- [Видео](#video-series)

## Для кого это?
## Чем это полезно?
## Как пользоваться
## Видео
## Заключительный обзор
"""
    check(text, RULE, [])
    assert len(lint(text, "broken-anchor")) == 2


def test_a_signpost_section_left_after_a_rename_is_not_expected() -> None:
    text = """\
### Index

* [Clojure](#clojure)
* [Go](#go)
* [Rocq Prover](#rocq-prover)


### Clojure

* [Clojure for the Brave](https://example.org/clj)


### Coq

> :information_source: (renamed) see [Rocq Prover](#rocq-prover)


### Go

* [Go Book](https://example.org/go)


### Language Agnostic

* [BY SUBJECT](free-programming-books-subjects.md) This section has been moved to its own file.


### Rocq Prover

* [Software Foundations](https://example.org/sf)


### YAML

* [YAML Tutorial](https://example.org/yaml)
"""
    assert targets(text) == ["#yaml"]


def test_sections_between_the_toc_and_its_first_entry_are_its_introduction() -> None:
    text = """\
# Best of ML with Python

## Contents

- [Machine Learning Frameworks](#machine-learning-frameworks)
- [Data Visualization](#data-visualization)

## Explanation
## Machine Learning Frameworks
## Data Visualization
## Text Data & NLP
"""
    assert targets(text) == ["#text-data--nlp"]


def test_a_sub_heading_of_the_toc_that_links_to_a_section_lists_it() -> None:
    text = """\
# Awesome Machine Learning

## Table of Contents

### Frameworks and Libraries
<!-- MarkdownTOC depth=4 -->
- [APL](#apl)
- [C](#c)

### [Tools](#tools-1)

- [Misc](#misc)

## APL
## C
## Tools
#### Misc
"""
    toc = parse(text).toc
    assert toc is not None and [e.target for e in toc.flat()] == ["#apl", "#c", "#misc"]
    check(text, RULE, [])
    # The heading "Tools" of the TOC takes `#tools`; the section is `#tools-1`.
    assert lint(text, "broken-anchor") == []


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(6, 1)], severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], severity="off")


def test_disabled_for_the_file_by_family() -> None:
    check("<!-- roadmap-lint-disable-file RL2 -->\n" + FAILS, RULE, [])


def test_disabled_on_the_heading_s_line() -> None:
    text = FAILS.replace(
        "### From source\n",
        "### From source <!-- roadmap-lint-disable-line toc-missing-entry -->\n",
    )
    check(text, RULE, [])
