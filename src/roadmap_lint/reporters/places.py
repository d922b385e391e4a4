"""Where a finding is in its file, as the reports show it: the span its link covers.

The pipeline gives every finding its line's text, the heading above it and its path in the
repository; reporters read those and never open a file.
"""

from __future__ import annotations

from roadmap_lint.model import Finding

_CLOSERS = ")>"


def repository_path(finding: Finding) -> str | None:
    """The finding's file from the repository root; for a finding the pipeline did not place,
    its path when that is relative and stays inside (`docs/a.md`, not `../a.md`)."""
    if finding.repo_path is not None or finding.line_text is not None:
        return finding.repo_path
    posix = finding.path.replace("\\", "/").removeprefix("./")
    outside = posix.startswith(("/", "../")) or posix[1:3] == ":/"
    return None if outside else posix


def end_column(finding: Finding) -> int | None:
    """The column just past the finding's link target, when the target is written on its line.

    A closing `)` or `>` right after the target is included, so that the region covers the
    whole of `[text](target)` or `<target>` from the finding's column.
    """
    target, line_text = finding.url or finding.target, finding.line_text
    if not target or line_text is None:
        return None
    start = line_text.find(target, max(finding.column - 1, 0))
    if start < 0:
        return None
    end = start + len(target)
    if end < len(line_text) and line_text[end] in _CLOSERS:
        end += 1
    return end + 1
