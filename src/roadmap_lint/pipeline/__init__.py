"""The order of the stages: read files, parse, local rules, external links, findings, report.

The library API lives here; the command line is a thin layer over it.
"""

from __future__ import annotations

from roadmap_lint.pipeline.fixing import FixOutcome, fix_paths
from roadmap_lint.pipeline.run import lint_file, lint_paths, lint_sources, lint_text
from roadmap_lint.pipeline.sources import SourceFile

__all__ = [
    "FixOutcome",
    "SourceFile",
    "fix_paths",
    "lint_file",
    "lint_paths",
    "lint_sources",
    "lint_text",
]
