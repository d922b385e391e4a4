"""GFM extended autolinks: bare `https://…` and `www.…` URLs, with GitHub's trailing rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A candidate starts at the beginning of the text, after white space, or after one of
# `*_~(`; it runs until white space or `<`. Masked spans (code, links, raw HTML) are
# replaced by NUL before scanning, so they neither start nor continue a candidate.
_CANDIDATE = re.compile(r"(?<![^\s*_~(])(?:https?://|www\.)[^\s<\x00]*", re.IGNORECASE)
_TRAILING_PUNCTUATION = "?!.,:*_~'\""
_ENTITY_TAIL = re.compile(r"&[A-Za-z0-9]+;$")
_DOMAIN_SEGMENT = re.compile(r"[\w-]+")


def _valid_domain(domain: str, need_period: bool) -> bool:
    if not domain:
        return False
    segments = domain.split(".")
    if need_period and len(segments) < 2:
        return False
    if any(not segment or not _DOMAIN_SEGMENT.fullmatch(segment) for segment in segments):
        # An empty last segment (a trailing period) is trimmed as punctuation later.
        if not (segments[-1] == "" and all(_DOMAIN_SEGMENT.fullmatch(s) for s in segments[:-1])):
            return False
    return not any("_" in segment for segment in segments[-2:])


def _trim(candidate: str) -> str:
    while candidate:
        last = candidate[-1]
        if last in _TRAILING_PUNCTUATION:
            candidate = candidate[:-1]
        elif last == ")" and candidate.count(")") > candidate.count("("):
            candidate = candidate[:-1]
        elif last == ";" and (entity := _ENTITY_TAIL.search(candidate)):
            candidate = candidate[: entity.start()]
        else:
            break
    return candidate


def find_bare_urls(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, url) for every bare URL GitHub would turn into a link."""
    for match in _CANDIDATE.finditer(text):
        candidate = _trim(match.group())
        lowered = candidate.lower()
        is_www = lowered.startswith("www.")
        rest = candidate[4:] if is_www else candidate[candidate.index("//") + 2 :]
        domain = re.split(r"[/?#]", rest, maxsplit=1)[0]
        domain = domain.split(":", 1)[0] if not is_www else domain
        if not _valid_domain(domain.rstrip("."), need_period=is_www):
            continue
        if is_www and len(candidate) <= 4:
            continue
        yield match.start(), ("http://" + candidate) if is_www else candidate
