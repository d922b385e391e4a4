"""Entries whose URL was listed before: what the two duplicate rules share.

Each repeat is found once and given to exactly one rule: a resource listed twice is
`duplicate-url`'s, two different things sharing one URL are `duplicate-url-title`'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from roadmap_lint.markdown.links import is_web
from roadmap_lint.model import Entry
from roadmap_lint.rules.content.common import in_sponsor_block, in_toc, section_of
from roadmap_lint.rules.content.titles import Relation, address_names_both, relation
from roadmap_lint.rules.context import LintContext
from roadmap_lint.urls import normalise

_FORGES = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org")
# Pages that gather several resources: a course's week, module or unit, a table of contents.
_CONTAINER = re.compile(
    r"/(?:home|weeks?|modules?|units?|syllabus|schedule|contents|toc)(?:/|$|\.)", re.IGNORECASE
)


@dataclass(frozen=True)
class Repeat:
    first: Entry
    later: Entry
    key: str  # the normalised URL both lead to
    same_section: bool
    relation: Relation
    # Two names for one address where that is natural (a page and a section of it, a
    # course's week page, a repository and a part it holds): neither rule reports it.
    deliberate: bool = False


def repeated_entries(context: LintContext) -> list[Repeat]:
    """Every entry whose resource an earlier entry already lists, with how they relate."""
    found = context.memo.get("repeats")
    if found is None:
        found = list(_repeats(context))
        context.memo["repeats"] = found
    return list(found)


def _listed(context: LintContext, entry: Entry) -> bool:
    return not in_toc(context, entry.link) and not in_sponsor_block(context, entry.link)


def _repeats(context: LintContext) -> list[Repeat]:
    ignore_fragments = bool(context.option("duplicate-url", "ignore-fragments", False))
    # Entries by the resource they lead to; only a resource named twice can be repeated,
    # so only its entries are asked whether they are listings at all.
    by_key: dict[str, list[Entry]] = {}
    for entry in context.document.entries:
        url = entry.link.url.strip()
        if is_web(url):
            by_key.setdefault(normalise(url), []).append(entry)
    repeats: list[Repeat] = []
    for key, entries in by_key.items():
        if len(entries) > 1:
            listed = [entry for entry in entries if _listed(context, entry)]
            repeats.extend(_repeats_of(context, key, listed, ignore_fragments))
    order = {id(entry): index for index, entry in enumerate(context.document.entries)}
    repeats.sort(key=lambda repeat: order[id(repeat.later)])
    return repeats


def _repeats_of(
    context: LintContext, key: str, entries: list[Entry], ignore_fragments: bool
) -> Iterator[Repeat]:
    """The repeats among the entries of one resource, in document order."""
    # The resource's first entry, its first without a fragment, its first per fragment.
    first: Entry | None = None
    first_bare: Entry | None = None
    first_with: dict[str, Entry] = {}
    for entry in entries:
        fragment = "" if ignore_fragments else _fragment(entry.link.url)
        if fragment:
            # A page and a part of it are the same citation; two parts of it are not.
            candidates = [c for c in (first_bare, first_with.get(fragment)) if c]
            match = min(candidates, key=lambda c: c.link.position) if candidates else None
        else:
            match = first
        if match is not None and match.link.position.line != entry.link.position.line:
            yield _repeat(context, match, entry, key, ignore_fragments)
        if first is None:
            first = entry
        if fragment:
            first_with.setdefault(fragment, entry)
        elif first_bare is None:
            first_bare = entry


def _repeat(
    context: LintContext, first: Entry, later: Entry, key: str, ignore_fragments: bool
) -> Repeat:
    same_section = section_of(context, first.link.position.line) is section_of(
        context, later.link.position.line
    )
    if ignore_fragments and _fragment(first.link.url) != _fragment(later.link.url):
        return Repeat(first, later, key, same_section, Relation.SAME)  # as asked: one page
    urls = f"{first.link.url} {later.link.url}"
    how = relation(first.link.text, later.link.text, urls)
    deliberate = how is not Relation.SAME and (
        _page_and_part(first.link.url, later.link.url)
        or address_names_both(first.link.text, later.link.text, urls)
        or _repository_part(first.link.url, first.link.text, later.link.text)
    )
    return Repeat(first, later, key, same_section, how, deliberate)


def _fragment(url: str) -> str:
    return url.strip().partition("#")[2]


def _page_and_part(first: str, later: str) -> bool:
    """A page and one part of it (`page` and `page#section`), a page that gathers several
    resources (a course's `week/3`), or a playlist that is both a course and its first video
    (`watch?v=…&list=…`): two names for one address are natural there."""
    if _fragment(first) != _fragment(later):
        return True
    parts = urlsplit(later.strip())
    if _CONTAINER.search(parts.path):
        return True
    return any(pair.startswith("list=") for pair in parts.query.split("&"))


def _repository_part(url: str, first_text: str, later_text: str) -> bool:
    """Whether two differently named entries lead to a code repository that one of them
    names: the other names a part of it."""
    parts = urlsplit(url.strip())
    if (parts.hostname or "").removeprefix("www.") not in _FORGES:
        return False
    path = [segment for segment in parts.path.split("/") if segment]
    if len(path) != 2:
        return False
    repository = _bare_name(path[1])
    first, later = _bare_name(first_text), _bare_name(later_text)
    return first != later and repository in (first, later)


def _bare_name(name: str) -> str:
    """A project name without case, a `.git`, `.jl`, `.js`-style suffix or punctuation."""
    stem = name.casefold().strip().removesuffix(".git")
    stem = re.sub(r"\.(?:jl|js|py|rs|rb|net|go)$", "", stem)
    return re.sub(r"[^\w]+", "", stem)
