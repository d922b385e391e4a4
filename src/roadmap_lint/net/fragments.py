"""Finding a `#fragment` on a fetched HTML page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

_LINE_ANCHOR = re.compile(r"L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?")
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
_USER_CONTENT = "user-content-"
# A time to start playing at (`#t=90`, `#t=1m30s`, `#t=10,20`): a media fragment, no element.
_TIME = re.compile(r"t=(?:npt:)?[\d:.,hms]+")


# Ids of the element an application renders into (React, Vue, Angular, Next, Nuxt, Svelte…).
_APP_ROOTS = frozenset(
    {"root", "app", "__next", "__nuxt", "q-app", "svelte", "react-root", "app-root", "main-app"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_FEW_HEADING_IDS = 1  # a page with no more ids for its headings than this may get them from scripts


class _Ids(HTMLParser):
    """The ids a browser scrolls to: `id` on any element, `name` on `<a>` (as HTML defines).

    Only attributes of real tags count: not what is written in comments, scripts, styles or
    text. On the way, what says that scripts build the page in the browser: an empty
    application root, a `<noscript>` asking for JavaScript, a body mostly of scripts.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.empty_root = False  # `<div id="root"></div>`, `<app-root></app-root>`…
        self.noscript_asks = False  # `<noscript>` text mentions JavaScript
        self.heading_ids = 0  # headings with an id, or an anchor inside one
        self.script_chars = 0
        self.text_chars = 0
        self._root: str | None = None  # an application root opened, nothing in it yet
        self._in: dict[str, int] = {"script": 0, "style": 0, "noscript": 0, "heading": 0}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._root = None  # whatever was open now has an element in it
        seen: set[str] = set()
        element_id: str | None = None
        for name, value in attrs:
            if name in seen:
                continue  # a repeated attribute is dropped: the first one counts
            seen.add(name)
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)
                element_id = element_id or value
        if tag in _HEADINGS:
            self._in["heading"] += 1
            self.heading_ids += element_id is not None
        elif element_id is not None and self._in["heading"]:
            self.heading_ids += 1  # `<h2><a id="x"></a>…</h2>`
        if tag in ("script", "style", "noscript"):
            self._in[tag] += 1
        if tag == "app-root" or (element_id in _APP_ROOTS and tag not in ("script", "style")):
            self._root = tag

    def handle_endtag(self, tag: str) -> None:
        if self._root == tag:
            self.empty_root = True
        self._root = None
        if tag in _HEADINGS:
            tag = "heading"
        if self._in.get(tag):
            self._in[tag] -= 1

    def handle_data(self, data: str) -> None:
        if self._in["script"]:
            self.script_chars += len(data)
            return
        if self._in["style"]:
            return
        stripped = data.strip()
        if not stripped:
            return
        self._root = None
        if self._in["noscript"]:
            self.noscript_asks = self.noscript_asks or "javascript" in stripped.lower()
        else:
            self.text_chars += len(stripped)

    @property
    def script_built(self) -> bool:
        if self.empty_root:
            return True
        few_ids = self.heading_ids <= _FEW_HEADING_IDS
        mostly_scripts = self.script_chars > self.text_chars
        return few_ids and (self.noscript_asks or mostly_scripts)


@dataclass(frozen=True)
class PageAnchors:
    """What a page offers a `#fragment`: its ids, and whether scripts add the rest."""

    ids: frozenset[str]
    script_built: bool  # the page is rendered in the browser: its HTML lacks most of it


def read_anchors(body: bytes) -> PageAnchors:
    """Every element id and `<a name>` of an HTML page (entity-decoded), and whether the
    page is built by scripts in the browser.

    The page is read as UTF-8, undecodable bytes replaced. A tag cut off at the end (the
    body read may stop anywhere) is dropped, as a browser drops it, rather than handed to
    html.parser's `close()`, which rescans the rest once for every `<` in it.
    """
    parser = _Ids()
    parser.feed(html_text(body))
    return PageAnchors(frozenset(parser.ids), parser.script_built)


def html_text(body: bytes) -> str:
    """A page's bytes as html.parser should be fed them: UTF-8, undecodable bytes replaced,
    and `<![` (a bogus comment in HTML) kept from being read as an SGML marked section,
    on which html.parser fails unless a name follows (`<![ x`)."""
    return body.decode("utf-8", errors="replace").replace("<![", "<!_")


def needs_check(fragment: str) -> bool:
    """Whether a fragment names an element (not `#`, `#top`, a route, a text fragment or a
    time to play from)."""
    name = unquote(fragment)
    return (
        bool(name)
        and name.lower() != "top"
        and not name.startswith(("/", "!", ":~:"))
        and not _TIME.fullmatch(name)
    )


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
