"""broken-link: an external URL that is dead.

Dead means 404, 410 or another definite client error, a name that does not resolve, a
refused connection, a TLS failure, a timeout or a 5xx that persists after retries, or a
redirect loop. Servers that refuse robots are `blocked-link`, never this.

A page that answers 200 is dead too when its site gives the very same page to an address
that cannot exist: a "not found" page served with 200 (reason `soft-404`), a domain-parking
page (`parked-domain`), or a deep link sent to the home page as every unknown address is
(`home-redirect`). A page that only looks gone (an article about 404 errors, on a site that
answers 404 where nothing is) is not.

With the cache on, each run's verdict is remembered: the message says how long the link
has been broken, and `--fail-after` (`3` runs in a row, or a time such as `3d`) keeps it a
warning until it has been broken that long, so a link that fails now and then does not
fail CI.

The suggestion is the Internet Archive's copy of the page from before it broke, when it has
one (preferring a capture close to when the line was added, by `git blame`): online runs
look each dead page up once and keep what they find in the cache (`[links.archive]`).
`--fix --archive` replaces the dead URL by that copy; a plain `--fix` never does.

Fails: `[docs](https://example.org/removed-page)` answering 404.

Passes: the same link answering 200, or 200 after a temporary redirect.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from roadmap_lint.model import ARCHIVE_FIX, Edit, Finding, LinkResult, LinkState, Severity
from roadmap_lint.rules.base import Rule


def check_links(results: list[LinkResult]) -> Iterator[Finding]:
    for result in results:
        if result.state is LinkState.BROKEN and not result.fragment_missing:
            for location in result.locations:
                finding = RULE.link_finding(
                    location, f"{result.url} is broken: {result.error}", result.url
                )
                if result.snapshot:
                    # The archived copy; replacing the link by it is a fix made only when
                    # asked for (`--fix --archive`).
                    edit = Edit(
                        location.line, location.column, result.url, result.snapshot, ARCHIVE_FIX
                    )
                    finding = dataclasses.replace(finding, suggestion=result.snapshot, fix=(edit,))
                yield finding


RULE = Rule(
    code="RL301",
    name="broken-link",
    severity=Severity.ERROR,
    summary="External URL that is dead",
    doc=__doc__ or "",
    check_links=check_links,
    dead_links=True,
)
