"""broken-anchor: a `#fragment` that matches no heading or HTML anchor.

Checked for in-document links (`#section`) and for links into other Markdown files of
the repository (`guide.md#section`). Fragments are percent-decoded; `#`, `#top`,
`#readme` and `#user-content-…` resolve. A rendered Markdown file has no line anchors,
so `#L10` is a fragment like any other. When one existing anchor is clearly the closest,
it is offered as the suggestion.

Fails:

    ## k-Nearest Neighbors (k-NN)
    [k-NN](#k-nearest-neighbours-k-nn)

Passes:

    ## k-Nearest Neighbors (k-NN)
    [k-NN](#k-nearest-neighbors-k-nn)
"""

from __future__ import annotations

from collections.abc import Iterator

from ..anchors import Resolution
from ..model import Finding, Severity
from . import Rule
from .context import LintContext


def check(context: LintContext) -> Iterator[Finding]:
    for item in context.fragment_links():
        if item.anchors.resolve(item.fragment) is not Resolution.MISSING:
            continue
        suggestion = item.anchors.suggest(item.fragment)
        where = f" in {item.file}" if item.file else ""
        yield RULE.finding(
            context,
            item.link.position,
            f"anchor #{item.fragment} does not exist{where}",
            target=item.link.url,
            suggestion=item.with_fragment(suggestion) if suggestion is not None else None,
        )


RULE = Rule(
    code="RL101",
    name="broken-anchor",
    severity=Severity.ERROR,
    summary="Link to a #fragment that no heading or anchor has",
    doc=__doc__ or "",
    check=check,
)
