"""image-alt-missing: an image without alt text.

Alt text is what screen readers say and what shows when the image does not load; for a
badge it is the badge's message. Markdown images need text in `![…](src)`, HTML `<img>`
an `alt` attribute. Badges (shields.io and the like) count: `![](https://img.shields.io/…)`
says nothing to someone who cannot see it. An explicit `alt=""` on an `<img>` marks a
purely decorative image and is accepted.

Fails:

    ![](images/Machine_Learning_Roadmap.png)
    [<img src="images/Newsletter.png">](https://example.substack.com/)

Passes:

    ![Machine Learning Roadmap](images/Machine_Learning_Roadmap.png)
    <img src="images/divider.png" alt="">
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, LinkKind, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.context import LintContext


def check(context: LintContext) -> Iterator[Finding]:
    for link in context.document.links:
        if not link.is_image or link.text.strip():
            continue
        if link.kind is LinkKind.HTML and link.alt_attribute:
            continue
        yield RULE.finding(
            context,
            link.position,
            f"image {link.url} has no alt text",
            target=link.url,
            group=link.url,
        )


RULE = Rule(
    code="RL411",
    name="image-alt-missing",
    severity=Severity.WARNING,
    summary="An image without alt text",
    doc=__doc__ or "",
    check=check,
)
