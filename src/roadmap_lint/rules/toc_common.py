"""What the table-of-contents rules share: the TOC's entries matched to the headings they name.

An entry names a heading through its link (a heading's slug, or an explicit `<a id>` in or
just above the heading), else through the clear suggestion for its broken link, else through
its text. An entry nested under a parent entry whose section does not hold its heading is a
cross-reference (`Active-passive` listed under "Load balancer" but written under
"Fail-over"): it names its heading but says nothing about where the heading belongs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..anchors import AnchorIndex, Resolution, decode_fragment, heading_anchors
from ..document import Document
from ..fix import written_fragment
from ..model import Edit, Heading, Toc, TocEntry
from .broken_anchor import fix_target
from .context import LintContext
from .toc_text import normalise

_TOP = frozenset({"", "top", "readme"})


@dataclass
class ResolvedEntry:
    entry: TocEntry
    parent: TocEntry | None  # the entry it is nested under
    heading: Heading | None  # the heading it names
    exact: bool  # its link lands on `heading` (or on some id, when `heading` is None)
    certain: bool  # `heading` is named for sure: the link, or the fix the link gets
    # The fragment the fixes give the link: the suggestion, the exact-case id, or for a link
    # to the wrong one of two headings the right one; None when its own is right.
    fixed_fragment: str | None = None
    linked: Heading | None = None  # where the link lands, when that is not `heading`
    guessed: bool = False  # `heading` is only the closest anchor to a broken link
    in_place: bool = True  # nested as its heading is, rather than a cross-reference


@dataclass
class TocView:
    """A document's TOC with every entry resolved, and the heading outline around it."""

    document: Document
    toc: Toc
    items: list[ResolvedEntry]  # every entry, in TOC order, with or without a link
    parents: dict[int, Heading | None]  # id(heading) → the heading whose section holds it
    order: dict[int, int]  # id(heading) → its index in document order
    titles: dict[int, str]  # id(heading) → its text without links back to the TOC
    anchor_names: dict[int, str] = field(default_factory=dict)  # id(heading) → explicit id
    # Headings named by links in the TOC's own sub-headings (`### [Tools](#tools-1)`).
    labels: list[Heading] = field(default_factory=list)
    _by_entry: dict[int, ResolvedEntry] = field(default_factory=dict, repr=False)

    @property
    def linked(self) -> list[ResolvedEntry]:
        return [item for item in self.items if item.entry.target]

    def item_of(self, entry: TocEntry | None) -> ResolvedEntry | None:
        if entry is None:
            return None
        if not self._by_entry:
            self._by_entry = {id(item.entry): item for item in self.items}
        return self._by_entry.get(id(entry))

    def entry_heading(self, entry: TocEntry | None) -> Heading | None:
        """The heading an entry names (None for no entry, or one that names none)."""
        item = self.item_of(entry)
        return item.heading if item is not None else None

    def title(self, heading: Heading) -> str:
        return self.titles.get(id(heading), heading.text.strip())

    def parent(self, heading: Heading) -> Heading | None:
        return self.parents.get(id(heading))

    def within(self, heading: Heading, ancestor: Heading) -> bool:
        """Whether `heading` lies in the section of `ancestor` (below it, not the same)."""
        parent = self.parent(heading)
        while parent is not None and parent.level > ancestor.level:
            parent = self.parent(parent)
        return parent is ancestor

    def fragment(self, heading: Heading) -> str:
        """The id a new link to the heading uses: its explicit anchor, else its slug."""
        return self.anchor_names.get(id(heading), heading.slug)

    def after_toc(self, heading: Heading) -> bool:
        return heading.position.line > self.toc.end_line


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
    from .toc_places import mark_places  # that module builds on this one

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


def titles_index(view: TocView) -> dict[str, list[Heading]]:
    index: dict[str, list[Heading]] = {}
    for heading in view.document.headings:
        index.setdefault(normalise(view.title(heading)), []).append(heading)
    return index


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


@dataclass(frozen=True)
class TocFix:
    """The edit that rewrites the TOC, shared by every finding it fixes."""

    reorder: tuple[Edit, ...]  # for toc-order: the TOC completed and in heading order
    complete: tuple[Edit, ...]  # for toc-missing-entry: the missing entries inserted
    reason: str | None = None  # why the TOC cannot be completed, when `complete` is empty
    order_reason: str | None = None  # why the entries cannot be reordered, when `reorder` is


def toc_fix(context: LintContext) -> TocFix:
    cached = context.memo.get("toc-fix")
    if cached is None:
        from .toc_fixing import plan_fix  # only for a TOC that needs a fix

        view = toc_view(context)
        cached = plan_fix(context, view) if view is not None else TocFix((), ())
        context.memo["toc-fix"] = cached
    assert isinstance(cached, TocFix)
    return cached
