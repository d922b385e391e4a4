"""Reporters turn a Report into text; each is a pure function in its own module.

Each finding carries what they show of its place (its line's text, the heading above it,
its path in the repository), so no reporter reads a file. `markdown` also takes the
environment, for links to github.com (see `markdown.py`).

`only_errors` is `--quiet`: applied to the Report before any reporter sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from roadmap_lint.model import Report, Severity

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
    env: Mapping[str, str] | None = None,
) -> Reporter:
    if name == "json":
        from roadmap_lint.reporters.json import render as render_json

        return render_json
    if name in ("sarif", "github", "markdown"):
        from roadmap_lint.reporters import github, markdown, sarif

        if name == "sarif":
            return sarif.render
        if name == "github":
            return github.render
        return lambda report: markdown.render(report, env=env)
    from roadmap_lint.reporters.text import render as render_text

    return lambda report: render_text(report, colour=colour)
