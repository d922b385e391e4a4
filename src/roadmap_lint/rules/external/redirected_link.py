"""redirected-link: an external URL that has moved permanently (301 or 308).

The link still works, but through a detour that may one day break; the suggestion is
where it leads now. Temporary redirects (302, 303, 307) are not reported.

`--fix` replaces the URL by its target, except when the target is the site's home page
or a sign-in page (the page is then more likely gone than moved). A deep link sent to its
site's home page is reported by `suspect-link` (or `broken-link`) instead.

Fails: `http://example.org/docs` answering 301 to `https://example.org/docs/`.

Passes: `https://example.org/docs/` answering 200.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from urllib.parse import urlsplit

from roadmap_lint.model import Edit, Finding, LinkResult, LinkState, Severity
from roadmap_lint.rules.base import Rule

HOME_REDIRECT = "home-redirect"  # the reason of a deep link sent to its site's home page
_SIGN_IN = ("login", "signin", "sign-in", "sign_in", "auth", "sso", "account")


def safe_target(url: str, target: str) -> bool:
    """Whether replacing `url` by where it permanently redirects keeps its meaning.

    A page that moved to the site's home page, or to a sign-in page, is more likely gone
    than moved: those are reported but never rewritten.
    """
    old, new = urlsplit(url), urlsplit(target)
    if new.path in ("", "/") and old.path not in ("", "/"):
        return False
    lowered = new.path.lower()
    return not any(word in lowered for word in _SIGN_IN) or any(
        word in old.path.lower() for word in _SIGN_IN
    )


def check_links(results: list[LinkResult]) -> Iterator[Finding]:
    for result in results:
        if result.reason == HOME_REDIRECT:
            continue  # suspect-link says more: the page is probably gone, not moved
        if result.state is LinkState.REDIRECTED and result.final_url:
            safe = safe_target(result.url, result.final_url)
            for location in result.locations:
                finding = RULE.link_finding(
                    location,
                    f"{result.url} moved permanently to {result.final_url}",
                    result.url,
                    result.final_url,
                )
                if safe:
                    edit = Edit(location.line, location.column, result.url, result.final_url)
                    finding = dataclasses.replace(finding, fix=(edit,))
                yield finding


RULE = Rule(
    code="RL303",
    name="redirected-link",
    severity=Severity.WARNING,
    summary="External URL permanently redirected",
    doc=__doc__ or "",
    check_links=check_links,
)
