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

from collections.abc import Iterator

from roadmap_lint.model import Finding, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.context import LintContext
from roadmap_lint.rules.toc.common import toc_view
from roadmap_lint.rules.toc.fixing import toc_fix
from roadmap_lint.rules.toc.ordering import alphabetical_outliers, misplaced_entries


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
    for heading in alphabetical_outliers(view):
        yield RULE.finding(
            context,
            heading.position,
            f'section "{view.title(heading)}" is out of the alphabetical order '
            "the table of contents follows",
            target=f"#{view.fragment(heading)}",
        )


RULE = Rule(
    code="RL202",
    name="toc-order",
    severity=Severity.WARNING,
    summary="Table-of-contents entries out of document order",
    doc=__doc__ or "",
    check=check,
)
