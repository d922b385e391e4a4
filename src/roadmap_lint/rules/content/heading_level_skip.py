"""heading-level-skip: a heading more than one level deeper than the one before it.

`##` followed by `####` leaves a hole in the document's outline: the table of contents
and screen readers show a level that is not there, and it usually means a heading was
mistyped. The first heading may be at any level; going back up any number of levels is
fine.

The fix concerns the whole subtree: the skipped heading and every heading under it, up to
the next heading at the level of the one before the skip, move up together, so their
nesting stays as it was. The message says how many headings that is and where it ends.

Fails:

    ## Supervised Learning
    #### Random Forest

Passes:

    ## Supervised Learning
    ### Random Forest
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, Heading, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.context import LintContext


def _subtree_end(headings: list[Heading], start: int, parent_level: int) -> int:
    """Index just past the headings that belong under `headings[start]`'s parent level."""
    end = start + 1
    while end < len(headings) and headings[end].level > parent_level:
        end += 1
    return end


def check(context: LintContext) -> Iterator[Finding]:
    headings = context.document.headings
    previous: int | None = None
    for index, heading in enumerate(headings):
        if previous is not None and heading.level > previous + 1:
            expected = previous + 1
            shift = heading.level - expected
            end = _subtree_end(headings, index, previous)
            below = end - index - 1
            scope = (
                f"; move it and the {below} heading{'s' if below != 1 else ''} under it "
                f"(to line {headings[end - 1].position.line}) up {shift} level"
                f"{'s' if shift > 1 else ''}"
                if below
                else ""
            )
            yield RULE.finding(
                context,
                heading.position,
                f'heading "{heading.text.strip()}" is level {heading.level} right after '
                f"level {previous}; expected level {expected} at most{scope}",
                suggestion=f"<h{expected}>" if heading.html else "#" * expected,
            )
        previous = heading.level


RULE = Rule(
    code="RL409",
    name="heading-level-skip",
    severity=Severity.WARNING,
    summary="A heading more than one level deeper than the previous one",
    doc=__doc__ or "",
    check=check,
)
