"""bare-url: a URL written as plain text (off by default).

github.com turns `https://…` and `www.…` in text into links, but other Markdown renderers
(and editors, and documentation sites) do not, and where the link ends is decided by
punctuation rules few people know. Write `<https://…>` or `[name](https://…)`.

Off by default: on github.com a bare URL works, so on real lists most of these are a
matter of taste, and `www.example.com` in a sentence about DNS is no link at all. Turn it
on with `--extend-select bare-url` for lists that are rendered elsewhere too. URLs in code
spans and code blocks, the `example.com` domains and the address of a malformed link
(`[name] (url)`, reported by `malformed-link`) are not reported.

Fails:

    - Course materials: https://cs229.stanford.edu/

Passes:

    - Course materials: <https://cs229.stanford.edu/>
    - Course materials: [CS229](https://cs229.stanford.edu/)
    - Run `curl https://example.org/install.sh`.
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, LinkKind, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.content.malformed_link import malformed
from roadmap_lint.rules.context import LintContext
from roadmap_lint.urls import host_of, is_local_host


def check(context: LintContext) -> Iterator[Finding]:
    in_malformed = {item.position.line for item in malformed(context)}
    for link in context.document.links:
        if link.kind is not LinkKind.BARE or link.position.line in in_malformed:
            continue
        if is_local_host(host_of(link.url)):
            continue
        url = link.url
        target = url
        if link.text.startswith("www."):
            target = "https://" + url.split("://", 1)[-1]  # github.com would link http://
        yield RULE.finding(
            context,
            link.position,
            f"bare URL {url}: write it as a link",
            target=url,
            suggestion=f"<{target}>",
            group=url,
        )


RULE = Rule(
    code="RL408",
    name="bare-url",
    severity=Severity.WARNING,
    summary="A URL written as plain text instead of a link",
    doc=__doc__ or "",
    check=check,
    default=False,
)
