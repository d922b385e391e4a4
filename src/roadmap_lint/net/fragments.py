"""Finding a `#fragment` on a fetched HTML page."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

_ID_ATTRIBUTE = re.compile(
    rb"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)
_LINE_ANCHOR = re.compile(r"L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?")
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
_USER_CONTENT = "user-content-"


def page_ids(body: bytes) -> frozenset[str]:
    """Every `id` and `name` attribute value of an HTML document (entity-decoded)."""
    ids: set[str] = set()
    for match in _ID_ATTRIBUTE.finditer(body):
        raw = match.group(1) or match.group(2) or match.group(3) or b""
        ids.add(html.unescape(raw.decode("utf-8", errors="replace")))
    return frozenset(ids)


def needs_check(fragment: str) -> bool:
    """Whether a fragment names an element (not `#`, `#top`, a route or a text fragment)."""
    name = unquote(fragment)
    return bool(name) and name.lower() != "top" and not name.startswith(("/", "!", ":~:"))


def fragment_found(url: str, fragment: str, ids: frozenset[str]) -> bool:
    name = unquote(fragment)
    if not needs_check(fragment) or name in ids:
        return True
    host = (urlsplit(url).hostname or "").lower()
    if host in _GITHUB_HOSTS:
        if _LINE_ANCHOR.fullmatch(name) and "/blob/" in urlsplit(url).path:
            return True
        # Rendered Markdown ids carry `user-content-`; github.com also matches them ignoring case.
        wanted = {name.lower(), (_USER_CONTENT + name).lower()}
        return any(candidate.lower() in wanted for candidate in ids)
    return False
