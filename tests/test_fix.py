"""`--fix`: which fixes exist, that they are exact, and that nothing else in a file moves."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from roadmap_lint import lint_text
from roadmap_lint.config.settings import Config
from roadmap_lint.fix.edits import apply_edits
from roadmap_lint.model import Edit, Finding
from roadmap_lint.pipeline import fix_paths

# Only the rules whose fixes are tested here, so that other rules' fixes stay out of the way.
OWN_RULES = ("--offline", "--select", "RL1,RL2")
CONFIG = Config(offline=True, select=frozenset({"RL1", "RL2"}))


def lint(text: str) -> list[Finding]:
    return lint_text(text, config=CONFIG).findings


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    return tmp_path


def write(folder: Path, text: str | bytes, name: str = "README.md") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def fixed_text(text: str) -> str:
    """The text after `--fix` (in memory), for the edits of every finding."""
    edits = [edit for finding in lint(text) for edit in finding.fix]
    return apply_edits(text, edits)[0]


def fixes_of(text: str, rule: str) -> list[tuple[Edit, ...]]:
    return [f.fix for f in lint(text) if f.rule == rule]


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.split("\n"), after.split("\n")
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


# -- the seed roadmap's broken TOC anchors -------------------------------------------------

ROADMAP = """\
# Machine Learning Roadmap 2025

# 🚀 Roadmap Table of Contents  ↵

## 📊 2. Data Science / ML Introduction  ↵
- 🤖 [2.3 Supervised Learning](#23-supervised-learning)  ↵
  - 📈 [Linear Regression](#linear-regression)  ↵
  - 🔍 [k-NN (k Nearest Neighbours)](#k-nearest-neighbours-k-nn)  ↵

## 🔬 3. Data Science / ML Deep Dive  ↵
- 🔄 [3.3 Optimization with Python](#33-optimization-with-python)  ↵
  - 🧠 [Bayesian Optimization](#bayesian-optimization)  ↵
  - 🎮 [Interactive Optimization Playground](#interactive-playground-of-several-optimization-methods)  ↵
\t- [Tabbed](#bayesian-optimization)\t

---

## 2. Data Science / ML Introduction
### 2.3 Supervised Learning
#### Linear Regression
#### k-Nearest Neighbors (k-NN)
## 3. Data Science / ML Deep Dive
### 3.3 Optimization with Python
#### Bayesian Optimization
#### Interactive Playground of Several Optimization Methods (works well for understanding)
""".replace("↵", "")  # ↵ ends a line whose trailing spaces matter


def test_roadmap_toc_anchors_are_fixed_and_nothing_else(run_cli, folder: Path) -> None:
    path = write(folder, ROADMAP)
    result = run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert result.exit_code == 0, result.stdout
    after = path.read_text(encoding="utf-8")
    assert changed_lines(ROADMAP, after) == [
        (
            "  - 🔍 [k-NN (k Nearest Neighbours)](#k-nearest-neighbours-k-nn)  ",
            "  - 🔍 [k-NN (k Nearest Neighbours)](#k-nearest-neighbors-k-nn)  ",
        ),
        (
            "  - 🎮 [Interactive Optimization Playground]"
            "(#interactive-playground-of-several-optimization-methods)  ",
            "  - 🎮 [Interactive Optimization Playground]"
            "(#interactive-playground-of-several-optimization-methods"
            "-works-well-for-understanding)  ",
        ),
    ]
    assert "fixed 2 problem(s) in 1 file(s)" in result.stderr
    assert not [f for f in lint(after) if f.rule in ("broken-anchor", "anchor-case")]


def test_a_toc_of_several_lists_under_sub_headings_is_reordered_list_by_list() -> None:
    in_order = (
        "  - 📈 [Linear Regression](#linear-regression)  \n"
        "  - 🔍 [k-NN (k Nearest Neighbours)](#k-nearest-neighbors-k-nn)  \n"
    )
    swapped = (
        "  - 🔍 [k-NN (k Nearest Neighbours)](#k-nearest-neighbors-k-nn)  \n"
        "  - 📈 [Linear Regression](#linear-regression)  \n"
    )
    shuffled = ROADMAP.replace(
        "  - 📈 [Linear Regression](#linear-regression)  \n"
        "  - 🔍 [k-NN (k Nearest Neighbours)](#k-nearest-neighbours-k-nn)  \n",
        swapped,
    )
    orders = fixes_of(shuffled, "toc-order")
    assert orders and all(fix != () for fix in orders)
    after = fixed_text(shuffled)
    # Only the two entries trade places; the other lines are fixed as in the unshuffled TOC.
    assert in_order in after and swapped not in after
    assert after.replace(in_order, swapped) == fixed_text(
        ROADMAP.replace("#k-nearest-neighbours-k-nn", "#k-nearest-neighbors-k-nn")
    ).replace(in_order, swapped)


# -- broken-anchor and anchor-case: every way a destination is written ---------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("[Install](#instalation)", "[Install](#installation)"),
        ("![img](#instalation)", "![img](#installation)"),
        ("[a](<#instalation>)", "[a](<#installation>)"),
        ('[a](#instalation "title")', '[a](#installation "title")'),
        ("[a]( #instalation )", "[a]( #installation )"),
        ('<a href="#instalation">a</a>', '<a href="#installation">a</a>'),
        ("<a href='#instalation'>a</a>", "<a href='#installation'>a</a>"),
        # The link text names the fragment too: only the destination changes.
        ("[#instalation](#instalation)", "[#instalation](#installation)"),
        ("[**#Installation**](#Installation)", "[**#Installation**](#installation)"),
        ("[![x](#instalation)](#instalation)", "[![x](#installation)](#installation)"),
        # A case-only match (anchor-case) gets the exact id.
        ("[a](#INSTALLATION)", "[a](#installation)"),
    ],
)
def test_fragment_fixes_edit_only_the_destination(before: str, after: str) -> None:
    text = f"# Guide\n\nSee {before} here.\n\n## Installation\n"
    assert fixed_text(text) == f"# Guide\n\nSee {after} here.\n\n## Installation\n"


def test_reference_links_are_fixed_in_their_definition() -> None:
    text = "# Guide\n\n[a][ref] and [b][ref]\n\n[ref]: #instalation\n\n## Installation\n"
    [only] = fixes_of(text, "broken-anchor")  # one definition: one finding, on its line
    assert [edit.line for edit in only] == [5]
    assert fixed_text(text) == text.replace("[ref]: #instalation", "[ref]: #installation")


def test_percent_encoded_fragment_is_replaced_in_its_written_form() -> None:
    text = "# Guide\n\n[menu](#caf%C3%A9-menu)\n\n## Café Menus\n"
    assert fixed_text(text) == text.replace("#caf%C3%A9-menu", "#caf%C3%A9-menus")
    plain = "# Guide\n\n[menu](#café-menu)\n\n## Café Menus\n"
    assert fixed_text(plain) == plain.replace("#café-menu)", "#café-menus)")


def test_links_into_other_files_are_fixed(run_cli, folder: Path) -> None:
    write(folder, "# Guide\n\n## Installation\n\n## Usage\n", "docs/guide.md")
    readme = write(folder, "# Read me\n\n[i](docs/guide.md#instalation) [u](docs/guide.md#Usage)\n")
    result = run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert result.exit_code == 0
    assert readme.read_text(encoding="utf-8") == (
        "# Read me\n\n[i](docs/guide.md#installation) [u](docs/guide.md#usage)\n"
    )


@pytest.mark.parametrize(
    ("link", "headings"),
    [
        # Two headings equally close: the suggestion would be a coin toss.
        ("#setup-guid", "## Setup Guide A\n## Setup Guide B\n"),
        # Close enough for a suggestion, but a different word or number is a guess.
        ("#tailwindcss", "## HTML and CSS\n"),
        ("#python-2-basics", "## Python 3 Basics\n"),
        ("#name-for-element", "## id for element\n"),
        # Nothing close at all.
        ("#zzz", "## Installation\n"),
    ],
)
def test_broken_anchors_without_a_certain_target_are_left_alone(
    run_cli, folder: Path, link: str, headings: str
) -> None:
    text = f"# Guide\n\n[x]({link})\n\n{headings}"
    path = write(folder, text)
    [finding] = [f for f in lint(text) if f.rule == "broken-anchor"]
    assert finding.fix == ()
    result = run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert result.exit_code == 1  # the error remains
    assert path.read_bytes() == text.encode("utf-8")
    assert "fixed" not in result.stderr


def test_a_destination_written_with_escapes_is_not_guessed_at() -> None:
    # The URL as parsed (`#instal_ation`) is not the text as written (`#instal\_ation`).
    text = "# Guide\n\n[a](#instal\\_ation)\n\n## Installation\n"
    assert fixes_of(text, "broken-anchor") == [()]


# -- the table of contents ---------------------------------------------------------------

TOC = """\
# Handbook

## Contents

1) 📦 [Install](#install) - getting it
    * [On Linux](#on-linux)
2) 📦 [Usage](#usage)   ↵
    * [Flags](#flags)
    * [Basics](#basics)
3) 📦 [FAQ](#faq)

## Install
### On Linux
### On macOS
## Usage
### Basics
### Flags
## Config_files & *env*
## FAQ
""".replace("↵", "")  # ↵ ends a line whose trailing spaces matter

TOC_FIXED = """\
# Handbook

## Contents

1) 📦 [Install](#install) - getting it
    * [On Linux](#on-linux)
    * [On macOS](#on-macos)
2) 📦 [Usage](#usage)   ↵
    * [Basics](#basics)
    * [Flags](#flags)
3) 📦 [Config\\_files \\& env](#config_files--env)
4) 📦 [FAQ](#faq)

## Install
### On Linux
### On macOS
## Usage
### Basics
### Flags
## Config_files & *env*
## FAQ
""".replace("↵", "")  # ↵ ends a line whose trailing spaces matter


def test_toc_is_completed_and_reordered_in_its_own_style() -> None:
    toc_findings = [f for f in lint(TOC) if f.rule in ("toc-missing-entry", "toc-order")]
    assert {f.rule for f in toc_findings} == {"toc-missing-entry", "toc-order"}
    # One region edit, shared by every TOC finding, made once.
    assert len({f.fix for f in toc_findings}) == 1
    [edit] = toc_findings[0].fix
    assert edit.line == 5
    assert fixed_text(TOC) == TOC_FIXED
    assert [f for f in lint(TOC_FIXED) if f.rule.startswith("toc-")] == []


def test_toc_rewrite_counts_every_finding_it_fixes(run_cli, folder: Path) -> None:
    path = write(folder, TOC)
    result = run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert path.read_text(encoding="utf-8") == TOC_FIXED
    assert "fixed 3 problem(s) in 1 file(s)" in result.stderr  # 2 missing, 1 out of order


@pytest.mark.parametrize(
    ("toc", "fixed"),
    [
        # Numbers all the same stay all the same; the delimiter is kept.
        (
            "1. [B](#b)\n1. [A](#a)\n1. [C](#c)\n",
            "1. [A](#a)\n1. [B](#b)\n1. [C](#c)\n",
        ),
        # Counting from 3 keeps counting from 3.
        (
            "3. [B](#b)\n4. [A](#a)\n5. [C](#c)\n",
            "3. [A](#a)\n4. [B](#b)\n5. [C](#c)\n",
        ),
        # Bullets, a two-space gap and a prefix every entry shares.
        (
            "+  ➡️ [A](#a)\n+  ➡️ [C](#c)\n",
            "+  ➡️ [A](#a)\n+  ➡️ [B](#b)\n+  ➡️ [C](#c)\n",
        ),
    ],
)
def test_toc_list_styles_are_kept(toc: str, fixed: str) -> None:
    text = f"# T\n\n## Contents\n\n{toc}\n## A\n## B\n## C\n"
    assert fixed_text(text) == f"# T\n\n## Contents\n\n{fixed}\n## A\n## B\n## C\n"


def test_toc_rewrite_includes_the_anchor_fixes_of_its_entries(run_cli, folder: Path) -> None:
    text = (
        "# T\n\n## Contents\n\n- [Second](#secnd)\n- [First](#First)\n\n"
        "## First\n## Second\n## Third\n"
    )
    path = write(folder, text)
    run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    once = path.read_text(encoding="utf-8")
    assert once == (
        "# T\n\n## Contents\n\n- [First](#first)\n- [Second](#second)\n- [Third](#third)\n\n"
        "## First\n## Second\n## Third\n"
    )
    result = run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert path.read_text(encoding="utf-8") == once
    assert result.exit_code == 0 and "fixed" not in result.stderr


@pytest.mark.parametrize(
    "toc",
    [
        # Lists under sub-headings, as in the seed roadmap.
        "### Part 1\n- [B](#b)\n- [A](#a)\n\n### Part 2\n- [C](#c)\n",
        # Two links in one entry.
        "- [C](#c) and [A](#a)\n- [B](#b)\n",
        # An entry whose anchor names no heading for certain.
        "- [B](#b)\n- [A](#a)\n- [C](#c)\n- [Q](#qqqq)\n",
        # Irregular numbering.
        "1. [B](#b)\n3. [A](#a)\n2. [C](#c)\n",
    ],
)
def test_toc_shapes_that_cannot_be_rewritten_safely_get_no_toc_fix(toc: str) -> None:
    text = f"# T\n\n## Contents\n\n{toc}\n## A\n## B\n## C\n"
    toc_fixes = [f.fix for f in lint(text) if f.rule in ("toc-missing-entry", "toc-order")]
    assert toc_fixes and all(fix == () for fix in toc_fixes)
    assert fixed_text(text) == text


@pytest.mark.parametrize(
    ("toc", "reordered"),
    [
        # HTML inside: the line moves as it is.
        (
            '- [B](#b) <img src="x.png">\n- [A](#a)\n- [C](#c)\n',
            '- [A](#a)\n- [B](#b) <img src="x.png">\n- [C](#c)\n',
        ),
        # An entry spanning two lines moves with its second line.
        (
            "- [B](#b)\n  more about B\n- [A](#a)\n- [C](#c)\n",
            "- [A](#a)\n- [B](#b)\n  more about B\n- [C](#c)\n",
        ),
        # A reference-style entry keeps its reference.
        (
            "- [B][b]\n- [A](#a)\n- [C](#c)\n\n[b]: #b\n",
            "- [A](#a)\n- [B][b]\n- [C](#c)\n\n[b]: #b\n",
        ),
        # Tab indentation: an entry moves with what is nested under it.
        ("- [B](#b)\n- [A](#a)\n\t- [C](#c)\n", "- [A](#a)\n\t- [C](#c)\n- [B](#b)\n"),
    ],
)
def test_toc_shapes_a_rewrite_cannot_take_are_reordered_line_by_line(
    toc: str, reordered: str
) -> None:
    text = f"# T\n\n## Contents\n\n{toc}\n## A\n## B\n## C\n"
    assert fixed_text(text) == text.replace(toc, reordered)


def test_nesting_the_headings_do_not_have_gets_no_toc_fix() -> None:
    # "Z1" nested under "A" is not in A's section: a cross-reference, not out of order.
    text = "# T\n\n## Contents\n\n- [A](#a)\n  - [Z1](#z1)\n- [B](#b)\n\n### Z1\n## A\n## B\n"
    assert [f.rule for f in lint(text)] == []
    assert fixed_text(text) == text
    # Out of order besides: the entries trade places, the cross-reference staying with its
    # parent (a rewrite in heading order would have moved it).
    shuffled = text.replace("- [B](#b)\n", "").replace("- [A](#a)", "- [B](#b)\n- [A](#a)")
    assert [f.rule for f in lint(shuffled)] == ["toc-order"]
    assert fixed_text(shuffled) == text


def test_a_missing_parent_is_inserted_before_its_listed_children() -> None:
    text = (
        "# T\n\n## Contents\n\n- [A](#a)\n  - [A1](#a1)\n- [C](#c)\n\n"
        "## A\n### A1\n## B\n### Deep\n## C\n"
    )
    assert fixed_text(text) == text.replace("- [C](#c)\n", "- [B](#b)\n- [C](#c)\n", 1)


# -- what --fix promises about files ------------------------------------------------------


def test_every_byte_outside_the_edits_is_kept(run_cli, folder: Path) -> None:
    body = (
        "# Guide  \r\n\r\n\tTabbed\ttext \r\n"
        "[k-NN](#k-nearest-neighbours-k-nn)\t \r\n"
        "Caf\u00e9 \u2028 \x0c form feed\r\n\r\n"
        "## k-Nearest Neighbors (k-NN)\r\nno final newline  "
    )
    data = b"\xef\xbb\xbf" + body.encode("utf-8")
    path = write(folder, data)
    result = run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert result.exit_code == 0
    assert path.read_bytes() == data.replace(
        b"#k-nearest-neighbours-k-nn", b"#k-nearest-neighbors-k-nn"
    )


def test_a_toc_rewrite_in_a_crlf_file_keeps_crlf(run_cli, folder: Path) -> None:
    data = TOC.replace("\n", "\r\n").encode("utf-8")
    path = write(folder, data)
    run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert path.read_bytes() == TOC_FIXED.replace("\n", "\r\n").encode("utf-8")


def test_cr_only_line_breaks_are_kept(run_cli, folder: Path) -> None:
    path = write(folder, "# Guide\r\r[a](#Guide)\r")
    run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert path.read_bytes() == b"# Guide\r\r[a](#guide)\r"


def test_files_are_replaced_atomically_with_their_permissions(
    run_cli, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(folder, ROADMAP)
    path.chmod(0o640)
    replaced: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(source: str, target: str) -> None:
        replaced.append((str(source), str(target)))
        # The new file is complete, with the old file's permission bits, before it takes over.
        new = Path(source)
        assert new.parent == path.parent
        assert stat.S_IMODE(new.stat().st_mode) == 0o640
        assert "#k-nearest-neighbors-k-nn" in new.read_text(encoding="utf-8")
        assert path.read_text(encoding="utf-8") == ROADMAP
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert [Path(target).resolve() for _, target in replaced] == [path.resolve()]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in folder.iterdir()) == [".git", "README.md"]  # no temp file left


def test_a_failed_write_leaves_the_file_and_no_temporary(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(folder, ROADMAP)

    def failing(source: str, target: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="disk full"):
        fix_paths([str(path)], CONFIG, write=True)
    assert path.read_text(encoding="utf-8") == ROADMAP
    assert sorted(p.name for p in folder.iterdir()) == [".git", "README.md"]


def test_a_second_fix_changes_nothing(run_cli, folder: Path) -> None:
    path = write(folder, ROADMAP.replace("\n", "\r\n") + TOC)
    run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    once = path.read_bytes()
    assert once != (ROADMAP.replace("\n", "\r\n") + TOC).encode("utf-8")
    mtime = path.stat().st_mtime_ns
    result = run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert path.read_bytes() == once
    assert path.stat().st_mtime_ns == mtime  # not even rewritten
    assert "fixed" not in result.stderr


def _apply_unified_diff(original: str, diff: str) -> str:
    """A minimal `patch` for one file's unified diff, strict about every context line."""
    lines = original.splitlines(keepends=True)
    patch_lines = diff.splitlines(keepends=True)
    assert patch_lines[0].startswith("--- a/") and patch_lines[1].startswith("+++ b/")
    result: list[str] = []
    cursor = 0
    index = 2
    while index < len(patch_lines):
        header = re.fullmatch(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n", patch_lines[index])
        assert header, patch_lines[index]
        start = int(header[1]) - (0 if header[2] == "0" else 1)
        result.extend(lines[cursor:start])
        cursor = start
        index += 1
        removed = added = 0
        while index < len(patch_lines) and not patch_lines[index].startswith("@@"):
            line = patch_lines[index]
            kind, content = line[0], line[1:]
            if index + 1 < len(patch_lines) and patch_lines[index + 1].startswith("\\ No newline"):
                content = content[:-1]
                index += 1
            if kind in " -":
                assert lines[cursor] == content
                cursor += 1
                removed += 1
            if kind in " +":
                result.append(content)
                added += 1
            index += 1
        assert removed == int(header[2] or 1) and added == int(header[4] or 1)
    result.extend(lines[cursor:])
    return "".join(result)


@pytest.mark.parametrize("remaining_error", [False, True])
def test_fix_diff_prints_a_valid_diff_and_writes_nothing(
    run_cli, folder: Path, remaining_error: bool
) -> None:
    text = ROADMAP + TOC.replace("# Handbook\n", "# Handbook\n\n[x](#zzz)\n" * remaining_error)
    text = text.rstrip("\n")  # no final newline
    path = write(folder, text)
    mtime = path.stat().st_mtime_ns
    result = run_cli(*OWN_RULES, "--fix", "--diff", "README.md", cwd=folder)
    assert path.read_text(encoding="utf-8") == text
    assert path.stat().st_mtime_ns == mtime
    assert result.exit_code == (1 if remaining_error else 0)
    assert result.stdout.startswith("--- a/README.md\n+++ b/README.md\n@@ ")
    patched = _apply_unified_diff(text, result.stdout)
    run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert patched == path.read_text(encoding="utf-8")
    assert patched != text


def test_diff_marks_a_missing_final_newline(run_cli, folder: Path) -> None:
    write(folder, "# Guide\n\n[a](#Guide)")
    result = run_cli(*OWN_RULES, "--fix", "--diff", "README.md", cwd=folder)
    assert result.stdout.endswith(
        "-[a](#Guide)\n\\ No newline at end of file\n+[a](#guide)\n\\ No newline at end of file\n"
    )


def test_invalid_utf8_is_not_fixed(run_cli, folder: Path) -> None:
    data = b"# Guide\n\nbad \xff byte\n\n[x](#Guide)\n"
    path = write(folder, data)
    result = run_cli(*OWN_RULES, "--fix", "README.md", cwd=folder)
    assert path.read_bytes() == data
    assert "not valid UTF-8; not fixed" in result.stderr
    assert "anchor-case" in result.stdout  # still reported


# -- applying edits ----------------------------------------------------------------------


def test_identical_edits_are_made_once_and_stale_ones_skipped() -> None:
    text = "one\ntwo two\nthree\n"
    same = Edit(2, 1, "two", "2")
    assert apply_edits(text, [same, same]) == ("one\n2 two\nthree\n", 1)
    assert apply_edits(text, [Edit(2, 1, "four", "4"), Edit(9, 1, "x", "y")]) == (text, 0)
    assert apply_edits(text, [Edit(2, 5, "two", "2")]) == ("one\ntwo 2\nthree\n", 1)


def test_a_region_edit_wins_over_the_edits_inside_it() -> None:
    text = "a\nb\nc\n"
    small = Edit(2, 1, "b", "B")
    region = Edit(1, 1, "a\nb\nc", "c\nB\na")
    assert apply_edits(text, [small, region]) == ("c\nB\na\n", 1)
    # Partly overlapping edits of one length: the first comes first.
    assert apply_edits("abc", [Edit(1, 1, "ab", "X"), Edit(1, 2, "bc", "Y")]) == ("Xc", 1)


def test_a_finding_counts_as_fixed_only_when_its_edits_are_made(folder: Path) -> None:
    from roadmap_lint.fix.edits import fix_file
    from roadmap_lint.model import Severity

    path = write(folder, "x y\n")

    def finding(*edits: Edit) -> Finding:
        return Finding("r", Severity.ERROR, "README.md", 1, 1, "m", fix=edits)

    result = fix_file(
        path,
        [
            finding(Edit(1, 1, "x", "X")),
            finding(Edit(1, 1, "x", "X")),
            finding(Edit(1, 1, "z", "")),
        ],
    )
    assert result.fixed == "X y\n"
    assert result.applied == 2


def test_an_edit_lost_to_a_region_counts_only_if_the_region_includes_it(folder: Path) -> None:
    from roadmap_lint.fix.edits import fix_file
    from roadmap_lint.model import Severity

    path = write(folder, "a\nb\nc\n")
    region = Finding("r", Severity.ERROR, "README.md", 1, 1, "m", fix=(Edit(1, 1, "a\nb", "b\na"),))
    included = Finding("r", Severity.ERROR, "README.md", 2, 1, "m", fix=(Edit(2, 1, "b", "b"),))
    lost = Finding("r", Severity.ERROR, "README.md", 2, 1, "m", fix=(Edit(2, 1, "b", "B"),))
    result = fix_file(path, [region, included, lost])
    assert result.fixed == "b\na\nc\n"
    assert result.applied == 2


def test_a_url_is_replaced_only_where_it_starts_not_inside_a_longer_url() -> None:
    old = "https://gone.example/page"
    copy = f"https://web.archive.org/web/2020/{old}"
    text = f"- {copy}\n- [use][ref]\n\n[ref]: {old}\n"
    # The edit searches from line 1: the URL inside the archive's address is passed over.
    fixed, applied = apply_edits(text, [Edit(1, 1, old, copy)])
    assert (fixed, applied) == (text.replace(f"[ref]: {old}", f"[ref]: {copy}"), 1)
    # A URL written on its own (after a space, a parenthesis, an angle bracket) is replaced.
    for written in (f" {old}", f"({old})", f"<{old}>"):
        assert apply_edits(written, [Edit(1, 1, old, copy)]) == (written.replace(old, copy), 1)
