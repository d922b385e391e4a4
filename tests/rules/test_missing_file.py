"""RL103 missing-file: a relative link or image whose file does not exist."""

from __future__ import annotations

from pathlib import Path

from roadmap_lint.model import Severity

from .helpers import check, lint

RULE = "missing-file"

# The rule's documented examples (relative links are checked in files only).
FAILS = "![diagram](images/roadmap.png)\n"
PASSES = "[Contributing](CONTRIBUTING.md)\n"


def test_documented_failing_example(repository: Path) -> None:
    [finding] = check(FAILS, RULE, [(1, 1)], folder=repository)
    assert finding.severity is Severity.ERROR
    assert finding.target == "images/roadmap.png"


def test_documented_passing_example(repository: Path) -> None:
    (repository / "CONTRIBUTING.md").write_text("# Contributing\n", encoding="utf-8")
    check(PASSES, RULE, [], folder=repository)


def test_missing_file_and_image(repository: Path) -> None:
    text = "[a](docs/nope.md)\n\n![logo](img/logo.png)\n"
    found = check(text, RULE, [(1, 1), (3, 1)], folder=repository)
    assert [f.target for f in found] == ["docs/nope.md", "img/logo.png"]
    assert "image" in found[1].message


def test_existing_files_in_every_spelling_resolve(repository: Path) -> None:
    text = (
        "[a](docs/guide.md) [b](./docs/guide.md?plain=1) [c](docs/my%20notes.md) [d](docs/)"
        ' ![e](logo.png) [f](/docs/guide.md) <img src="logo.png">\n'
    )
    check(text, RULE, [], folder=repository)


def test_rooted_path_resolves_from_repository_root(repository: Path) -> None:
    text = "[home](/logo.png) [bad](/docs/logo.png)\n"
    [finding] = lint(text, RULE, folder=repository / "docs", path="page.md")
    assert finding.target == "/docs/logo.png"


def test_case_must_match_exactly(repository: Path) -> None:
    found = lint("[a](docs/Guide.md)\n", RULE, folder=repository)
    assert [f.target for f in found] == ["docs/Guide.md"]


def test_links_leaving_the_repository_are_not_checked(repository: Path) -> None:
    check("[issues](../../issues) [wiki](../../wiki/Home)\n", RULE, [], folder=repository)


def test_text_without_a_file_does_not_check_paths() -> None:
    check("[a](docs/nope.md)\n", RULE, [])


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file(repository: Path) -> None:
    [finding] = check(FAILS, RULE, [(1, 1)], folder=repository, severity="warning")
    assert finding.severity is Severity.WARNING
    check(FAILS, RULE, [], folder=repository, severity="off")


def test_disabled_in_a_block(repository: Path) -> None:
    text = (
        "<!-- roadmap-lint-disable missing-file -->\n"
        "![diagram](images/roadmap.png)\n"
        "<!-- roadmap-lint-enable missing-file -->\n"
        "![chart](images/chart.png)\n"
    )
    check(text, RULE, [(4, 1)], folder=repository)
