"""archived-repo: a link into a GitHub repository that its owners have archived.

An archived repository is read-only: no fixes, no answers to issues, often a notice that
the project moved or ended. The link works, so this is a warning: keep it if the entry is
history on purpose, otherwise look for the successor. A link written with the repository's
old name is reported by `redirected-link` as well.

Only known with a token (`GITHUB_TOKEN`), when GitHub's API decides repository links
(see "GitHub lane" in the README): fetched as a page, an archived repository looks like
any other.

Fails (as a warning): `[oldtool](https://github.com/example/oldtool)` when GitHub reports
the repository archived.

Passes: the same link to a repository that is not archived.
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, LinkResult, LinkState, Severity
from roadmap_lint.rules.base import Rule


def check_links(results: list[LinkResult]) -> Iterator[Finding]:
    for result in results:
        alive = result.state in (LinkState.OK, LinkState.REDIRECTED)
        if alive and result.reason == "archived":
            for location in result.locations:
                yield RULE.link_finding(
                    location, f"{result.url} is a repository archived by its owners", result.url
                )


RULE = Rule(
    code="RL305",
    name="archived-repo",
    severity=Severity.WARNING,
    summary="Link into a GitHub repository that is archived",
    doc=__doc__ or "",
    check_links=check_links,
)
