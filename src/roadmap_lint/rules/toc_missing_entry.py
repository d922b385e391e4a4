"""toc-missing-entry: a heading the table of contents should list but does not.

The TOC's own shape says which headings it covers: every heading at the top level it
lists, and every heading whose siblings (same parent, same level) it lists. Headings
above the TOC, and levels it never lists, are left alone.

Fails:

    ## Contents
    - [Install](#install)
    ## Install
    ## Usage          (listed siblings, but missing itself)

Passes:

    ## Contents
    - [Install](#install)
    - [Usage](#usage)
    ## Install
    ## Usage
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, Heading, Severity
from . import Rule
from .context import LintContext
from .toc_common import resolve_entries


def check(context: LintContext) -> Iterator[Finding]:
    resolved = resolve_entries(context)
    if resolved is None:
        return
    toc, entries = resolved
    listed = {id(item.heading) for item in entries if item.heading is not None}
    if not listed:
        return
    after_toc = [h for h in context.document.headings if h.position.line > toc.end_line]
    top_level = min(h.level for h in context.document.headings if id(h) in listed)
    parents = _parents(after_toc)
    listed_groups = {(id(parents[i]), h.level) for i, h in enumerate(after_toc) if id(h) in listed}
    for index, heading in enumerate(after_toc):
        if id(heading) in listed or heading.level < top_level:
            continue
        if heading.level == top_level or (id(parents[index]), heading.level) in listed_groups:
            yield RULE.finding(
                context,
                heading.position,
                f'heading "{heading.text.strip()}" has no entry in the table of contents',
                target=f"#{heading.slug}",
                suggestion=f"[{heading.text.strip()}](#{heading.slug})",
            )


def _parents(headings: list[Heading]) -> list[Heading | None]:
    """For each heading, the nearest earlier heading of a higher level (or None)."""
    stack: list[Heading] = []
    parents: list[Heading | None] = []
    for heading in headings:
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(heading)
    return parents


RULE = Rule("toc-missing-entry", Severity.WARNING, check, "Heading missing from the table of contents")
