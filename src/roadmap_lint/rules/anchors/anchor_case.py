"""anchor-case: a `#fragment` that matches a heading only when case is ignored.

github.com falls back to a case-insensitive match, so the link works there; the exact,
lower-case id is offered as the suggestion so that every renderer agrees, and `--fix`
rewrites the fragment to it.

Fails:

    ## Getting Started
    [start](#Getting-Started)

Passes:

    ## Getting Started
    [start](#getting-started)
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.markdown.anchors import Resolution
from roadmap_lint.model import Finding, Severity
from roadmap_lint.rules.anchors.broken_anchor import fragment_fix, once_per_place, written_at
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.context import LintContext


def check(context: LintContext) -> Iterator[Finding]:
    for item in once_per_place(context, iter(context.fragment_links())):
        if item.anchors.resolve(item.fragment) is not Resolution.CASE_ONLY:
            continue
        exact = item.anchors.case_match(item.fragment)
        where = item.where
        yield RULE.finding(
            context,
            written_at(context, item),
            f"anchor #{item.fragment}{where} matches #{exact} only when case is ignored",
            target=item.link.url,
            suggestion=item.with_fragment(exact) if exact is not None else None,
            fix=fragment_fix(context, item, exact),
            group=item.link.url,
        )


RULE = Rule(
    code="RL102",
    name="anchor-case",
    severity=Severity.WARNING,
    summary="Fragment that matches an anchor only when case is ignored",
    doc=__doc__ or "",
    check=check,
)
