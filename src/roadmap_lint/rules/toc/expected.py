"""Which headings a table of contents should list but does not.

The TOC's own shape says which headings it covers: a heading is expected when the TOC lists,
where it belongs, one of its siblings (another heading of the same parent section). So a
parent listed as a leaf does not make its sub-sections expected, and a section of the
document the TOC never enters is left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from roadmap_lint.markdown.anchors import decode_fragment
from roadmap_lint.markdown.links import MARKDOWN_SUFFIXES, is_fragment, is_local
from roadmap_lint.model import Heading, Link
from roadmap_lint.rules.context import LintContext
from roadmap_lint.rules.toc.common import toc_view
from roadmap_lint.rules.toc.text import is_meta, normalise
from roadmap_lint.rules.toc.view import ResolvedEntry, TocView

# A section whose body is at most this many lines, every link in them pointing elsewhere in
# the repository, is a signpost kept for old links ("Coq: renamed, see Rocq Prover").
_SIGNPOST_LINES = 2
_STEM_END = re.compile("[:\uff1a]")  # a colon, also the full-width one of Chinese titles


def missing_headings(context: LintContext) -> list[Heading]:
    """The headings the TOC should list but does not, in document order."""
    cached = context.memo.get("toc-missing")
    if cached is None:
        view = toc_view(context)
        cached = _missing(view) if view is not None else []
        context.memo["toc-missing"] = cached
    return list(cached)


def _key(heading: Heading | None) -> int:
    return id(heading) if heading is not None else 0


def _missing(view: TocView) -> list[Heading]:
    named = {id(item.heading): item.heading for item in view.items if item.heading is not None}
    if not named:
        return []
    named.update((id(heading), heading) for heading in view.labels)
    groups = {
        _key(view.parent(item.heading))
        for item in view.items
        if item.heading is not None and item.in_place
    }
    meta_listed = any(is_meta(view.title(h)) for h in named.values()) or any(
        is_meta(item.entry.text) for item in view.items
    )
    listed_titles = {(_key(view.parent(h)), normalise(view.title(h))) for h in named.values()}
    after = [h for h in view.document.headings if view.after_toc(h)]
    # Sections between the TOC and the first one it lists are its introduction: a legend of
    # symbols, a study guide an index of topics does not cover.
    first = min(
        (view.order[id(item.heading)] for item in view.items if _listed_after(view, item)),
        default=len(view.document.headings),
    )
    after = [h for h in after if view.order[id(h)] > first]
    repeated = _repeated_unlisted_titles(view, after, named)
    lines, text = _links_by_line(view.document.links), view.document.text.split("\n")
    candidates: list[Heading] = []
    for index, heading in enumerate(after):
        title = view.title(heading)
        if id(heading) in named or _key(view.parent(heading)) not in groups:
            continue
        if (not meta_listed and is_meta(title)) or _stem(title) in repeated:
            continue  # housekeeping sections, and "Sources" in every chapter
        if (_key(view.parent(heading)), normalise(title)) in listed_titles:
            continue  # a section written twice, whose twin is listed
        following = after[index + 1] if index + 1 < len(after) else None
        if _is_signpost(view, heading, following, text, lines):
            continue
        candidates.append(heading)
    accounted = _accounted_for(view, candidates)
    return [heading for heading in candidates if id(heading) not in accounted]


def _listed_after(view: TocView, item: ResolvedEntry) -> bool:
    return item.heading is not None and item.in_place and view.after_toc(item.heading)


def _stem(title: str) -> str:
    """The title's stem: "Disadvantage(s): cache" and "Disadvantage(s): CDN" share one."""
    return " ".join(_STEM_END.split(title.casefold(), maxsplit=1)[0].split())


def _repeated_unlisted_titles(
    view: TocView, headings: list[Heading], named: dict[int, Heading]
) -> set[str]:
    counts: Counter[str] = Counter(_stem(view.title(h)) for h in headings)
    listed = {_stem(view.title(h)) for h in named.values()}
    return {title for title, count in counts.items() if count > 1 and title not in listed}


def _links_by_line(links: list[Link]) -> dict[int, list[Link]]:
    result: dict[int, list[Link]] = {}
    for link in links:
        result.setdefault(link.position.line, []).append(link)
    return result


def _is_signpost(
    view: TocView,
    heading: Heading,
    following: Heading | None,
    text: list[str],
    lines: dict[int, list[Link]],
) -> bool:
    """A section that only points elsewhere in the repository, kept after a rename or a move."""
    end = following.position.line - 1 if following is not None else len(text)
    body = [n for n in range(heading.position.line + 1, end + 1) if text[n - 1].strip()]
    if not body or len(body) > _SIGNPOST_LINES:
        return False
    if any(not lines.get(n) for n in body):
        return False  # a line of its own content
    links = [link for n in body for link in lines[n] if not _back_link(view, link.url)]
    return bool(links) and all(_elsewhere_here(link.url) for link in links)


def _back_link(view: TocView, url: str) -> bool:
    """A "back to top" link: to the top of the page, or to a heading above the TOC's end."""
    if not is_fragment(url):
        return False
    name = decode_fragment(url[1:]).casefold()
    return name in ("", "top") or any(
        h.slug == name for h in view.document.headings if not view.after_toc(h)
    )


def _elsewhere_here(url: str) -> bool:
    """A link to a section of the document or to another Markdown file of the repository."""
    if is_fragment(url):
        return True
    path = url.split("#", 1)[0].split("?", 1)[0].casefold()
    return is_local(url) and path.endswith(MARKDOWN_SUFFIXES)


def _accounted_for(view: TocView, candidates: list[Heading]) -> set[int]:
    """Missing headings a broken entry stands for: it sits where they would be listed.

    The broken link is the one problem (broken-anchor reports it), not also a missing entry.
    Where no missing heading lies between the entry's listed neighbours, one a step further
    on either side is taken (an entry both broken and out of place).
    """
    gaps: dict[tuple[int, ...], list[_Gap]] = {}
    for gap in _gaps(view):
        gaps.setdefault((id(gap.item.parent), *map(_key, gap.bounds[0])), []).append(gap)
    accounted: set[int] = set()
    for same_place in gaps.values():
        for bounds in same_place[0].bounds:
            fitting = [
                h
                for h in candidates
                if id(h) not in accounted and _fits(view, h, same_place[0].item, *bounds)
            ]
            if fitting:
                if len(fitting) <= len(same_place):
                    accounted.update(id(h) for h in fitting)
                break
    return accounted


@dataclass(frozen=True)
class _Gap:
    item: ResolvedEntry  # an entry whose link names no heading for sure
    # The headings of its nearest listed neighbours before and after it, then of the next
    # ones out.
    bounds: tuple[tuple[Heading | None, Heading | None], ...]


def _gaps(view: TocView) -> list[_Gap]:
    lists: dict[int, list[ResolvedEntry]] = {}
    for item in view.items:
        lists.setdefault(id(item.parent), []).append(item)
    result: list[_Gap] = []
    for siblings in lists.values():
        for index, item in enumerate(siblings):
            if item.exact or not item.entry.target or not (item.heading is None or item.guessed):
                continue
            before = [s.heading for s in reversed(siblings[:index]) if s.heading and s.in_place]
            after = [s.heading for s in siblings[index + 1 :] if s.heading and s.in_place]
            if not (before or after):
                continue
            near = (before[0] if before else None, after[0] if after else None)
            far = (_step(before), _step(after))
            if item.heading is not None and _fits(view, item.heading, item, *near):
                continue  # the closest anchor is where the entry sits: likely the one meant
            result.append(_Gap(item, (near, far)))
    return result


def _step(neighbours: list[Heading]) -> Heading | None:
    """The neighbour a step further out than the nearest, or the nearest if there is none."""
    return neighbours[1] if len(neighbours) > 1 else neighbours[0] if neighbours else None


def _fits(
    view: TocView,
    heading: Heading,
    item: ResolvedEntry,
    before: Heading | None,
    after: Heading | None,
) -> bool:
    """Whether the heading would be listed between these neighbours, under this parent."""
    order = view.order[id(heading)]
    if before is not None and order <= view.order[id(before)]:
        return False
    if after is not None and order >= view.order[id(after)]:
        return False
    neighbour = before if before is not None else after
    assert neighbour is not None
    if view.parent(heading) is not view.parent(neighbour):
        return False
    parent = view.entry_heading(item.parent)
    return parent is None or view.within(heading, parent)
