"""toc-missing-entry: a heading the table of contents should list but does not.

The TOC's own shape says which headings it covers: the levels at which it lists at least
half of the headings; at those levels, every heading of the top level it lists and every
heading whose parent it lists. Headings above the TOC are left alone, and so are titles
repeated in every chapter ("Sources", "Explanation") that the TOC never lists.

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

from collections import Counter
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
    covered_levels = _covered_levels(after_toc, listed)
    repeated_unlisted = _repeated_unlisted_titles(after_toc, listed)
    for index, heading in enumerate(after_toc):
        if id(heading) in listed or heading.level not in covered_levels:
            continue
        if _title(heading) in repeated_unlisted:
            continue  # "Sources", "Explanation": a section every chapter has, never listed
        parent = parents[index]
        if heading.level == top_level or (parent is not None and id(parent) in listed):
            yield RULE.finding(
                context,
                heading.position,
                f'heading "{heading.text.strip()}" has no entry in the table of contents',
                target=f"#{heading.slug}",
                suggestion=f"[{heading.text.strip()}](#{heading.slug})",
            )


def _title(heading: Heading) -> str:
    """The heading's title stem: "Disadvantage(s): cache" and "Disadvantage(s): CDN" share one."""
    return " ".join(heading.text.casefold().split(":", 1)[0].split())


def _covered_levels(headings: list[Heading], listed: set[int]) -> set[int]:
    """Levels at which the TOC lists at least half of the headings."""
    totals: Counter[int] = Counter(h.level for h in headings)
    hits: Counter[int] = Counter(h.level for h in headings if id(h) in listed)
    return {level for level, total in totals.items() if hits[level] * 2 >= total}


def _repeated_unlisted_titles(headings: list[Heading], listed: set[int]) -> set[str]:
    counts: Counter[str] = Counter(_title(h) for h in headings)
    listed_titles = {_title(h) for h in headings if id(h) in listed}
    return {title for title, count in counts.items() if count > 1 and title not in listed_titles}


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


RULE = Rule(
    code="RL201",
    name="toc-missing-entry",
    severity=Severity.WARNING,
    summary="Heading missing from the table of contents",
    doc=__doc__ or "",
    check=check,
)
