"""toc-missing-entry: a heading the table of contents should list but does not.

The TOC's own shape says which headings it covers: the levels at which it lists at least
half of the headings; at those levels, every heading of the top level it lists and every
heading whose parent it lists. Headings above the TOC are left alone, and so are titles
repeated in every chapter ("Sources", "Explanation") that the TOC never lists.

`--fix` inserts the missing entries where they belong (see toc-order for how the TOC is
rewritten).

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

from ..model import Finding, Severity
from . import Rule
from .context import LintContext
from .toc_common import missing_headings, toc_fix


def check(context: LintContext) -> Iterator[Finding]:
    missing = missing_headings(context)
    fix = toc_fix(context) if missing else ()
    for heading in missing:
        yield RULE.finding(
            context,
            heading.position,
            f'heading "{heading.text.strip()}" has no entry in the table of contents',
            target=f"#{heading.slug}",
            suggestion=f"[{heading.text.strip()}](#{heading.slug})",
            fix=fix,
        )


RULE = Rule(
    code="RL201",
    name="toc-missing-entry",
    severity=Severity.WARNING,
    summary="Heading missing from the table of contents",
    doc=__doc__ or "",
    check=check,
)
