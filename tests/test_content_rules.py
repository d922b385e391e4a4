"""The content rules (RL4xx): each firing where it should and quiet where it should not."""

# ruff: noqa: RUF001  (the mojibake tests are made of look-alike characters)

from __future__ import annotations

import pytest

from roadmap_lint import lint_text
from roadmap_lint.config.settings import Config
from roadmap_lint.fix.edits import apply_edits
from roadmap_lint.model import Finding, Severity
from roadmap_lint.rules import find_rule
from roadmap_lint.urls import normalise, tracking_parameters, without_tracking


def findings(text: str, rule: str, *, named: bool = False, **options: object) -> list[Finding]:
    """The rule's findings offline, as in a default run; `named`: as with `--select RULE`.

    A rule that is off by default is turned on (by name) so that it runs at all.
    """
    found = find_rule(rule)
    assert found is not None
    extend = frozenset({rule}) if named or not found.default else frozenset()
    config = Config(offline=True, extend_select=extend, rule_options={rule: options})
    report = lint_text(text, config=config)
    return [f for f in report.findings if f.rule == rule]


def fixed(text: str, found: list[Finding]) -> str:
    return apply_edits(text, [edit for finding in found for edit in finding.fix])[0]


# -- URL normalisation --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/docs",
        "HTTP://Example.ORG/docs/",
        "https://www.example.org:443/docs",
        "http://example.org:80/docs?utm_source=newsletter",
        "https://example.org/docs#install",
    ],
)
def test_normalised_urls_name_the_same_resource(url: str) -> None:
    assert normalise(url) == normalise("https://example.org/docs")


def test_normalisation_keeps_what_selects_the_resource() -> None:
    assert normalise("https://example.org/Docs") != normalise("https://example.org/docs")
    assert normalise("https://youtube.com/watch?v=a") != normalise("https://youtube.com/watch?v=b")
    assert normalise("https://example.org:8080/") != normalise("https://example.org/")


def test_tracking_parameters_depend_on_the_host() -> None:
    assert tracking_parameters("https://youtu.be/abc?si=X&t=10") == ["si"]
    assert tracking_parameters("https://example.org/?si=X") == []
    assert tracking_parameters("https://www.amazon.de/dp/1?tag=me-21") == ["tag"]
    assert tracking_parameters("https://example.org/?tag=python") == []
    assert tracking_parameters("https://github.com/o/r/archive?ref=main") == []
    assert tracking_parameters("https://example.org/?q=1&id=2&page=3&list=4&v=5") == []


def test_without_tracking_keeps_everything_else_as_written() -> None:
    url = "https://example.org/a%20b?b=2&utm_source=x&a=%C3%A9&fbclid=Y#Frag?utm_medium=z"
    assert without_tracking(url) == "https://example.org/a%20b?b=2&a=%C3%A9#Frag?utm_medium=z"
    assert without_tracking("https://example.org/?utm_source=x#top") == "https://example.org/#top"


# -- duplicate-url and duplicate-url-title ------------------------------------------------

DUPLICATES = """\
# Resources

- [Pandas tutorial](https://pandas.pydata.org/docs/getting_started/)
- [NumPy](https://numpy.org/)
- [Pandas getting started](http://www.pandas.pydata.org/docs/getting_started?utm_source=x)
- [NumPy](https://numpy.org)
"""


def test_duplicate_url_reports_later_occurrences_pointing_at_the_first() -> None:
    found = findings(DUPLICATES, "duplicate-url")
    assert [(f.line, f.column) for f in found] == [(5, 3), (6, 3)]
    assert all(f.severity is Severity.WARNING for f in found)
    assert "line 3" in found[0].message and "line 4" in found[1].message


def test_the_same_resource_in_other_words_is_not_a_title_problem() -> None:
    # "Pandas tutorial" and "Pandas getting started" name one thing: duplicate-url's finding.
    assert findings(DUPLICATES, "duplicate-url-title") == []


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
    assert findings(text, "duplicate-url") == []
    assert findings(text, "duplicate-url-title") == []
    # Two sections of one page are one citation when fragments are ignored.
    assert len(findings(text, "duplicate-url", **{"ignore-fragments": True})) == 1


def test_a_repeat_on_the_same_line_is_deliberate() -> None:
    text = "- [Site](https://a.org/x) <https://a.org/x>\n- [Site](https://a.org/x/)\n"
    assert [f.line for f in findings(text, "duplicate-url")] == [2]


def test_duplicate_url_can_be_disabled_inline() -> None:
    text = "- [a](https://a.org/)\n<!-- roadmap-lint-disable-next-line duplicate-url -->\n- [a](https://a.org)\n"
    assert findings(text, "duplicate-url") == []


# -- insecure-url ---------------------------------------------------------------------------


INSECURE = (
    "- [Bayesian Optimization](http://haikufactory.com/files/bayopt.pdf)\n"
    "- ![chart](HTTP://charts.example.net.au/c.png)\n"
    "- [secure](https://haikufactory.com/)\n"
)


def test_insecure_url_reports_nothing_it_cannot_verify_by_default() -> None:
    # Offline no https:// form can be verified: a default run has nothing to act on.
    assert findings(INSECURE, "insecure-url") == []


def test_insecure_url_named_lists_every_http_link_without_a_suggestion() -> None:
    found = findings(INSECURE, "insecure-url", named=True)
    assert [(f.line, f.column) for f in found] == [(1, 3), (2, 3)]
    assert all(f.suggestion is None and f.fix == () for f in found)


def test_insecure_url_ignores_local_private_and_example_hosts() -> None:
    text = (
        "[a](http://localhost:8888/) [b](http://127.0.0.1/) [c](http://192.168.1.10/)\n"
        "[d](http://printer.local/) [e](http://intranet/) [f](http://example.com/)\n"
        "[g](http://[::1]:8000/)\n"
    )
    assert findings(text, "insecure-url", named=True) == []


def test_insecure_url_reports_a_reference_at_its_definition() -> None:
    text = "Read [the paper][p] and [again][p].\n\n[p]: http://papers.example-journal.org/1.pdf\n"
    [finding] = findings(text, "insecure-url", named=True)
    assert (finding.line, finding.column) == (3, 1)


def test_insecure_url_allow_hosts_option() -> None:
    text = "[a](http://old.example-site.org/x)\n"
    options = {"allow-hosts": ["old.example-site.org"]}
    assert findings(text, "insecure-url", named=True, **options) == []


# -- tracking-parameter ---------------------------------------------------------------------

TRACKED = """\
- [Linear Algebra](https://www.3blue1brown.com/topics/linear-algebra?ref=mrdbourke.com)
- [EAGLE-3 paper](https://arxiv.org/abs/2503.01840?utm_source=chatgpt.com)
- [Talk](https://youtu.be/qwAFL1597eM?si=Ab12&t=42#chapter)
- [Docs](https://example.org/guide?b=2&fbclid=IwAR0x&a=%20)
"""


def test_tracking_parameters_found_with_cleaned_url_and_fix() -> None:
    found = findings(TRACKED, "tracking-parameter")
    assert [f.line for f in found] == [1, 2, 3, 4]
    assert "ref" in found[0].message
    assert found[0].suggestion == "https://www.3blue1brown.com/topics/linear-algebra"
    assert found[1].suggestion == "https://arxiv.org/abs/2503.01840"
    assert found[2].suggestion == "https://youtu.be/qwAFL1597eM?t=42#chapter"
    assert found[3].suggestion == "https://example.org/guide?b=2&a=%20"
    assert fixed(TRACKED, found) == (
        "- [Linear Algebra](https://www.3blue1brown.com/topics/linear-algebra)\n"
        "- [EAGLE-3 paper](https://arxiv.org/abs/2503.01840)\n"
        "- [Talk](https://youtu.be/qwAFL1597eM?t=42#chapter)\n"
        "- [Docs](https://example.org/guide?b=2&a=%20)\n"
    )


def test_parameters_that_select_the_resource_are_kept() -> None:
    text = (
        "- [Lecture](https://www.youtube.com/watch?v=qwAFL1597eM&list=PL8dPuu&t=42)\n"
        "- [Search](https://duckduckgo.com/?q=python)\n"
        "- [Issue](https://example.org/show?id=7&page=2)\n"
        "- [Branch](https://github.com/o/r/blob/x?ref=main)\n"
    )
    assert findings(text, "tracking-parameter") == []


def test_no_fix_when_the_url_is_not_written_verbatim() -> None:
    text = "[a](https://example.org/?x=1&amp;fbclid=y)\n"
    [finding] = findings(text, "tracking-parameter")
    assert finding.suggestion == "https://example.org/?x=1"
    assert finding.fix == ()


def test_extra_tracking_parameters_option() -> None:
    text = "[a](https://example.org/?campaign=spring&x=1)\n"
    assert findings(text, "tracking-parameter") == []
    [finding] = findings(text, "tracking-parameter", **{"extra-parameters": ["campaign"]})
    assert finding.suggestion == "https://example.org/?x=1"


# -- mojibake -------------------------------------------------------------------------------

GARBLED = """\
# ğŸš€ Goal of the Roadmap
- âœ… Each topic has links to free courses.
Itâ€™s powerful, and cafÃ© is cafÃ©.
## ğŸ 1. Python
# âœ‰ï¸ Subscribe to my newsletter
- Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€
"""


def test_mojibake_found_once_per_line_with_repair_and_fix() -> None:
    found = findings(GARBLED, "mojibake")
    assert [(f.line, f.column) for f in found] == [(1, 3), (2, 3), (3, 3), (4, 4), (5, 3), (6, 3)]
    assert found[0].suggestion == "🚀"
    assert found[1].suggestion == "✅"
    assert found[2].suggestion == "It’s powerful, and café is café"[2:]
    assert found[3].suggestion is None  # bytes lost: 🐍 cannot be recovered
    assert "retype" in found[3].message
    assert found[4].suggestion == "✉\ufe0f"
    assert found[5].suggestion == "привет мир"
    assert fixed(GARBLED, found) == (
        "# 🚀 Goal of the Roadmap\n"
        "- ✅ Each topic has links to free courses.\n"
        "It’s powerful, and café is café.\n"
        "## ğŸ 1. Python\n"
        "# ✉\ufe0f Subscribe to my newsletter\n"
        "- привет мир\n"
    )


def test_mojibake_lossy_runs_from_the_seed_roadmap() -> None:
    text = (
        "# ğŸ¯ Who is this roadmap for?\n"
        "  - â• [Linear Algebra](#linear-algebra)\n"
        "- ğŸ›\xa0ï¸ [1.2 Data Manipulation](#12-data-manipulation)\n"
        "  - âš¡ [Gradient Boosting](#gradient-boosting)\n"
    )
    found = findings(text, "mojibake")
    assert [f.line for f in found] == [1, 2, 3, 4]
    assert found[3].suggestion == "⚡"
    assert "Windows-1254" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "Voilà… c’est ça, «café», naïve résumé, Ça va? À bientôt!",
        "„Grüße“ aus Köln — Straße“, Äpfel, Übung, ß–",
        "São Paulo, NÃO, ação, coração; El niño, ¿qué?, ¡olé!, año…",
        "Привет, мир! Съешь же ещё этих мягких французских булок.",
        "Ελληνικά κείμενα και ελληνικός πολιτισμός",
        "原先我为了成为一个软件工程师而建立这份简单的学习主题清单，但这份清单。",
        "日本語のテキスト、コーディング面接大学。",
        "코딩 인터뷰 대학교 한국어",
        "ภาษาไทย สวัสดีครับ",
        "Türkçe: doğru, ağ”, İstanbul, şişe, ığdır",
        "Emoji 🚀 ✅ ⚡ ✉️ 🛠️ 🐍 👨‍💻 and symbols © ® ™ ° ± × ÷ € £ ¥ • – —",
        "Polski: zażółć gęślą jaźń; Čeština: příliš žluťoučký kůň",
    ],
)
def test_real_non_english_text_is_not_mojibake(text: str) -> None:
    assert findings(f"# Title\n\n{text}\n", "mojibake") == []


def test_mojibake_in_code_is_ignored() -> None:
    text = (
        "# Title\n\n```\nprint('ğŸš€')\n```\n\nRun `echo Ã©` here.\n\n  ~~~\n  âœ…\n  ~~~\n"
        "\nFails:\n\n    # ğŸš€ Goal\n\n    - âœ… Each topic\n\nEnd.\n"
    )
    assert findings(text, "mojibake") == []


# -- empty-link-text, non-descriptive-link-text, bare-url -----------------------------------


def test_empty_link_text() -> None:
    text = (
        "- [](https://scikit-learn.org/stable/)\n"
        "- [  ](https://numpy.org/)\n"
        "- [scikit-learn](https://scikit-learn.org/stable/)\n"
        "- [![logo](logo.png)](https://pandas.pydata.org/)\n"
        '- [<img src="logo.png" alt="pandas">](https://pandas.pydata.org/)\n'
        "- ![chart](chart.png) and ![](spacer.png)\n"
    )
    found = findings(text, "empty-link-text")
    assert [(f.line, f.column) for f in found] == [(1, 3), (2, 3)]


def test_non_descriptive_link_text() -> None:
    text = (
        "The tutorial is [here](https://docs.python.org/3/tutorial/).\n"
        "[Click here!](https://a.org/) [Read more…](https://b.org/) [this](https://c.org/)\n"
        "Read [the Python tutorial](https://docs.python.org/3/tutorial/), [Go](https://go.dev/).\n"
        "Jump [here](#top).\n"
    )
    found = findings(text, "non-descriptive-link-text")
    assert [(f.line, f.column) for f in found] == [(1, 17), (2, 1), (2, 31), (2, 60)]
    assert findings(text, "non-descriptive-link-text", words=["tutorial"]) == []


def test_bare_url() -> None:
    text = (
        "Course materials: https://cs229.stanford.edu/ and www.fast.ai.\n"
        "Fine: <https://cs229.stanford.edu/> [CS229](https://cs229.stanford.edu/)\n"
        "Run `curl https://example.org/install.sh`.\n\n"
        "```\nhttps://example.org/in-code\n```\n"
    )
    found = findings(text, "bare-url")
    assert [(f.line, f.column) for f in found] == [(1, 19), (1, 51)]
    assert found[0].suggestion == "<https://cs229.stanford.edu/>"
    assert found[1].suggestion == "<https://www.fast.ai>"


def test_bare_url_is_off_by_default() -> None:
    report = lint_text("See https://cs229.stanford.edu/ for the course.\n")
    assert [f for f in report.findings if f.rule == "bare-url"] == []


# -- heading-level-skip and empty-section ---------------------------------------------------


def test_heading_level_skip() -> None:
    text = "### Start deep\n\n## Supervised\n\n#### Random Forest\n\n### Trees\n\n# Back up\n"
    [finding] = findings(text, "heading-level-skip")
    assert (finding.line, finding.column) == (5, 1)
    assert "level 4" in finding.message and "level 2" in finding.message
    assert "the 1 heading under it (to line 7) up 1 level" in finding.message
    assert finding.suggestion == "###"


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
    found = findings(text, "empty-section")
    assert [(f.line, f.message) for f in found] == [
        (3, 'section "Reinforcement Learning" is empty'),
        (13, 'section "Setext title" is empty'),
        (16, 'section "Last" is empty'),
    ]


def test_sections_with_content_are_not_empty() -> None:
    text = "# A\n\nText.\n\n## B\n\n```\ncode\n```\n\n## C\n<p>html</p>\n\nSetext\n===\nbody\n"
    assert findings(text, "empty-section") == []


# -- image-alt-missing ----------------------------------------------------------------------


def test_image_alt_missing() -> None:
    text = (
        "![](images/roadmap.png)\n"
        "[![](https://img.shields.io/badge/license-MIT-blue)](LICENSE)\n"
        '[<img src="images/newsletter.png">](https://news.example.org/)\n'
        '<img src="images/divider.png" alt="">\n'
        "![Machine Learning Roadmap](images/roadmap.png)\n"
        '<img src="images/pdf.png" alt="Download the PDF" width="250">\n'
    )
    found = findings(text, "image-alt-missing")
    assert [(f.line, f.column) for f in found] == [(1, 1), (2, 2), (3, 2)]


# -- list-item-style ------------------------------------------------------------------------


def test_list_item_style_reports_the_odd_items() -> None:
    text = """\
# Libraries

- [NumPy](https://numpy.org/) - Arrays and numerical computing.
- [pandas](https://pandas.pydata.org/) - Data frames and analysis.
- [Polars](https://pola.rs/) - Fast data frames
- [Matplotlib](https://matplotlib.org/): Plotting.
- [SciPy](https://scipy.org/) - Scientific computing. [Deprecated]
- [seaborn](https://seaborn.pydata.org/) - Statistical plots. 📊
- [Plotly](https://plotly.com/python/) - Interactive plots.
- Bokeh, interactive plots.
- [Altair](https://altair-viz.github.io/) - Declarative plots. ([Source](https://github.com/a/a))
- [Dask](https://www.dask.org/) - Parallel computing.
- [Numba](https://numba.pydata.org/) - JIT compiler.
- [JAX](https://jax.readthedocs.io/) - Composable transformations.
"""
    found = findings(text, "list-item-style")
    assert [f.line for f in found] == [5, 6, 10]
    assert "does not end with a period" in found[0].message
    assert 'uses ":" instead of "-"' in found[1].message
    assert "does not start with a link" in found[2].message
    assert "`[Name](url) - Description.`" in found[0].message


def test_list_item_style_is_quiet_on_small_or_mixed_lists() -> None:
    small = "- [a](https://a.org/) - A.\n- [b](https://b.org/) - B.\n- [c](https://c.org/): C\n"
    mixed = "".join(
        f"- [{n}](https://{n}.org/){sep}\n"
        for n, sep in zip("abcdef", [" - A.", ": B", " - C", " — D.", "", " - F."], strict=True)
    )
    notes = (
        "".join(f"- [{n}](https://{n}.org/)\n" for n in "abcde") + "- [f](https://f.org/) (2019)\n"
    )
    for text in (small, mixed, notes):
        assert findings(text, "list-item-style") == []


def test_list_item_style_skips_the_toc() -> None:
    text = (
        "# Guide\n\n## Table of Contents\n\n"
        "- [A](#a) - first.\n- [B](#b) - second.\n- [C](#c) - third.\n- [D](#d)\n\n"
        "## A\n\ntext\n\n## B\n\ntext\n\n## C\n\ntext\n\n## D\n\ntext\n"
    )
    assert findings(text, "list-item-style") == []
