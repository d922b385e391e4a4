"""RL410 empty-section (off by default): a heading with nothing before the next heading of the
same or a higher level."""

from __future__ import annotations

from roadmap_lint.model import Severity

from .helpers import check, check_named, lint

RULE = "empty-section"

# The rule's documented examples, in a document with a title (a first heading followed
# directly by the first section is the document's title, never an empty section).
FAILS = """\
# Roadmap

## Reinforcement Learning

## Deployment
- [Docker for Data Science](https://docker-curriculum.com/)
"""
PASSES = """\
## Reinforcement Learning
- [Spinning Up in Deep RL](https://spinningup.openai.com/)

## Deployment
### Docker
- [Docker for Data Science](https://docker-curriculum.com/)
"""


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(3, 1)])
    assert finding.severity is Severity.WARNING
    assert finding.message == 'section "Reinforcement Learning" is empty'


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [])


def test_empty_section() -> None:
    text = """\
# Roadmap

## Reinforcement Learning

<!-- TODO -->

---

## Deployment
### Docker
- [Docker for Data Science](https://docker-curriculum.com/)

Setext title
------------

## Last
"""
    found = lint(text, RULE)
    assert [(f.line, f.message) for f in found] == [
        (3, 'section "Reinforcement Learning" is empty'),
        (13, 'section "Setext title" is empty'),
        (16, 'section "Last" is empty'),
    ]


def test_sections_with_content_are_not_empty() -> None:
    text = "# A\n\nText.\n\n## B\n\n```\ncode\n```\n\n## C\n<p>html</p>\n\nSetext\n===\nbody\n"
    check(text, RULE, [])


def test_empty_section_skips_titles_bylines_and_toc_headings() -> None:
    text = """\
# Machine Learning Roadmap 2025

# 🚀 Goal of the Roadmap
Resources to become a data scientist.

## ✨ by Timur Bikmukhametov

## 🚀 Table of Contents

## 🐍 1. Python
- [1.1 Introduction](#11-introduction)

## 1.1 Introduction

Text.

## Unwritten

## Deployment
- [Docker](https://docs.docker.com/)
"""
    found = lint(text, RULE)
    assert [f.line for f in found] == [17]


def test_off_by_default() -> None:
    assert [f for f in lint(FAILS) if f.rule == RULE] == []


def test_named_it_reports_the_same() -> None:
    check_named(FAILS, RULE, [(3, 1)])


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(3, 1)], severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], severity="off")


def test_disabled_on_the_heading_s_line() -> None:
    text = FAILS.replace(
        "## Reinforcement Learning\n",
        "## Reinforcement Learning <!-- roadmap-lint-disable-line empty-section -->\n",
    )
    check(text, RULE, [])
