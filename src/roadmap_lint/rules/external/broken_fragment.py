"""broken-fragment: an external page loads, but the `#fragment` it links to is not on it.

The page's HTML is searched for an element with that `id` or `name`; on github.com the
`user-content-` prefix of rendered Markdown is understood, and `#L10`/`#L10-L20` on file
pages are line anchors. Fragments that are client-side routes (`#/path`, `#!…`) or text
fragments (`#:~:text=`) are not checked.

With the cache on, each run's verdict is remembered: the message says how long the link
has been broken, and `--fail-after` (`3` runs in a row, or a time such as `3d`) keeps it a
warning until it has been broken that long, so a link that fails now and then does not
fail CI.

Fails: `https://example.org/guide#instalation` when the page has only `id="installation"`.

Passes: `https://example.org/guide#installation`.
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, LinkResult, LinkState, Severity
from roadmap_lint.rules.base import Rule


def check_links(results: list[LinkResult]) -> Iterator[Finding]:
    for result in results:
        if result.state is LinkState.BROKEN and result.fragment_missing:
            for location in result.locations:
                yield RULE.link_finding(location, f"{result.url}: {result.error}", result.url)


RULE = Rule(
    code="RL302",
    name="broken-fragment",
    severity=Severity.ERROR,
    summary="External page without the linked #fragment",
    doc=__doc__ or "",
    check_links=check_links,
    dead_links=True,
)
