"""toc-order: table-of-contents entries listed in a different order from their headings.

The entries that keep the longest run in document order are taken as right; each other
entry is reported once.

Fails:

    - [Random Forest](#random-forest)
    - [Gradient Boosting](#gradient-boosting)
    ...
    #### Gradient Boosting
    #### Random Forest

Passes: entries in the order their headings appear.

`--fix` rewrites the TOC's list (together with toc-missing-entry) so that its entries
follow the headings and the missing ones are inserted, keeping the list's style: bullet
or numbering (`1.`, `1)`), indentation, each entry's own line (emoji, link text, trailing
text) and a prefix all sibling entries share. New entries are `[heading text](#slug)`.
Only a TOC that is one list with one linked entry per line, every entry naming a heading
and nested as its headings are, is rewritten; any other shape (lists under
sub-headings, HTML, entries spanning lines) gets no fix.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from ..model import Finding, Severity
from . import Rule
from .context import LintContext
from .toc_common import resolve_entries, toc_fix


def check(context: LintContext) -> Iterator[Finding]:
    resolved = resolve_entries(context)
    if resolved is None:
        return
    _, entries = resolved
    order = {id(h): i for i, h in enumerate(context.document.headings)}
    placed = [(item, order[id(item.heading)]) for item in entries if item.heading is not None]
    in_order = _longest_increasing([placed_index for _, placed_index in placed])
    fix = toc_fix(context) if len(in_order) < len(placed) else ()
    for position, (item, heading_index) in enumerate(placed):
        if position in in_order or item.heading is None:
            continue
        detail = ""
        for earlier in range(position - 1, -1, -1):
            if earlier in in_order and placed[earlier][1] > heading_index:
                detail = f'; its heading comes before "{placed[earlier][0].entry.text.strip()}"'
                break
        else:
            later = next(
                (
                    p
                    for p in range(position + 1, len(placed))
                    if p in in_order and placed[p][1] < heading_index
                ),
                None,
            )
            if later is not None:
                detail = f'; its heading comes after "{placed[later][0].entry.text.strip()}"'
        yield RULE.finding(
            context,
            item.entry.position,
            f'entry "{item.entry.text.strip()}" is out of order{detail}',
            target=item.entry.target,
            fix=fix,
        )


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
