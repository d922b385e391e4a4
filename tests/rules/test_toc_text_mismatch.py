"""RL203 toc-text-mismatch: a TOC entry linking to the wrong heading, or misspelling it."""

# ruff: noqa: RUF001  (the homoglyph fixtures mix scripts on purpose)

from __future__ import annotations

from roadmap_lint.model import Severity

from .documents import DEEP_LEARNING
from .helpers import check, fixed, lint

RULE = "toc-text-mismatch"

# The rule's documented examples.
FAILS = """\
- [TensorFlow](#tensorflow)
  - [Installation](#installation)
- [PyTorch](#pytorch)
  - [Installation](#installation)
- [Работа c cетью](#работа-с-сетью)
## TensorFlow
### Installation
## PyTorch
### Installation
## Работа с сетью
"""
PASSES = """\
- [Установка](#installation)
- [Intro to Optimization](#introduction-to-mathematical-optimization)
## Installation
## Introduction to Mathematical Optimization
"""


def test_documented_failing_example() -> None:
    twin, homoglyphs = check(FAILS, RULE, [(4, 5), (5, 3)])
    assert twin.severity is Severity.WARNING
    assert twin.suggestion == "#installation-1"  # PyTorch's own
    assert homoglyphs.suggestion == "Работа с сетью"  # a Latin "c" in each word
    assert fixed(FAILS, [twin]) == FAILS.replace(
        "  - [Installation](#installation)\n- [Работа",
        "  - [Installation](#installation-1)\n- [Работа",
    )


def test_documented_passing_example() -> None:
    # A translation and a short form are not mismatches.
    check(PASSES, RULE, [])


def test_toc_text_mismatch_ignores_emoji_numbering_case_and_ampersand() -> None:
    # A different word ("Setup" for "Installation") is a deliberate short form; a typo is not.
    text = """# P
## Contents
- 🐍 [1. Python & Tools](#1-python-and-tools)
- [cross-validation](#cross-validation)
- [Setup](#installation)
- [Deploymnet](#deployment)
## 1. Python and Tools
## Cross-Validation
## Installation
## Deployment
"""
    [finding] = lint(text, RULE)
    assert finding.line == 6
    assert finding.suggestion == "Deployment"


def test_a_link_to_the_wrong_one_of_two_same_named_headings_is_one_finding() -> None:
    toc = [f for f in lint(DEEP_LEARNING) if f.rule.startswith("toc-")]
    wrong = [f for f in toc if f.rule == RULE]
    assert [(f.line, f.suggestion) for f in wrong] == [(10, "#installation-1")]
    assert 'under "TensorFlow/Keras"' in wrong[0].message
    assert 'under "PyTorch" is #installation-1' in wrong[0].message
    # Neither PyTorch's Installation missing nor the entry out of order: only Autograd is.
    assert [(f.rule, f.line) for f in toc if f.rule == "toc-order"] == [("toc-order", 12)]
    assert [edit.new for edit in wrong[0].fix] == ["#installation-1"]


def test_a_top_level_entry_linking_to_a_nested_twin_of_its_section() -> None:
    text = """\
# Road to ML

## Table of Contents

- [Overview](#overview)
- [Resources](#resources)
- [Contributing](#contributing)

## Overview
## Resources
## Common Questions
### Contributing
## Contributing
"""
    [wrong] = lint(text, RULE)
    assert (wrong.line, wrong.suggestion) == (7, "#contributing-1")
    assert [f.target for f in lint(text, "toc-missing-entry")] == ["#common-questions"]


def test_translations_and_short_forms_are_not_mismatches() -> None:
    text = """\
# 코딩 면접 대학

## 목차

- [추가 도서](#additional-books)
- [엔디언(Endianness)](#endianness)
- [F#](#f-sharp)
- [Intro to Optimization](#introduction-to-mathematical-optimization-with-python)
- [HTML/CSS](#html-and-css)
- [Хеш-таблицы](#хеш-таблица)
- [Битовые операции](#побитовые-операции)
- [消息传递，序列化和队列化的系统](#消息传递序列化和队列系统)

## Additional Books
## Endianness
## F Sharp
## Introduction to Mathematical Optimization with Python
## HTML and CSS:
## Хеш-таблица
## Побитовые операции
## 消息传递，序列化和队列系统
"""
    check(text, RULE, [])


def test_latin_look_alikes_in_cyrillic_words_are_reported() -> None:
    text = """\
### Index

* [0 - Language Agnostic](#0---language-agnostic)
    * [Производительность](#производительность)
    * [Работа c cетью](#работа-с-сетью)

### 0 - Language Agnostic
#### Производительность
#### Работа с сетью
"""
    [finding] = lint(text, RULE)
    assert finding.line == 5
    assert finding.suggestion == "Работа с сетью"
    assert "Latin letters that look like Cyrillic ones" in finding.message


def test_a_typo_is_reported_but_not_an_inflection() -> None:
    text = """\
# Guide

## Contents

- [Sorting Algoritms](#sorting-algorithms)
- [Graph Algorithm](#graph-algorithms)

## Sorting Algorithms
## Graph Algorithms
"""
    [finding] = lint(text, RULE)
    assert (finding.line, finding.suggestion) == (5, "Sorting Algorithms")
    assert '"algoritms" for "algorithms"' in finding.message


def test_links_back_to_the_toc_are_not_part_of_a_heading_s_title() -> None:
    text = """\
# The Book of Secret Knowledge

## :anger: &nbsp;Table of Contents

- **[CLI Tools](#cli-tools-toc)**
- **[GUI Tools](#gui-tools-toc)**

#### CLI Tools &nbsp;[<sup>[TOC]</sup>](#anger-table-of-contents)
#### GUI Tools &nbsp;[<sup>[TOC]</sup>](#anger-table-of-contents)
#### Web Tools &nbsp;[<sup>[TOC]</sup>](#anger-table-of-contents)
"""
    check(text, RULE, [])
    [missing] = lint(text, "toc-missing-entry")
    assert missing.message == 'heading "Web Tools" has no entry in the table of contents'
    assert missing.suggestion == "[Web Tools](#web-tools-toc)"


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    found = check(FAILS, RULE, [(4, 5), (5, 3)], severity="error")
    assert {f.severity for f in found} == {Severity.ERROR}
    check(FAILS, RULE, [], severity="off")


def test_disabled_on_the_next_line() -> None:
    text = FAILS.replace(
        "- [Работа", "<!-- roadmap-lint-disable-next-line toc-text-mismatch -->\n- [Работа"
    )
    check(text, RULE, [(4, 5)])
