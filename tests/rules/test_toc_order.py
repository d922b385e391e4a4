"""RL202 toc-order: table-of-contents entries in another order than their headings."""

from __future__ import annotations

from roadmap_lint.model import Severity

from .documents import FREE_BOOKS
from .helpers import check, fixed, lint

RULE = "toc-order"

# The rule's documented examples.
FAILS = """\
- [Linear Regression](#linear-regression)
- [Random Forest](#random-forest)
- [Gradient Boosting](#gradient-boosting)

#### Linear Regression
#### Gradient Boosting
#### Random Forest
"""
PASSES = """\
- [C#](#c)
- [Go](#go)
- [Java](#java)
- [Python](#python)
- [Rust](#rust)

## Python
## C#
## Rust
## Go
## Java
"""


def toc_findings(text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in lint(text) if f.rule.startswith("toc-")]


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(2, 3)])
    assert finding.severity is Severity.WARNING
    assert 'entry "Random Forest" is out of order' in finding.message
    # One plain list: the fix rewrites it in heading order.
    assert fixed(FAILS, [finding]) == FAILS.replace(
        "- [Random Forest](#random-forest)\n- [Gradient Boosting](#gradient-boosting)\n",
        "- [Gradient Boosting](#gradient-boosting)\n- [Random Forest](#random-forest)\n",
    )


def test_documented_passing_example() -> None:
    # An alphabetical TOC of five entries over sections kept in another order.
    check(PASSES, RULE, [])


def test_toc_order() -> None:
    text = """# P
## Contents
- [A](#a)
- [C](#c)
- [B](#b)
- [D](#d)
## A
## B
## C
## D
"""
    [finding] = lint(text, RULE)
    assert finding.line == 4
    assert "C" in finding.message
    in_order = text.replace("- [C](#c)\n- [B](#b)", "- [B](#b)\n- [C](#c)")
    check(in_order, RULE, [])


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
    [finding] = lint(text, RULE)
    assert finding.line == 7
    assert 'entry "Random Forest" is out of order' in finding.message


# -- what is deliberate --------------------------------------------------------------------


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
    assert toc_findings(text) == []


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
    assert toc_findings(text) == []


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
    assert toc_findings(text) == []


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
    assert toc_findings(ALPHABETICAL) == []


def test_a_section_out_of_the_alphabetical_order_of_the_toc_is_reported_once() -> None:
    text = FREE_BOOKS.replace(
        "* [Rust](#rust)",
        "* [R](#r)\n* [Rocq Prover](#rocq-prover)\n* [Ruby](#ruby)\n* [Rust](#rust)",
    )
    text += "\n\n### R\n\n### Ruby\n\n### Rocq Prover\n\n### Rust\n"
    text = text.replace("### Rust\n\n* [Rust Book](https://example.org/rust)\n", "", 1)
    [finding] = lint(text, RULE)
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
    assert toc_findings(text) == []
    assert [f.target for f in lint(text, "broken-anchor")] == ["#tailwindcss"]


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(2, 3)], severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], severity="off")


def test_disabled_on_the_entry_s_line() -> None:
    text = FAILS.replace(
        "- [Random Forest](#random-forest)\n",
        "- [Random Forest](#random-forest) <!-- roadmap-lint-disable-line toc-order -->\n",
    )
    check(text, RULE, [])
