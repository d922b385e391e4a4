"""Reporters turn a Report into text; each is a pure function in its own module.

`sarif`, `github` and `markdown` also take a `SourceLookup` (see `sources.py`) for what a
Report does not hold: line text, the heading above a finding, repository-relative paths.
`reporter_for` gives them one that reads the files on disk, relative to the current folder.
`markdown` also takes the environment, for links to github.com (see `markdown.py`).

`only_errors` is `--quiet`: applied to the Report before any reporter sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from roadmap_lint.model import Report, Severity
from roadmap_lint.reporters.sources import SourceLookup

Reporter = Callable[[Report], str]
FORMATS = ("text", "json", "sarif", "github", "markdown")


def only_errors(report: Report) -> Report:
    """The report without its warnings; the summary still counts them, so they can be mentioned."""
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    return Report(errors, report.links, report.summary)


def reporter_for(
    name: str,
    *,
    colour: bool = False,
    sources: SourceLookup | None = None,
    env: Mapping[str, str] | None = None,
) -> Reporter:
    if name == "json":
        from roadmap_lint.reporters.json import render as render_json

        return render_json
    if name in ("sarif", "github", "markdown"):
        from roadmap_lint.reporters import github, markdown, sarif
        from roadmap_lint.reporters.sources import FileSources

        lookup = sources or FileSources()
        if name == "sarif":
            return lambda report: sarif.render(report, sources=lookup)
        if name == "github":
            return lambda report: github.render(report, sources=lookup)
        return lambda report: markdown.render(report, sources=lookup, env=env)
    from roadmap_lint.reporters.text import render as render_text

    return lambda report: render_text(report, colour=colour)
