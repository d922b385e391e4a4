"""broken-link: an external URL that is dead.

Dead means 404, 410 or another definite client error, a name that does not resolve, a
refused connection, a TLS failure, a timeout or a 5xx that persists after retries, or a
redirect loop. Servers that refuse robots are `blocked-link`, never this.

A page that answers 200 is dead too when its site gives the very same page to an address
that cannot exist: a "not found" page served with 200 (reason `soft-404`), a domain-parking
page (`parked-domain`), or a deep link sent to the home page as every unknown address is
(`home-redirect`). A page that only looks gone (an article about 404 errors, on a site that
answers 404 where nothing is) is not.

Fails: `[docs](https://example.org/removed-page)` answering 404.

Passes: the same link answering 200, or 200 after a temporary redirect.
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, LinkResult, LinkState, Severity
from roadmap_lint.rules.base import Rule


def check_links(results: list[LinkResult]) -> Iterator[Finding]:
    for result in results:
        if result.state is LinkState.BROKEN and not result.fragment_missing:
            for location in result.locations:
                yield RULE.link_finding(
                    location, f"{result.url} is broken: {result.error}", result.url
                )


RULE = Rule(
    code="RL301",
    name="broken-link",
    severity=Severity.ERROR,
    summary="External URL that is dead",
    doc=__doc__ or "",
    check_links=check_links,
)
