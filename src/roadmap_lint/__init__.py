"""roadmap-lint: link checker and content linter for curated Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roadmap_lint.config.settings import Config
    from roadmap_lint.model import Report

from roadmap_lint.version import __version__


def lint_file(path: str | Path, config: Config | None = None) -> Report:
    """Lint one Markdown file and return its report."""
    from roadmap_lint.pipeline import lint_file as _lint_file

    return _lint_file(path, config)


def lint_text(text: str, path: str = "<text>", config: Config | None = None) -> Report:
    """Lint Markdown text and return its report."""
    from roadmap_lint.pipeline import lint_text as _lint_text

    return _lint_text(text, path, config)


__all__ = ["__version__", "lint_file", "lint_text"]
