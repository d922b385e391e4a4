"""Planning the fix of a table of contents: reordered and completed, or only completed.

A TOC whose entries are out of order is rewritten whole in document order when its shape
allows (one plain list, every entry in place, no alphabetical list); the missing entries go
in with it. Otherwise the missing entries alone are inserted next to their siblings, in
document or alphabetical order as their list is, every other line kept as it is.
"""

from __future__ import annotations

from roadmap_lint.fix.toc_insert import Placement, insert_entries, reorder_siblings
from roadmap_lint.fix.toc_rewrite import NewEntry, PlannedEntry, rewrite_toc
from roadmap_lint.model import Edit, Heading
from roadmap_lint.rules.context import LintContext
from roadmap_lint.rules.toc.common import toc_view
from roadmap_lint.rules.toc.expected import missing_headings
from roadmap_lint.rules.toc.ordering import is_alphabetical, misplaced_entries, sibling_lists
from roadmap_lint.rules.toc.text import sort_key
from roadmap_lint.rules.toc.view import ResolvedEntry, TocFix, TocView


def plan_fix(context: LintContext, view: TocView) -> TocFix:
    missing = missing_headings(context)
    new = [NewEntry(h, view.title(h), view.fragment(h)) for h in missing]
    if misplaced_entries(view) and _reorderable(view):
        planned = [
            PlannedEntry(
                item.entry,
                item.heading if item.certain and item.in_place else None,
                item.fixed_fragment,
            )
            for item in view.linked
        ]
        edit = rewrite_toc(view.document, view.toc, planned, new)
        if edit is not None:
            return TocFix((edit,), (edit,))
    if misplaced_entries(view):
        return _reorder_within_lists(view, bool(new))
    if not new:
        return TocFix((), ())
    placements: list[Placement] = []
    for entry in new:
        placement = _placement(view, entry)
        if placement is None:
            return TocFix((), (), "no listed sibling shows where it goes")
        placements.append(placement)
    result = insert_entries(view.document, view.toc, _in_order(placements))
    if isinstance(result, Edit):
        return TocFix((), (result,))
    return TocFix((), (), result)


def _reorder_within_lists(view: TocView, missing: bool) -> TocFix:
    """Each list of siblings put in heading order on its own, its lines moved as they are.

    Missing entries go in on `--fix`'s next pass, once the order is right.
    """
    groups = []
    for siblings in sibling_lists(view):
        if is_alphabetical(siblings) or not _out_of_order(view, siblings):
            continue
        if not all(
            item.heading is not None and item.certain and item.in_place for item in siblings
        ):
            return TocFix((), (), order_reason="an entry without a certain place is among them")
        groups.append(
            [item.entry for item in sorted(siblings, key=lambda i: view.order[id(_heading(i))])]
        )
    result = reorder_siblings(view.document, view.toc, groups) if groups else "nothing to move"
    if isinstance(result, Edit):
        return TocFix((result,), (result,) if missing else ())
    return TocFix((), (), order_reason=result)


def _out_of_order(view: TocView, siblings: list[ResolvedEntry]) -> bool:
    places = [view.order[id(item.heading)] for item in siblings if item.heading is not None]
    return places != sorted(places)


def _reorderable(view: TocView) -> bool:
    """No alphabetical list of entries would be re-sorted into document order."""
    return not any(is_alphabetical(siblings) for siblings in sibling_lists(view))


def _placement(view: TocView, new: NewEntry) -> Placement | None:
    """Next to which sibling entry the new one goes, and on which side."""
    parent = view.parent(new.heading)
    siblings = [
        item
        for item in view.items
        if item.heading is not None and item.in_place and view.parent(item.heading) is parent
    ]
    if not siblings:
        return None
    list_of = {id(item.entry): items for items in sibling_lists(view) for item in items}
    entries = list_of[id(siblings[0].entry)]
    place = view.order[id(new.heading)]
    if is_alphabetical(entries):
        return _alphabetical_placement(new, entries, place)
    earlier = [s for s in siblings if view.order[id(_heading(s))] < place]
    if earlier:
        before = max(earlier, key=lambda s: view.order[id(_heading(s))])
        return Placement(new, before.entry, after=True, rank=("", place))
    after = min(siblings, key=lambda s: view.order[id(_heading(s))])
    return Placement(new, after.entry, after=False, rank=("", place))


def _alphabetical_placement(new: NewEntry, entries: list[ResolvedEntry], place: int) -> Placement:
    key = sort_key(new.text)
    keys = [sort_key(item.entry.text) for item in entries]
    if len(keys) > 1 and keys[-1] < keys[-2]:
        entries, keys = entries[:-1], keys[:-1]  # before a closing "Other resources"
    for item, other in zip(entries, keys, strict=True):
        if key < other:
            return Placement(new, item.entry, after=False, rank=(key, place))
    return Placement(new, entries[-1].entry, after=True, rank=(key, place))


def _heading(item: ResolvedEntry) -> Heading:
    assert item.heading is not None
    return item.heading


def _in_order(placements: list[Placement]) -> list[Placement]:
    """Several new entries next to one sibling follow their list's order among themselves."""
    return sorted(placements, key=lambda placement: placement.rank)


def toc_fix(context: LintContext) -> TocFix:
    cached = context.memo.get("toc-fix")
    if cached is None:
        view = toc_view(context)
        cached = plan_fix(context, view) if view is not None else TocFix((), ())
        context.memo["toc-fix"] = cached
    assert isinstance(cached, TocFix)
    return cached
