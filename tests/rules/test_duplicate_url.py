"""RL401 duplicate-url: an entry listed twice in one section; named: across sections too."""

from __future__ import annotations

from roadmap_lint.model import Severity

from .helpers import check, check_named, lint

RULE = "duplicate-url"

# The rule's documented examples.
FAILS = """\
## Data frames
- [Pandas tutorial](https://pandas.pydata.org/docs/getting_started/)
- [NumPy](https://numpy.org/)
- [Pandas: getting started](http://www.pandas.pydata.org/docs/getting_started?utm_source=x)
"""
PASSES = """\
## Python
- [Pandas tutorial](https://pandas.pydata.org/docs/getting_started/)
- [Site](https://a.org/x) <https://a.org/x>

## Data science
- [Pandas tutorial](https://pandas.pydata.org/docs/getting_started/)
<!-- roadmap-lint-disable-next-line duplicate-url -->
- [Pandas again](https://pandas.pydata.org/docs/getting_started/)
"""


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(4, 3)])
    assert finding.severity is Severity.WARNING
    assert "line 2" in finding.message


def test_documented_passing_example() -> None:
    # Once per section; a cross-listing; a repeat on one line; a repeat switched off.
    check(PASSES, RULE, [])


DUPLICATES = """\
# Resources

- [Pandas tutorial](https://pandas.pydata.org/docs/getting_started/)
- [NumPy](https://numpy.org/)
- [Pandas getting started](http://www.pandas.pydata.org/docs/getting_started?utm_source=x)
- [NumPy](https://numpy.org)
"""


def test_duplicate_url_reports_later_occurrences_pointing_at_the_first() -> None:
    found = check(DUPLICATES, RULE, [(5, 3), (6, 3)])
    assert all(f.severity is Severity.WARNING for f in found)
    assert "line 3" in found[0].message and "line 4" in found[1].message


def test_a_repeat_on_the_same_line_is_deliberate() -> None:
    text = "- [Site](https://a.org/x) <https://a.org/x>\n- [Site](https://a.org/x/)\n"
    assert [f.line for f in lint(text, RULE)] == [2]


def test_duplicates_ignore_anchors_images_badges_html_and_the_toc() -> None:
    text = """\
# Guide

## Contents

- [Setup](#setup)
- [Usage](#usage)

## Setup

[![build](https://img.shields.io/badge/build-passing-green)](https://ci.example.org/)
[![build](https://img.shields.io/badge/build-passing-green)](https://ci.example.org/)
![logo](https://example.org/logo.png) ![logo](https://example.org/logo.png)
<a href="https://example.org/a">A</a> <a href="https://example.org/a">A</a>
Back to [Setup](#setup), see [Setup](#setup).

## Usage

- [Spec: equality](https://tc39.es/ecma262/#sec-equality)
- [Spec: addition](https://tc39.es/ecma262/#sec-addition)
"""
    check(text, RULE, [])
    assert lint(text, "duplicate-url-title") == []
    # Two sections of one page are one citation when fragments are ignored.
    assert len(lint(text, RULE, ignore_fragments=True)) == 1


# -- what real lists do on purpose --------------------------------------------------------

AWESOME = """\
# Awesome Data Science

## Python

- [NumPy](https://numpy.org/) - Arrays.
- [pandas](https://pandas.pydata.org/) - Data frames.
- [ParaMonte](https://github.com/cdslaborg/paramonte) - Monte Carlo in Python.

NumPy's [user guide](https://numpy.org/) is the place to start, see also [NumPy](https://numpy.org).

## MATLAB

- [ParaMonte](https://github.com/cdslaborg/paramonte) - Monte Carlo in MATLAB.

## Sponsors

- [Comet](https://www.comet.com/site/) - Experiment tracking.

## Tools

- [Comet](https://www.comet.com/site/) - Experiment tracking.
"""


def test_prose_mentions_and_cross_listings_are_not_duplicates() -> None:
    assert lint(AWESOME, RULE, "duplicate-url-title") == []


def test_cross_listings_are_reported_when_the_rule_is_named() -> None:
    found = check_named(AWESOME, RULE, [(13, 3)])
    assert [(f.line, "in another section" in f.message) for f in found] == [(13, True)]


def test_a_resource_listed_twice_in_one_section_is_one_finding() -> None:
    text = """\
## Scaling

* [Zookeeper](http://www.slideshare.net/sauravhaloi/introduction-to-apache-zookeeper)
* [Consistent hashing](https://www.tom-e-white.com/2007/11/consistent-hashing.html)
* [Introduction to Zookeeper](http://www.slideshare.net/sauravhaloi/introduction-to-apache-zookeeper)
"""
    found = lint(text, RULE, "duplicate-url-title")
    assert [(f.rule, f.line) for f in found] == [("duplicate-url", 5)]
    assert "line 3" in found[0].message


# -- options and inline control ---------------------------------------------------------------


def test_ignore_fragments_option() -> None:
    text = (
        "- [Spec: equality](https://tc39.es/ecma262/#sec-equality)\n"
        "- [Spec: addition](https://tc39.es/ecma262/#sec-addition)\n"
    )
    check(text, RULE, [])
    check(text, RULE, [(2, 3)], ignore_fragments=True)


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(4, 3)], severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], severity="off")


def test_duplicate_url_can_be_disabled_inline() -> None:
    text = "- [a](https://a.org/)\n<!-- roadmap-lint-disable-next-line duplicate-url -->\n- [a](https://a.org)\n"
    check(text, RULE, [])
