"""blocked-link: the server refuses automated clients, so the link cannot be verified.

403 or 401 that a browser-like GET does not cure, LinkedIn's 999, challenge pages such as
Cloudflare's "Just a moment...", or a 429 that never clears. The page may well exist: this
is a warning, never an error.

Fails (as a warning): a link to a site behind a bot challenge.

Passes: a link whose server answers a robot with 200.
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, LinkResult, LinkState, Severity
from roadmap_lint.rules.base import Rule


def check_links(results: list[LinkResult]) -> Iterator[Finding]:
    for result in results:
        if result.state is LinkState.BLOCKED:
            for location in result.locations:
                yield RULE.link_finding(
                    location, f"{result.url} could not be verified: {result.error}", result.url
                )


RULE = Rule(
    code="RL304",
    name="blocked-link",
    severity=Severity.WARNING,
    summary="External URL whose server refuses automated clients",
    doc=__doc__ or "",
    check_links=check_links,
)
