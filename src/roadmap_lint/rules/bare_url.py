"""bare-url: a URL written as plain text.

github.com turns `https://…` and `www.…` in text into links, but other Markdown renderers
(and editors, and documentation sites) do not, and where the link ends is decided by
punctuation rules few people know. Write `<https://…>` or `[name](https://…)`. URLs in
code spans and code blocks are not links and are not reported.

Fails:

    - Course materials: https://cs229.stanford.edu/

Passes:

    - Course materials: <https://cs229.stanford.edu/>
    - Course materials: [CS229](https://cs229.stanford.edu/)
    - Run `curl https://example.org/install.sh`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, LinkKind, Severity
from . import Rule
from .content_common import source_at
from .context import LintContext


def check(context: LintContext) -> Iterator[Finding]:
    for link in context.document.links:
        if link.kind is not LinkKind.BARE:
            continue
        url = link.url
        target = url
        if source_at(context, link.position).startswith("www."):
            target = "https://" + url.split("://", 1)[-1]  # github.com would link http://
        yield RULE.finding(
            context,
            link.position,
            f"bare URL {url}: write it as a link",
            target=url,
            suggestion=f"<{target}>",
        )


RULE = Rule(
    code="RL408",
    name="bare-url",
    severity=Severity.WARNING,
    summary="A URL written as plain text instead of a link",
    doc=__doc__ or "",
    check=check,
)
