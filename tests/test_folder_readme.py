"""A link to a folder with a `#fragment` is checked against the README github.com shows there."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_lint import lint_file
from roadmap_lint.config.settings import Config
from roadmap_lint.model import Report

README = """\
# Handbook

- [Setup](docs/#setup)
- [Usage](docs#usage)
- [Missing](docs/#deploy)
- [Case](docs/#Setup)
- [Guides](guides/#writing-style)
- [Nowhere](guides/#nowhere)
- [Plain](plain/#anything)
- [Empty](empty/#anything)
- [Up](docs/sub/../#setup)
"""


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "README.md").write_text("# Docs\n\n## Setup\n\n## Usage\n", encoding="utf-8")
    (tmp_path / "guides").mkdir()
    (tmp_path / "guides" / "readme.md").write_text("## Writing style\n", encoding="utf-8")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "README.rst").write_text("Anything\n========\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    return tmp_path


def config(repository: Path) -> Config:
    return Config(offline=True, cache_path=repository / "cache.sqlite3")


def findings(report: Report) -> list[tuple[str, int, str]]:
    return [(f.rule, f.line, f.message) for f in report.findings]


def test_fragments_into_folders_are_checked_against_their_readme(repository: Path) -> None:
    report = lint_file(repository / "README.md", config(repository))
    assert findings(report) == [
        ("broken-anchor", 5, "anchor #deploy does not exist in docs/ (README.md)"),
        (
            "anchor-case",
            6,
            "anchor #Setup in docs/ (README.md) matches #setup only when case is ignored",
        ),
        ("broken-anchor", 8, "anchor #nowhere does not exist in guides/ (readme.md)"),
    ]
    (missing, case, _) = report.findings
    assert missing.suggestion is None
    assert case.suggestion == "docs/#setup"


def test_the_folder_readme_is_a_dependency_of_the_cached_result(repository: Path) -> None:
    first = lint_file(repository / "README.md", config(repository))
    assert ("broken-anchor", 5, "anchor #deploy does not exist in docs/ (README.md)") in findings(
        first
    )
    (repository / "docs" / "README.md").write_text(
        "# Docs\n\n## Setup\n\n## Usage\n\n## Deploy\n", encoding="utf-8"
    )
    second = lint_file(repository / "README.md", config(repository))
    assert [line for _, line, _ in findings(second)] == [6, 8]


def test_a_readme_added_with_a_preferred_name_is_noticed(repository: Path) -> None:
    lint_file(repository / "README.md", config(repository))
    # Upper case comes first (a different name even where the disk ignores case).
    (repository / "guides" / "README.markdown").write_text("## Nowhere\n", encoding="utf-8")
    report = lint_file(repository / "README.md", config(repository))
    assert findings(report)[2:] == [
        ("broken-anchor", 7, "anchor #writing-style does not exist in guides/ (README.markdown)"),
    ]
