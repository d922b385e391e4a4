"""Finding a `#fragment` on a fetched HTML page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

_LINE_ANCHOR = re.compile(r"L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?")
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
_USER_CONTENT = "user-content-"


class _Ids(HTMLParser):
    """The ids a browser scrolls to: `id` on any element, `name` on `<a>` (as HTML defines).

    Only attributes of real tags count: not what is written in comments, scripts, styles or
    text. Nothing but the start tags is looked at.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        seen: set[str] = set()
        for name, value in attrs:
            if name in seen:
                continue  # a repeated attribute is dropped: the first one counts
            seen.add(name)
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


def page_ids(body: bytes) -> frozenset[str]:
    """Every element id and `<a name>` of an HTML page (entity-decoded).

    The page is read as UTF-8, undecodable bytes replaced. A tag cut off at the end (the
    body read may stop anywhere) is dropped, as a browser drops it, rather than handed to
    html.parser's `close()`, which rescans the rest once for every `<` in it.
    """
    parser = _Ids()
    # `<![` opens a bogus comment in HTML; html.parser reads an SGML marked section there
    # and fails on anything but a name (`<![ x`).
    parser.feed(body.decode("utf-8", errors="replace").replace("<![", "<!_"))
    return frozenset(parser.ids)


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
