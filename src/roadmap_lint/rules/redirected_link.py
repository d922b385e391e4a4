"""redirected-link: an external URL that has moved permanently (301 or 308).

The link still works, but through a detour that may one day break; the suggestion is
where it leads now. Temporary redirects (302, 303, 307) are not reported.

Fails: `http://example.org/docs` answering 301 to `https://example.org/docs/`.

Passes: `https://example.org/docs/` answering 200.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, LinkResult, LinkState, Severity
from . import Rule


def check_links(results: list[LinkResult]) -> Iterator[Finding]:
    for result in results:
        if result.state is LinkState.REDIRECTED and result.final_url:
            for location in result.locations:
                yield RULE.link_finding(
                    location,
                    f"{result.url} moved permanently to {result.final_url}",
                    result.url,
                    result.final_url,
                )


RULE = Rule(
    code="RL303",
    name="redirected-link",
    severity=Severity.WARNING,
    summary="External URL permanently redirected",
    doc=__doc__ or "",
    check_links=check_links,
)
