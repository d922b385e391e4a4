"""What the table-of-contents rules share: entries matched to the headings they name."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..anchors import AnchorIndex
from ..model import Edit, Heading, Toc, TocEntry
from .broken_anchor import fix_target
from .context import LintContext


@dataclass(frozen=True)
class ResolvedEntry:
    entry: TocEntry
    heading: Heading | None  # through the link, or through the broken link's clear suggestion
    exact: bool  # the link itself resolves (rather than only its suggestion)
    # The fragment the anchor fixes would give the link (the suggestion, or the exact-case
    # id), None when its own is right or has no clear replacement.
    fixed_fragment: str | None = None


def resolve_entries(context: LintContext) -> tuple[Toc, list[ResolvedEntry]] | None:
    """The TOC and its linked entries, computed once per document for all TOC rules."""
    toc = context.document.toc
    if toc is None:
        return None
    resolved = context.memo.get("toc-entries")
    if resolved is None:
        resolved = [_resolve(entry, context.anchors) for entry in toc.flat() if entry.target]
        context.memo["toc-entries"] = resolved
    return toc, resolved


def _resolve(entry: TocEntry, anchors: AnchorIndex) -> ResolvedEntry:
    fragment = (entry.target or "#")[1:]
    heading = anchors.heading_for(fragment)
    if heading is not None:
        return ResolvedEntry(
            entry, heading, exact=True, fixed_fragment=anchors.case_match(fragment)
        )
    suggestion = anchors.suggest(fragment)
    return ResolvedEntry(
        entry,
        anchors.heading_for(suggestion) if suggestion else None,
        exact=False,
        fixed_fragment=fix_target(anchors, fragment),
    )


def missing_headings(context: LintContext) -> list[Heading]:
    """The headings the TOC should list but does not, in document order.

    The TOC's own shape says which headings it covers: the levels at which it lists at
    least half of the headings; at those levels, every heading of the top level it lists
    and every heading whose parent it lists. Headings above the TOC are left alone, and so
    are titles repeated in every chapter that the TOC never lists.
    """
    cached = context.memo.get("toc-missing")
    if cached is not None:
        return list(cached)
    missing: list[Heading] = []
    resolved = resolve_entries(context)
    if resolved is not None:
        missing = _missing(context, *resolved)
    context.memo["toc-missing"] = missing
    return list(missing)


def _missing(context: LintContext, toc: Toc, entries: list[ResolvedEntry]) -> list[Heading]:
    listed = {id(item.heading) for item in entries if item.heading is not None}
    if not listed:
        return []
    after_toc = [h for h in context.document.headings if h.position.line > toc.end_line]
    top_level = min(h.level for h in context.document.headings if id(h) in listed)
    parents = _parents(after_toc)
    covered_levels = _covered_levels(after_toc, listed)
    repeated_unlisted = _repeated_unlisted_titles(after_toc, listed)
    missing: list[Heading] = []
    for index, heading in enumerate(after_toc):
        if id(heading) in listed or heading.level not in covered_levels:
            continue
        if _title(heading) in repeated_unlisted:
            continue  # "Sources", "Explanation": a section every chapter has, never listed
        parent = parents[index]
        if heading.level == top_level or (parent is not None and id(parent) in listed):
            missing.append(heading)
    return missing


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


def toc_fix(context: LintContext) -> tuple[Edit, ...]:
    """The one edit that completes and reorders the TOC, shared by the findings it fixes.

    Empty when the TOC has a shape it cannot be rewritten in safely.
    """
    cached = context.memo.get("toc-fix")
    if cached is None:
        from ..toc_rewrite import PlannedEntry, rewrite_toc  # only for a TOC that needs a fix

        cached = ()
        resolved = resolve_entries(context)
        if resolved is not None:
            toc, entries = resolved
            # An entry whose broken anchor has no certain fix names no heading for sure.
            planned = [
                PlannedEntry(
                    item.entry,
                    item.heading if item.exact or item.fixed_fragment else None,
                    item.fixed_fragment,
                )
                for item in entries
            ]
            edit = rewrite_toc(context.document, toc, planned, missing_headings(context))
            cached = (edit,) if edit is not None else ()
        context.memo["toc-fix"] = cached
    return tuple(cached)
