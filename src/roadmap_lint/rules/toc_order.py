"""toc-order: table-of-contents entries listed in a different order from their headings.

Entries are compared with their siblings (the entries of one list, or nested under one
entry). Among them, the entries that keep the longest run in document order are taken as
right; each other entry is reported once. Left out of the comparison, because their place
is deliberate or their heading uncertain:

- cross-references: an entry nested under a parent entry whose section does not hold its
  heading (`Active-passive` under "Load balancer", its heading under "Fail-over"), or a
  top-level entry for a deeper heading listed elsewhere too;
- entries for headings above the TOC (an "About" section listed at the end);
- entries whose link is broken without a certain fix (broken-anchor reports them; the
  heading they seem to mean says nothing about order), and links to the wrong one of two
  same-named headings, which count as the heading they name (toc-text-mismatch).

An alphabetical list of entries (sorted ignoring case and punctuation, perhaps but for a
last "Other resources") over headings in another order is deliberate: it is never reported
and never re-sorted. But when the headings themselves are in that alphabetical order but
for a section or two, each such section is reported ("section "Rocq Prover" is out of the
alphabetical order the table of contents follows"), without a fix.

Fails:

    - [Linear Regression](#linear-regression)
    - [Random Forest](#random-forest)
    - [Gradient Boosting](#gradient-boosting)
    ...
    #### Linear Regression
    #### Gradient Boosting
    #### Random Forest

Passes: entries in the order their headings appear; an alphabetical TOC (five entries or
more) of sections kept in another order:

    - [C#](#c)
    - [Go](#go)
    - [Java](#java)
    - [Python](#python)
    - [Rust](#rust)
    ...
    ## Python
    ## C#
    ## Rust
    ## Go
    ## Java

`--fix` rewrites the TOC's list (together with toc-missing-entry) so that its entries
follow the headings and the missing ones are inserted, keeping the list's style: bullet
or numbering (`1.`, `1)`), indentation, each entry's own line (emoji, link text, trailing
text) and a prefix all sibling entries share. New entries are `[heading text](#anchor)`.
Only a TOC that is one list with one linked entry per line, every entry naming a heading
and nested as its headings are, is reordered; any other shape (lists under sub-headings,
HTML, entries spanning lines, cross-references) gets no reordering fix.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from ..model import Finding, Heading, Severity
from . import Rule
from .context import LintContext
from .toc_common import ResolvedEntry, TocView, toc_fix, toc_view
from .toc_text import sort_key

# An alphabetical list is one of at least this many entries in order.
_MIN_ALPHABETICAL = 5
# Headings count as alphabetical but for a few sections when no more than one in this many
# (and at least one) are out of that order.
_OUTLIER_SHARE = 20


def check(context: LintContext) -> Iterator[Finding]:
    view = toc_view(context)
    if view is None:
        return
    misplaced = misplaced_entries(view)
    planned = toc_fix(context) if misplaced else None
    fix = planned.reorder if planned is not None else ()
    why_not = (
        f" (--fix cannot reorder it: {planned.order_reason})"
        if planned is not None and planned.order_reason and not fix
        else ""
    )
    for item, detail in misplaced:
        yield RULE.finding(
            context,
            item.entry.position,
            f'entry "{item.entry.text.strip()}" is out of order{detail}{why_not}',
            target=item.entry.target,
            fix=fix,
        )
    for heading in _alphabetical_outliers(view):
        yield RULE.finding(
            context,
            heading.position,
            f'section "{view.title(heading)}" is out of the alphabetical order '
            "the table of contents follows",
            target=f"#{view.fragment(heading)}",
        )


def misplaced_entries(view: TocView) -> list[tuple[ResolvedEntry, str]]:
    """Entries out of their headings' order, with what their heading comes before or after."""
    result: list[tuple[ResolvedEntry, str]] = []
    for siblings, compared in _sibling_groups(view):
        if len(compared) > 1 and not is_alphabetical(siblings):
            result.extend(_out_of_order(view, compared))
    position = {id(item): index for index, item in enumerate(view.items)}
    result.sort(key=lambda pair: position[id(pair[0])])
    return result


def sibling_lists(view: TocView) -> list[list[ResolvedEntry]]:
    """The entries nested under one entry, and the top-level entries, each in TOC order."""
    groups: dict[int, list[ResolvedEntry]] = {}
    for item in view.items:
        groups.setdefault(id(item.parent), []).append(item)
    return list(groups.values())


def _sibling_groups(view: TocView) -> list[tuple[list[ResolvedEntry], list[ResolvedEntry]]]:
    """Per list of sibling entries: all of them, and those whose order is compared."""
    return [
        (siblings, [item for item in siblings if _compared(view, item)])
        for siblings in sibling_lists(view)
    ]


def _compared(view: TocView, item: ResolvedEntry) -> bool:
    heading = item.heading
    return heading is not None and item.certain and item.in_place and view.after_toc(heading)


def is_alphabetical(siblings: list[ResolvedEntry]) -> bool:
    """Whether the entries are sorted by text (but perhaps for a closing one)."""
    keys = [sort_key(item.entry.text) for item in siblings]
    if len(keys) > _MIN_ALPHABETICAL and keys[-1] < keys[-2]:
        keys.pop()  # "Additional resources" closing a sorted list
    return len(keys) >= _MIN_ALPHABETICAL and keys == sorted(keys)


def _alphabetical_outliers(view: TocView) -> list[Heading]:
    """Sections out of the alphabetical order of their entries, when only one or two are."""
    result: list[Heading] = []
    for siblings, items in _sibling_groups(view):
        if len(items) < 2 or not is_alphabetical(siblings):
            continue
        kept = _longest_increasing([view.order[id(item.heading)] for item in items])
        outliers = [item for position, item in enumerate(items) if position not in kept]
        if outliers and len(outliers) <= max(1, len(items) // _OUTLIER_SHARE):
            result.extend(item.heading for item in outliers if item.heading is not None)
    return result


def _out_of_order(view: TocView, items: list[ResolvedEntry]) -> list[tuple[ResolvedEntry, str]]:
    places = [view.order[id(item.heading)] for item in items]
    in_order = _longest_increasing(places)
    return [
        (item, _detail(items, places, in_order, position))
        for position, item in enumerate(items)
        if position not in in_order
    ]


def _detail(
    items: list[ResolvedEntry], places: list[int], in_order: set[int], position: int
) -> str:
    for earlier in range(position - 1, -1, -1):
        if earlier in in_order and places[earlier] > places[position]:
            return f'; its heading comes before "{items[earlier].entry.text.strip()}"'
    for later in range(position + 1, len(items)):
        if later in in_order and places[later] < places[position]:
            return f'; its heading comes after "{items[later].entry.text.strip()}"'
    return ""


def _longest_increasing(sequence: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence."""
    tails: list[int] = []  # value at the end of the best run of each length
    tail_positions: list[int] = []
    previous: list[int] = [-1] * len(sequence)
    for position, value in enumerate(sequence):
        length = bisect.bisect_left(tails, value)
        if length == len(tails):
            tails.append(value)
            tail_positions.append(position)
        else:
            tails[length] = value
            tail_positions[length] = position
        previous[position] = tail_positions[length - 1] if length > 0 else -1
    result: set[int] = set()
    position = tail_positions[-1] if tail_positions else -1
    while position >= 0:
        result.add(position)
        position = previous[position]
    return result


RULE = Rule(
    code="RL202",
    name="toc-order",
    severity=Severity.WARNING,
    summary="Table-of-contents entries out of document order",
    doc=__doc__ or "",
    check=check,
)
