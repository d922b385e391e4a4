"""`--fix` completing a table of contents in every shape real lists use, every other byte kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_lint import lint_text
from roadmap_lint.config.settings import Config
from roadmap_lint.fix.edits import apply_edits
from roadmap_lint.model import Finding

OWN_RULES = ("--offline", "--select", "RL1,RL2")
CONFIG = Config(offline=True, select=frozenset({"RL1", "RL2"}))


def lint(text: str) -> list[Finding]:
    return lint_text(text, config=CONFIG).findings


def fixed_text(text: str) -> str:
    return apply_edits(text, [edit for finding in lint(text) for edit in finding.fix])[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


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
        - singly-linked
- [Final Review](#final-review)

**---------------- Everything below this point is optional ----------------**

### Optional Extra Topics & Resources

- [Additional Books](#additional-books)
- [Video Series](#video-series) (if you have time)

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
## Papers
"""


def test_a_toc_of_several_lists_is_completed_byte_exactly(run_cli, folder: Path) -> None:
    original = ("\ufeff" + STUDY_PLAN.replace("\n", "\r\n")).encode("utf-8")
    path = folder / "README.md"
    path.write_bytes(original)
    result = run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    expected = (
        STUDY_PLAN.replace(
            "- [How to use it](#how-to-use-it)\n",
            "- [How to use it](#how-to-use-it)\n- [Let's Get Started](#lets-get-started)\n",
        )
        .replace(
            "    - [Linked Lists](#linked-lists)\n        - singly-linked\n",
            "    - [Linked Lists](#linked-lists)\n        - singly-linked\n    - [Stack](#stack)\n",
        )
        .replace(
            "(if you have time)\n",
            "(if you have time)\n- [Papers](#papers)\n",
        )
    )
    assert path.read_bytes() == ("\ufeff" + expected.replace("\n", "\r\n")).encode("utf-8")
    assert "fixed 3 problem(s) in 1 file(s)" in result.stderr
    again = run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert "fixed" not in again.stderr and again.exit_code == 0


FREE_BOOKS = """\
### Index

* [C](#c)
* [C#](#csharp)
* [Go](#go)
* [Rust](#rust)
* [Zig](#zig)


### C
### <a id="csharp"></a>C\\#
### Go
### <a id="q-sharp"></a>Q\\#
### Rust
### TrueOS
### Zig
"""


def test_an_alphabetical_toc_gets_entries_in_alphabetical_place_linking_to_anchors() -> None:
    assert fixed_text(FREE_BOOKS) == FREE_BOOKS.replace(
        "* [Rust](#rust)\n", "* [Q#](#q-sharp)\n* [Rust](#rust)\n* [TrueOS](#trueos)\n"
    )


def test_an_alphabetical_toc_is_never_resorted() -> None:
    text = """\
# Project Based Learning

## Table of Contents:

- [C#](#c)
- [C/C++](#cc)
- [Go](#go)
- [Haskell](#haskell)
- [Java](#java)
- [Additional resources](#additional-resources)

## C/C++:
## C#:
## Java:
## Go:
## Haskell:
## Kotlin:
## Additional Resources
"""
    assert fixed_text(text) == text.replace(
        "- [Java](#java)\n", "- [Java](#java)\n- [Kotlin:](#kotlin)\n"
    )


def test_numbers_count_on_past_a_new_entry() -> None:
    text = "# T\n\n## Contents\n\n1. [A](#a)\n2. [C](#c)\n   - [C1](#c1)\n3. [D](#d)\n\n## A\n## B\n## C\n### C1\n## D\n"
    assert fixed_text(text) == text.replace(
        "1. [A](#a)\n2. [C](#c)\n   - [C1](#c1)\n3. [D](#d)\n",
        "1. [A](#a)\n2. [B](#b)\n3. [C](#c)\n   - [C1](#c1)\n4. [D](#d)\n",
    )


def test_entries_spanning_lines_and_tab_indentation_are_kept() -> None:
    text = (
        "## 目次\n\n- [データ構造](#データ構造)\n\t- [配列](#配列)\n"
        "- [ソート](#ソート)\n\t- 選択\n\tソート - マージソート\n\n"
        "## データ構造\n### 配列\n### スタック\n## ソート\n## 最終レビュー\n"
    )
    assert fixed_text(text) == text.replace(
        "\t- [配列](#配列)\n", "\t- [配列](#配列)\n\t- [スタック](#スタック)\n"
    ).replace(
        "\tソート - マージソート\n", "\tソート - マージソート\n- [最終レビュー](#最終レビュー)\n"
    )


def test_a_shared_prefix_and_suffix_and_the_title_without_the_toc_back_link() -> None:
    text = """\
# The Book of Secret Knowledge

## :anger: &nbsp;Table of Contents

- **[CLI Tools](#cli-tools-toc)**
- **[GUI Tools](#gui-tools-toc)**

#### CLI Tools &nbsp;[<sup>[TOC]</sup>](#anger-table-of-contents)
#### GUI Tools &nbsp;[<sup>[TOC]</sup>](#anger-table-of-contents)
#### Web Tools &nbsp;[<sup>[TOC]</sup>](#anger-table-of-contents)
"""
    assert fixed_text(text) == text.replace(
        "- **[GUI Tools](#gui-tools-toc)**\n",
        "- **[GUI Tools](#gui-tools-toc)**\n- **[Web Tools](#web-tools-toc)**\n",
    )


def test_a_toc_that_cannot_be_completed_says_why() -> None:
    text = "# T\n\n## Contents\n\n- [A](#a) and [B](#b)\n- [C](#c)\n\n## A\n## B\n## C\n## D\n"
    missing = [f for f in lint(text) if f.rule == "toc-missing-entry"]
    assert [f.target for f in missing] == ["#b", "#d"]
    assert all(f.fix == () for f in missing)
    assert missing[1].message == (
        'heading "D" has no entry in the table of contents '
        "(--fix cannot add it: an entry holds several links)"
    )
    assert fixed_text(text) == text


def test_the_wrong_one_of_two_twins_is_relinked_in_the_reordered_toc() -> None:
    text = """\
# Deep Learning Frameworks

## Table of Contents

- [Autograd](#autograd)
- [TensorFlow](#tensorflow)
  - [Installation](#installation)
- [PyTorch](#pytorch)
  - [Installation](#installation)

## TensorFlow
### Installation
## PyTorch
### Installation
## Autograd
"""
    toc = [f for f in lint(text) if f.rule.startswith("toc-")]
    assert sorted(f.rule for f in toc) == ["toc-order", "toc-text-mismatch"]
    assert fixed_text(text) == text.replace(
        "- [Autograd](#autograd)\n- [TensorFlow](#tensorflow)\n  - [Installation](#installation)\n"
        "- [PyTorch](#pytorch)\n  - [Installation](#installation)\n",
        "- [TensorFlow](#tensorflow)\n  - [Installation](#installation)\n"
        "- [PyTorch](#pytorch)\n  - [Installation](#installation-1)\n- [Autograd](#autograd)\n",
    )


ROADMAP = """\
# Machine Learning Roadmap

## 🐍 1. Python
- 📖 [1.1 Introduction](#11-introduction)
- 🛠️ [1.2 Data Manipulation](#12-data-manipulation)

## 📊 2. Data Science
1. 🤖 [2.1 Supervised Learning](#21-supervised-learning)
   - 📈 [Linear Regression](#linear-regression)
   - 🌲 [Random Forest](#random-forest)
     **Bagging.**
   - ⚡ [Gradient Boosting](#gradient-boosting)
2. 🔍 [2.2 Unsupervised Learning](#22-unsupervised-learning)

# 1.1 Introduction
# 1.2 Data Manipulation
# 2.1 Supervised Learning
## Linear Regression
## Gradient Boosting
## Random Forest
# 2.2 Unsupervised Learning
"""


def test_a_toc_of_several_lists_is_reordered_list_by_list() -> None:
    [finding] = [f for f in lint(ROADMAP) if f.rule == "toc-order"]
    assert finding.line == 10 and finding.fix
    assert fixed_text(ROADMAP) == ROADMAP.replace(
        "   - 🌲 [Random Forest](#random-forest)\n     **Bagging.**\n"
        "   - ⚡ [Gradient Boosting](#gradient-boosting)\n",
        "   - ⚡ [Gradient Boosting](#gradient-boosting)\n"
        "   - 🌲 [Random Forest](#random-forest)\n     **Bagging.**\n",
    )
    assert [f for f in lint(fixed_text(ROADMAP)) if f.rule == "toc-order"] == []


def test_numbers_stay_in_place_when_entries_move() -> None:
    text = (
        "## Contents\n\n1. [B](#b)\n2. [A](#a)\n3. [C](#c)\n\n## Other\n\n- [X](#x)\n\n"
        "## A\n## B\n## C\n## X\n"
    )
    assert fixed_text(text).startswith("## Contents\n\n1. [A](#a)\n2. [B](#b)\n3. [C](#c)\n")


def test_an_order_that_cannot_be_fixed_says_why() -> None:
    text = (
        "## Contents\n\n- [B](#b)\n\n  Notes between the entries.\n\n- [A](#a)\n\n"
        "## Other\n\n- [X](#x)\n\n## A\n## B\n## X\n"
    )
    found = [f for f in lint(text) if f.rule == "toc-order"]
    assert found and all(not f.fix for f in found)
    assert all("--fix cannot reorder it" in f.message for f in found)
