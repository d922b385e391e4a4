"""Each offline rule firing where it should and staying quiet where it should not."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_lint import lint_file, lint_text
from roadmap_lint.config.settings import Config
from roadmap_lint.model import Finding, Severity


def findings(text: str, rule: str) -> list[Finding]:
    return [f for f in lint_text(text).findings if f.rule == rule]


def file_findings(path: Path, rule: str) -> list[Finding]:
    return [f for f in lint_file(path).findings if f.rule == rule]


# -- broken-anchor and anchor-case -------------------------------------------------------


def test_broken_anchor_with_position_and_suggestion() -> None:
    text = "# Guide\n\nSee [k-NN](#k-nearest-neighbours-k-nn).\n\n## k-Nearest Neighbors (k-NN)\n"
    [finding] = findings(text, "broken-anchor")
    assert finding.severity is Severity.ERROR
    assert (finding.line, finding.column) == (3, 5)
    assert finding.target == "#k-nearest-neighbours-k-nn"
    assert finding.suggestion == "#k-nearest-neighbors-k-nn"


def test_existing_anchor_is_quiet() -> None:
    assert findings("# Guide\n[x](#guide)\n", "broken-anchor") == []


def test_case_only_match_is_a_warning_not_an_error() -> None:
    text = "## Getting Started\n[go](#Getting-Started)\n"
    assert findings(text, "broken-anchor") == []
    [finding] = findings(text, "anchor-case")
    assert finding.severity is Severity.WARNING
    assert finding.suggestion == "#getting-started"


# -- missing-file ------------------------------------------------------------------------


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\n## Install\n", encoding="utf-8")
    (tmp_path / "docs" / "my notes.md").write_text("# Notes\n", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    return tmp_path


def write(folder: Path, text: str, name: str = "README.md") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_and_image(repository: Path) -> None:
    readme = write(repository, "[a](docs/nope.md)\n\n![logo](img/logo.png)\n")
    found = file_findings(readme, "missing-file")
    assert [(f.line, f.column, f.target) for f in found] == [
        (1, 1, "docs/nope.md"),
        (3, 1, "img/logo.png"),
    ]
    assert "image" in found[1].message


def test_existing_files_in_every_spelling_resolve(repository: Path) -> None:
    readme = write(
        repository,
        "[a](docs/guide.md) [b](./docs/guide.md?plain=1) [c](docs/my%20notes.md) [d](docs/)"
        ' ![e](logo.png) [f](/docs/guide.md) <img src="logo.png">\n',
    )
    assert file_findings(readme, "missing-file") == []


def test_rooted_path_resolves_from_repository_root(repository: Path) -> None:
    guide = write(repository / "docs", "[home](/logo.png) [bad](/docs/logo.png)\n", "page.md")
    [finding] = file_findings(guide, "missing-file")
    assert finding.target == "/docs/logo.png"


def test_case_must_match_exactly(repository: Path) -> None:
    readme = write(repository, "[a](docs/Guide.md)\n")
    assert [f.target for f in file_findings(readme, "missing-file")] == ["docs/Guide.md"]


def test_links_leaving_the_repository_are_not_checked(repository: Path) -> None:
    readme = write(repository, "[issues](../../issues) [wiki](../../wiki/Home)\n")
    assert file_findings(readme, "missing-file") == []


def test_fragment_checked_in_the_linked_file(repository: Path) -> None:
    readme = write(repository, "[ok](docs/guide.md#install) [bad](docs/guide.md#instal)\n")
    [finding] = file_findings(readme, "broken-anchor")
    assert finding.target == "docs/guide.md#instal"
    assert finding.suggestion == "docs/guide.md#install"
    assert file_findings(readme, "missing-file") == []


def test_fragment_in_a_missing_file_is_only_missing_file(repository: Path) -> None:
    readme = write(repository, "[bad](docs/gone.md#install)\n")
    assert file_findings(readme, "broken-anchor") == []
    assert len(file_findings(readme, "missing-file")) == 1


def test_text_without_a_file_does_not_check_paths() -> None:
    assert findings("[a](docs/nope.md)\n", "missing-file") == []


# -- table of contents -------------------------------------------------------------------

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
    found = findings(TOC_DOC, "toc-missing-entry")
    # License is housekeeping, not expected while the TOC lists no such section.
    assert [(f.line, f.target) for f in found] == [(13, "#with-docker"), (15, "#faq")]
    assert found[0].severity is Severity.WARNING
    assert found[0].suggestion == "[With Docker](#with-docker)"


def test_toc_missing_entry_ignores_levels_the_toc_never_lists() -> None:
    text = "# P\n## Contents\n- [A](#a)\n- [B](#b)\n## A\n### Detail\n## B\n### More\n"
    assert findings(text, "toc-missing-entry") == []


def test_broken_entry_with_clear_suggestion_still_covers_its_heading() -> None:
    text = "# P\n## Contents\n- [Instal](#instal)\n- [Usage](#usage)\n## Install\n## Usage\n"
    assert findings(text, "toc-missing-entry") == []
    assert len(findings(text, "broken-anchor")) == 1


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
    [finding] = findings(text, "toc-order")
    assert finding.line == 4
    assert "C" in finding.message
    in_order = text.replace("- [C](#c)\n- [B](#b)", "- [B](#b)\n- [C](#c)")
    assert findings(in_order, "toc-order") == []


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
    [finding] = findings(text, "toc-text-mismatch")
    assert finding.line == 6
    assert finding.suggestion == "Deployment"


def test_document_without_toc_has_no_toc_findings() -> None:
    text = "# P\n\n## A\n\n## B\n"
    report = lint_text(text)
    assert [f for f in report.findings if f.rule.startswith("toc-")] == []


def test_select_and_ignore() -> None:
    text = "# P\n[x](#nope)\n[y](#P)\n"
    only_case = lint_text(text, config=Config(offline=True, select=frozenset({"anchor-case"})))
    assert {f.rule for f in only_case.findings} == {"anchor-case"}
    no_broken = lint_text(text, config=Config(offline=True, ignore=frozenset({"broken-anchor"})))
    assert {f.rule for f in no_broken.findings} == {"anchor-case"}


def test_findings_are_sorted_by_position() -> None:
    text = "[b](#nope2)\n# P\n[a](#nope1) [c](#nope3)\n"
    found = lint_text(text).findings
    assert [(f.line, f.column) for f in found] == sorted((f.line, f.column) for f in found)
