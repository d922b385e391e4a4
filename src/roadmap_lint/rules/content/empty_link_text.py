"""empty-link-text: a link with no text to click or read.

`[](url)` and `[   ](url)` render as nothing (or an invisible link), and screen readers
announce only the address. A link whose text is an image (`[![logo](logo.png)](url)`)
is not empty; whether that image has alt text is `image-alt-missing`'s business.

Fails:

    - [](https://scikit-learn.org/stable/)

Passes:

    - [scikit-learn](https://scikit-learn.org/stable/)
    - [![scikit-learn logo](logo.png)](https://scikit-learn.org/stable/)
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, LinkKind, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.context import LintContext


def check(context: LintContext) -> Iterator[Finding]:
    for link in context.document.links:
        if link.kind not in (LinkKind.INLINE, LinkKind.REFERENCE):
            continue
        if link.text.strip() or link.wraps_image:
            continue
        yield RULE.finding(
            context,
            link.position,
            f"link to {link.url or '(nothing)'} has no text",
            target=link.url,
        )


RULE = Rule(
    code="RL406",
    name="empty-link-text",
    severity=Severity.WARNING,
    summary="A link without text",
    doc=__doc__ or "",
    check=check,
)
