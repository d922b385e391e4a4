"""Building the TOC rules' view of a document: every entry resolved to the heading it names."""

from __future__ import annotations

from roadmap_lint.fix.edits import written_fragment
from roadmap_lint.markdown.anchors import AnchorIndex, Resolution, decode_fragment, heading_anchors
from roadmap_lint.markdown.document import Document
from roadmap_lint.model import Heading, Toc, TocEntry
from roadmap_lint.rules.anchors.broken_anchor import fix_target
from roadmap_lint.rules.context import LintContext
from roadmap_lint.rules.toc.places import mark_places
from roadmap_lint.rules.toc.text import normalise
from roadmap_lint.rules.toc.view import ResolvedEntry, TocView, titles_index

_TOP = frozenset({"", "top", "readme"})


def toc_view(context: LintContext) -> TocView | None:
    """The document's TOC, resolved once per document for all TOC rules."""
    toc = context.document.toc
    if toc is None:
        return None
    view = context.memo.get("toc-view")
    if view is None:
        view = _build(context.document, toc, context.anchors)
        context.memo["toc-view"] = view
    assert isinstance(view, TocView)
    return view


def _build(document: Document, toc: Toc, anchors: AnchorIndex) -> TocView:
    explicit = heading_anchors(document)
    view = TocView(
        document=document,
        toc=toc,
        items=[],
        parents=_parents(document.headings),
        order={id(h): i for i, h in enumerate(document.headings)},
        titles={},
        anchor_names={},
    )
    for name, heading in explicit.items():
        if name != heading.slug and written_fragment("", name) == name:
            view.anchor_names.setdefault(id(heading), name)
    view.titles = _titles(document, toc, anchors)
    view.labels = _labels(document, toc, anchors, explicit)
    for entry, parent in _walk(toc.entries, None):
        if entry.target:
            view.items.append(_resolve(entry, parent, anchors, explicit))
        else:
            view.items.append(ResolvedEntry(entry, parent, None, exact=False, certain=False))
    _match_texts(view)
    mark_places(view)
    return view


def _walk(
    entries: list[TocEntry], parent: TocEntry | None
) -> list[tuple[TocEntry, TocEntry | None]]:
    result: list[tuple[TocEntry, TocEntry | None]] = []
    for entry in entries:
        result.append((entry, parent))
        result.extend(_walk(entry.children, entry))
    return result


def _resolve(
    entry: TocEntry, parent: TocEntry | None, anchors: AnchorIndex, explicit: dict[str, Heading]
) -> ResolvedEntry:
    fragment = (entry.target or "#")[1:]
    if anchors.resolve(fragment) is not Resolution.MISSING:
        heading = _landing(anchors, explicit, fragment)
        return ResolvedEntry(
            entry,
            parent,
            heading,
            exact=True,
            certain=heading is not None,
            fixed_fragment=anchors.case_match(fragment),
        )
    suggestion = anchors.suggest(fragment)
    heading = _landing(anchors, explicit, suggestion) if suggestion is not None else None
    fixed = fix_target(anchors, fragment)
    certain = heading is not None and fixed is not None
    return ResolvedEntry(
        entry,
        parent,
        heading,
        exact=False,
        certain=certain,
        fixed_fragment=fixed,
        guessed=heading is not None and not certain,
    )


def _landing(anchors: AnchorIndex, explicit: dict[str, Heading], fragment: str) -> Heading | None:
    """The heading a fragment lands on: through its slug, or an explicit anchor standing for it."""
    name = anchors.target_name(fragment)
    return anchors.heading_for(fragment) or (explicit.get(name) if name else None)


def _match_texts(view: TocView) -> None:
    """A broken link without a certain fix names the heading that has exactly its text."""
    listed = {id(item.heading) for item in view.items if item.heading is not None}
    by_title = titles_index(view)
    for item in view.linked:
        if item.exact or item.certain:
            continue
        candidates = [
            h for h in by_title.get(normalise(item.entry.text), []) if id(h) not in listed
        ]
        parent = view.entry_heading(item.parent)
        if parent is not None and len(candidates) > 1:
            candidates = [h for h in candidates if view.within(h, parent)]
        if len(candidates) == 1:
            item.heading, item.guessed = candidates[0], False
            listed.add(id(item.heading))


def _parents(headings: list[Heading]) -> dict[int, Heading | None]:
    """For each heading, the nearest earlier heading of a higher level (or None)."""
    stack: list[Heading] = []
    parents: dict[int, Heading | None] = {}
    for heading in headings:
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        parents[id(heading)] = stack[-1] if stack else None
        stack.append(heading)
    return parents


def _labels(
    document: Document, toc: Toc, anchors: AnchorIndex, explicit: dict[str, Heading]
) -> list[Heading]:
    """The headings that links in the TOC's own sub-headings (`### [Tools](#tools-1)`) reach."""
    lines = {
        h.position.line
        for h in document.headings
        if toc.start_line <= h.position.line <= toc.end_line
    }
    labels: list[Heading] = []
    for link in document.links:
        if link.position.line in lines and link.url.startswith("#"):
            heading = _landing(anchors, explicit, link.url[1:])
            if heading is not None:
                labels.append(heading)
    return labels


def _titles(document: Document, toc: Toc, anchors: AnchorIndex) -> dict[int, str]:
    """Heading texts without the links back to the TOC some lists put in every heading.

    `### CLI Tools <sup>[[TOC]](#table-of-contents)</sup>` is titled "CLI Tools".
    """
    back = {toc.heading.slug} if toc.heading is not None else set()
    by_line = {h.position.line: h for h in document.headings}
    titles: dict[int, str] = {}
    for link in document.links:
        heading = by_line.get(link.position.line)
        if heading is None or not link.url.startswith("#") or not link.text.strip():
            continue
        name = decode_fragment(link.url[1:]).casefold()
        target = anchors.heading_for(link.url[1:])
        if name in _TOP or name in back or (target is not None and target is toc.heading):
            title = titles.get(id(heading), heading.text)
            before, found, after = title.rpartition(link.text)
            if found:
                titles[id(heading)] = " ".join((before + after).split())
    return titles
