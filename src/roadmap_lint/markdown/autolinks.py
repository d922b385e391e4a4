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
  link, and a `;` (with an `&name` before it, which looks like an entity, as a whole).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Masked spans (code, links, raw HTML) are replaced by NUL before scanning, so they
# neither start nor continue a candidate.
_CANDIDATE = re.compile(r"(?:(?<![A-Za-z])(?i:https?|ftp)://|(?<![^\s*_~(])www\.)[^\s<\x00]*")
_DOMAIN = re.compile(r"[\w.-]*")
_TRAILING_PUNCTUATION = frozenset("?!.,:*_~'\"")
_ENTITY_TAIL = re.compile(r"&[A-Za-z0-9]+;\Z")


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
    if "://" not in text and "www." not in text:
        return  # the common case, found far faster than by the pattern's scan
    for match in _CANDIDATE.finditer(text):
        raw = match.group()
        is_www = raw.startswith("www.")
        host_start = 4 if is_www else raw.index("//") + 2
        domain = _DOMAIN.match(raw, host_start)
        if domain is None or not _valid_domain(domain.group(), is_www):
            continue
        candidate = _trim(raw)
        if len(candidate) <= host_start:
            continue
        yield match.start(), ("http://" + candidate) if is_www else candidate
