"""heading-level-skip: a heading more than one level deeper than the one before it.

`##` followed by `####` leaves a hole in the document's outline: the table of contents
and screen readers show a level that is not there, and it usually means a heading was
mistyped. The first heading may be at any level; going back up any number of levels is
fine.

Fails:

    ## Supervised Learning
    #### Random Forest

Passes:

    ## Supervised Learning
    ### Random Forest
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, Severity
from . import Rule
from .context import LintContext


def check(context: LintContext) -> Iterator[Finding]:
    previous: int | None = None
    for heading in context.document.headings:
        if previous is not None and heading.level > previous + 1:
            expected = previous + 1
            yield RULE.finding(
                context,
                heading.position,
                f'heading "{heading.text.strip()}" is level {heading.level} right after '
                f"level {previous}; expected level {expected} at most",
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
