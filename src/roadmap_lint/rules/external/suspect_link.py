"""suspect-link: an external URL that answers, but probably no longer with the page meant.

A deep link (not to a site's home page) that ends, after redirects, on its own site's home
page: pages that are removed are often sent there. The site is then asked for an address
that cannot exist. When it sends that home too, it sends everything it does not know home,
and the page is certainly gone: that is `broken-link` (reason `home-redirect`), an error.
When it answers 404 there, or something else, the page may have been retired or merged on
purpose, so this is a warning: open the link and look for where the content went.

`redirected-link` does not report these links again; `--fix` never rewrites a link to a home
page. Needs the page check of soft 404s (`[links] soft-404`, on by default).

Fails (as a warning): `https://example.org/docs/old-guide` redirected to `https://example.org/`
while `https://example.org/<random>` answers 404.

Passes: `https://example.org/docs/guide` answering 200 with its own page.
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, LinkResult, LinkState, Severity
from roadmap_lint.rules.base import Rule

# Reasons (`links[].reason`) that make a link that answers suspect.
SUSPECT_REASONS = frozenset({"home-redirect"})


def check_links(results: list[LinkResult]) -> Iterator[Finding]:
    for result in results:
        alive = result.state in (LinkState.OK, LinkState.REDIRECTED)
        if alive and result.reason in SUSPECT_REASONS:
            for location in result.locations:
                yield RULE.link_finding(
                    location, f"{result.url} may be gone: {result.error}", result.url
                )


RULE = Rule(
    code="RL306",
    name="suspect-link",
    severity=Severity.WARNING,
    summary="External URL that answers, but probably not with the page meant",
    doc=__doc__ or "",
    check_links=check_links,
)
