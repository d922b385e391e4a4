"""GFM extended autolinks: bare `https://…`, `ftp://…` and `www.…` URLs, with GitHub's rules.

The rules (GFM spec, "Autolinks (extension)", and what cmark-gfm does on github.com):

- `www.` (lower case) starts a candidate at the beginning of a line, after white space, or
  after one of `*_~(`; `http://`, `https://` and `ftp://` (any case) anywhere a letter does
  not come right before them (cmark-gfm finds these at the `:` and takes the letters before
  it as the scheme, so `"https://x.org"` is a link and `xhttps://x.org` is not);
- it runs until white space or `<`;
- a valid domain follows the prefix: letters, digits, `_`, `-` and `.`, no `_` in its last
  two segments; after `www.` it needs a period of its own (`www.example` is not a link);
- the trailing characters `?!.,:*_~'"` are dropped, so is a `)` that has no `(` inside the
  link, and a `;` (with an `&name` before it, which looks like an entity, as a whole);
- an underscore right after the domain spoils it (`https://x.org_`, `_www.x.org_ and more`
  are not links), except the one that closes emphasis around the URL at the end of a
  paragraph (`_https://example.org_` is a link: cmark-gfm reads the domain without the
  paragraph's last character); `*https://x.org*` and `**www.x.org**` are links anyway;
- an e-mail address becomes a `mailto:` link: one or more of `A-Za-z0-9.+-_`, `@`, then
  letters, digits, `-` and `_` in segments separated by periods, at least one period, ending
  in a letter (cmark-gfm's test; the spec only forbids `-` and `_`, and `pkg@1.2.3` is no
  address), a trailing period dropped; not when a `/` comes right before it (a path).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass

# Masked spans (code, links, raw HTML) are replaced by NUL before scanning, so they
# neither start nor continue a candidate.
_CANDIDATE = re.compile(r"(?:(?<![A-Za-z])(?i:https?|ftp)://|(?<![^\s*_~(])www\.)[^\s<\x00]*")
_DOMAIN = re.compile(r"[\w.-]*")
_TRAILING_PUNCTUATION = frozenset("?!.,:*_~'\"")
_ENTITY_TAIL = re.compile(r"&[A-Za-z0-9]+;\Z")
_AT = re.compile("@")
_LOCAL_CHARACTERS = frozenset(string.ascii_letters + string.digits + ".+_-")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)*")


def _valid_domain(domain: str, is_www: bool) -> bool:
    domain = domain.rstrip(".")
    if not domain or not (is_www or domain[0].isalnum()):
        return False
    segments = domain.split(".")
    if is_www and len(segments) < 2:
        return False
    return not any("_" in segment for segment in segments[-2:])


def _trim(candidate: str) -> str:
    """Drop what GFM's extended autolink path validation leaves outside the link."""
    while candidate:
        last = candidate[-1]
        if last in _TRAILING_PUNCTUATION:
            candidate = candidate[:-1]
        elif last == ";":
            entity = _ENTITY_TAIL.search(candidate)
            candidate = candidate[: entity.start()] if entity else candidate[:-1]
        elif last == ")" and candidate.count(")") > candidate.count("("):
            candidate = candidate[:-1]
        else:
            break
    return candidate


def find_bare_urls(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, url) for every bare URL GitHub would turn into a link.

    `www.` links get the `http://` scheme GitHub gives them; other URLs are as written.
    """
    for link in _bare_urls(text):
        yield link.offset, link.url


@dataclass(frozen=True)
class BareLink:
    offset: int
    url: str  # `http://` added to `www.`, `mailto:` to an e-mail address
    written: str


def find_bare_links(text: str) -> list[BareLink]:
    """Every bare URL and e-mail address GitHub would turn into a link, in order."""
    links = list(_bare_urls(text))
    if "@" in text:
        masked = list(text)
        for link in links:  # an address inside a URL is part of the URL
            masked[link.offset : link.offset + len(link.written)] = "\x00" * len(link.written)
        links.extend(_bare_emails("".join(masked)))
        links.sort(key=lambda link: link.offset)
    return links


def _bare_urls(text: str) -> Iterator[BareLink]:
    if "://" not in text and "www." not in text:
        return  # the common case, found far faster than by the pattern's scan
    for match in _CANDIDATE.finditer(text):
        raw = match.group()
        is_www = raw.startswith("www.")
        host_start = 4 if is_www else raw.index("//") + 2
        judged = raw
        if _closes_emphasis(text, match.start(), match.end()):
            judged = raw[:-1]
        domain = _DOMAIN.match(judged, host_start)
        if domain is None or not _valid_domain(domain.group(), is_www):
            continue
        candidate = _trim(raw)
        if len(candidate) <= host_start:
            continue
        url = ("http://" + candidate) if is_www else candidate
        yield BareLink(match.start(), url, candidate)


def _closes_emphasis(text: str, start: int, end: int) -> bool:
    """`_https://example.org_` ending a paragraph: its last `_` closes the emphasis.

    cmark-gfm judges a domain without the paragraph's last character, so that one
    underscore does not spoil the domain as an underscore anywhere else does.
    """
    return (
        end == len(text)
        and text[start - 1 : start] == "_"
        and text.endswith("_")
        and not text.endswith("__")
    )


def _bare_emails(text: str) -> Iterator[BareLink]:
    for at in _AT.finditer(text):
        start = at.start()
        while start > 0 and text[start - 1] in _LOCAL_CHARACTERS:
            start -= 1
        if start == at.start() or text[start - 1 : start] == "/":
            continue
        domain = _EMAIL_DOMAIN.match(text, at.end())
        if domain is None or text.startswith("@", domain.end()):
            continue  # a second `@` makes it no address
        name = domain.group()
        if name.endswith(".") and domain.end() == len(text):
            name = name[:-1]  # a period that ends the text is not part of the domain
        last = name[-1:]
        if not (last == "." or (last.isascii() and last.isalpha())):
            continue
        address = _trim(text[start : at.end()] + name)
        if "." in address.partition("@")[2]:
            yield BareLink(start, "mailto:" + address, address)
