"""The order of a table of contents: sibling entries against their headings' order.

Entries are compared only with their siblings, in place, with a certain heading, and after
the TOC. An alphabetical list (5 entries or more, a closing "Other resources" aside) is
never out of order; a section alone out of its alphabetical order is.
"""

from __future__ import annotations

import bisect

from roadmap_lint.model import Heading
from roadmap_lint.rules.toc.text import sort_key
from roadmap_lint.rules.toc.view import ResolvedEntry, TocView

# An alphabetical list is one of at least this many entries in order.
_MIN_ALPHABETICAL = 5
# Headings count as alphabetical but for a few sections when no more than one in this many
# (and at least one) are out of that order.
_OUTLIER_SHARE = 20


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


def alphabetical_outliers(view: TocView) -> list[Heading]:
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
