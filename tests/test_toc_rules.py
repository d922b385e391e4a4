"""The TOC rules on the shapes real lists take: what is deliberate stays quiet, mistakes do not.

Each fixture is a small document written in the style of a real one (coding-interview
university and its translations, free-programming-books, system-design-primer, a roadmap
with its deep-learning chapter, the book of secret knowledge, project-based-learning).
"""

# ruff: noqa: RUF001  (the homoglyph fixture mixes scripts on purpose)

from __future__ import annotations

from roadmap_lint import lint_text
from roadmap_lint.config.settings import Config
from roadmap_lint.markdown import parse
from roadmap_lint.model import Finding

CONFIG = Config(offline=True, select=frozenset({"RL1", "RL2"}))


def found(text: str, rule: str | None = None) -> list[Finding]:
    return [f for f in lint_text(text, config=CONFIG).findings if rule in (None, f.rule)]


def toc_rules(text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in found(text) if f.rule.startswith("toc-")]


# -- toc-missing-entry -------------------------------------------------------------------

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
    missing = found(STUDY_PLAN, "toc-missing-entry")
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
    assert [(f.line, f.target) for f in found(text, "toc-missing-entry")] == [(18, "#видео")]


FREE_BOOKS = """\
## BY PROGRAMMING LANGUAGE

### Index

* [C](#c)
* [C#](#csharp)
* [C++](#cpp)
* [Go](#go)
* [Rust](#rust)


### C

* [The C Book](https://example.org/c)


### <a id="csharp"></a>C\\#

* [C# Notes](https://example.org/cs)


### <a id="cpp"></a>C++

* [C++ Notes](https://example.org/cpp)


### Go

* [Go Book](https://example.org/go)


### <a id="q-sharp"></a>Q\\#

* [Q# Guide](https://example.org/q)


### Rust

* [Rust Book](https://example.org/rust)
"""


def test_headings_reached_through_explicit_anchors_are_listed() -> None:
    [finding] = found(FREE_BOOKS, "toc-missing-entry")
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
    [finding] = found(text, "toc-missing-entry")
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
    assert found(text, "toc-missing-entry") == []
    listing_one = text.replace(
        "- [Testing](#testing)\n", "- [Testing](#testing)\n- [Contributing](#contributing)\n"
    )
    assert [f.target for f in found(listing_one, "toc-missing-entry")] == ["#license", "#sponsors"]


def test_translated_housekeeping_sections_are_not_expected() -> None:
    text = "# 코딩 면접\n\n## 목차\n\n- [자료구조](#자료구조)\n- [트리](#트리)\n\n## 자료구조\n## 트리\n## 라이센스\n"
    assert found(text, "toc-missing-entry") == []


DEEP_LEARNING = """\
# Deep Learning Frameworks Complete Guide

## Table of Contents

- [Introduction](#introduction)
- [TensorFlow/Keras](#tensorflowkeras)
  - [Installation](#installation)
  - [Functional API](#functional-api)
- [PyTorch](#pytorch)
  - [Installation](#installation)
  - [Tensors](#tensors)
- [Autograd and the computational graph](#autograd-and-the-computational-graph)
- [Comprehensive Learning Resources](#comprehensive-learning-resources)

## Introduction
### Why Use Frameworks?
### Framework Overview
## TensorFlow/Keras
### Installation
### Functional API
### Model Subclassing
### Functional API
## PyTorch
### Installation
### Tensors
## Comprehensive Learning Resources
### Official Documentation
### Books
## Autograd and the computational graph
"""


def test_sub_sections_of_a_section_listed_as_a_leaf_are_not_expected() -> None:
    missing = found(DEEP_LEARNING, "toc-missing-entry")
    # Model Subclassing is expected (its siblings are listed); the second "Functional API"
    # is the listed one written twice; the sub-sections of leaves are not expected.
    assert [f.target for f in missing] == ["#model-subclassing"]


def test_a_link_to_the_wrong_one_of_two_same_named_headings_is_one_finding() -> None:
    toc = [f for f in found(DEEP_LEARNING) if f.rule.startswith("toc-")]
    wrong = [f for f in toc if f.rule == "toc-text-mismatch"]
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
    [wrong] = found(text, "toc-text-mismatch")
    assert (wrong.line, wrong.suggestion) == (7, "#contributing-1")
    assert [f.target for f in found(text, "toc-missing-entry")] == ["#common-questions"]


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
    assert found(text, "toc-missing-entry") == []
    assert [f.target for f in found(text, "broken-anchor")] == ["#more-content-like-this"]


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
    assert found(text, "toc-missing-entry") == []
    assert len(found(text, "broken-anchor")) == 2


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
    assert [f.target for f in found(text, "toc-missing-entry")] == ["#yaml"]


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
    assert [f.target for f in found(text, "toc-missing-entry")] == ["#text-data--nlp"]


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
    assert found(text, "toc-missing-entry") == []
    # The heading "Tools" of the TOC takes `#tools`; the section is `#tools-1`.
    assert found(text, "broken-anchor") == []


# -- toc-order ---------------------------------------------------------------------------


def test_real_order_problems_are_kept() -> None:
    text = """\
# Machine Learning Roadmap 2025

## Contents

- [2.3 Supervised Learning](#23-supervised-learning)
  - [Linear Regression](#linear-regression)
  - [Random Forest](#random-forest)
  - [Gradient Boosting](#gradient-boosting)

## 2.3 Supervised Learning
#### Linear Regression
#### Gradient Boosting
#### Random Forest
"""
    [finding] = found(text, "toc-order")
    assert finding.line == 7
    assert 'entry "Random Forest" is out of order' in finding.message


def test_cross_references_are_not_out_of_order() -> None:
    text = """\
# The System Design Primer

## Index of system design topics

* [Availability patterns](#availability-patterns)
    * [Fail-over](#fail-over)
* [Load balancer](#load-balancer)
    * [Active-passive](#active-passive)
    * [Active-active](#active-active)
    * [Layer 4 load balancing](#layer-4-load-balancing)

## Availability patterns
### Fail-over
#### Active-passive
#### Active-active
## Load balancer
### Layer 4 load balancing
"""
    assert toc_rules(text) == []


def test_a_top_level_entry_for_a_nested_heading_is_a_cross_reference() -> None:
    text = """\
### Index

* [Eiffel](#eiffel)
* [Elm](#elm)
* [Erlang](#erlang)
* [JavaScript](#javascript)
    * [Elm](#elm)

### Eiffel
### Erlang
### JavaScript
#### Elm
"""
    assert toc_rules(text) == []


def test_entries_for_headings_above_the_toc_are_deliberate() -> None:
    text = """\
# Road to ML

## Career Paths
## System design foundations

## Table of Contents

- [Overview](#overview)
- [Resources](#resources)
- [Career Paths](#career-paths)
- [System design foundations](#system-design-foundations)

## Overview
## Resources
"""
    assert toc_rules(text) == []


ALPHABETICAL = """\
# Project Based Learning

## Table of Contents:

- [C#](#c)
- [C/C++](#cc)
- [Go](#go)
- [Haskell](#haskell)
- [Java](#java)
- [Python](#python)
- [Additional resources](#additional-resources)

## C/C++:
## C#:
## Java:
## Python:
## Go:
## Haskell:
## Additional Resources
"""


def test_an_alphabetical_toc_over_sections_in_another_order_is_deliberate() -> None:
    assert toc_rules(ALPHABETICAL) == []


def test_a_section_out_of_the_alphabetical_order_of_the_toc_is_reported_once() -> None:
    text = FREE_BOOKS.replace(
        "* [Rust](#rust)",
        "* [R](#r)\n* [Rocq Prover](#rocq-prover)\n* [Ruby](#ruby)\n* [Rust](#rust)",
    )
    text += "\n\n### R\n\n### Ruby\n\n### Rocq Prover\n\n### Rust\n"
    text = text.replace("### Rust\n\n* [Rust Book](https://example.org/rust)\n", "", 1)
    [finding] = found(text, "toc-order")
    assert finding.message == (
        'section "Rocq Prover" is out of the alphabetical order the table of contents follows'
    )
    assert finding.target == "#rocq-prover"
    assert finding.fix == ()


def test_knock_on_effects_of_a_broken_entry_are_not_reported() -> None:
    text = """\
# Free Programming Books

### Index

* [HTML and CSS](#html-and-css)
    * [Bootstrap](#bootstrap)
    * [Tailwindcss](#tailwindcss)
* [Java](#java)

### HTML and CSS
#### Bootstrap
### Java
"""
    assert toc_rules(text) == []
    assert [f.target for f in found(text, "broken-anchor")] == ["#tailwindcss"]


# -- toc-text-mismatch -------------------------------------------------------------------


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
    assert found(text, "toc-text-mismatch") == []


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
    [finding] = found(text, "toc-text-mismatch")
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
    [finding] = found(text, "toc-text-mismatch")
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
    assert found(text, "toc-text-mismatch") == []
    [missing] = found(text, "toc-missing-entry")
    assert missing.message == 'heading "Web Tools" has no entry in the table of contents'
    assert missing.suggestion == "[Web Tools](#web-tools-toc)"
