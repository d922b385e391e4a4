"""Reporters turn a Report into text; each is a pure function in its own module.

`sarif`, `github` and `markdown` also take a `SourceLookup` (see `sources.py`) for what a
Report does not hold: line text, the heading above a finding, repository-relative paths.
`reporter_for` gives them one that reads the files on disk, relative to the current folder.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Report
from .sources import SourceLookup

Reporter = Callable[[Report], str]
FORMATS = ("text", "json", "sarif", "github", "markdown")


def reporter_for(
    name: str, *, colour: bool = False, sources: SourceLookup | None = None
) -> Reporter:
    if name == "json":
        from .json import render as render_json

        return render_json
    if name in ("sarif", "github", "markdown"):
        from . import github, markdown, sarif
        from .sources import FileSources

        lookup = sources or FileSources()
        if name == "sarif":
            return lambda report: sarif.render(report, sources=lookup)
        if name == "github":
            return lambda report: github.render(report, sources=lookup)
        return lambda report: markdown.render(report, sources=lookup)
    from .text import render as render_text

    return lambda report: render_text(report, colour=colour)
