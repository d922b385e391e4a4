"""The table of contents as the TOC rules see it: each entry with the heading it names.

An entry names a heading through its link (a heading's slug, or an explicit `<a id>` in or
just above the heading), else through the clear suggestion for its broken link, else through
its text. An entry nested under a parent entry whose section does not hold its heading is a
cross-reference (`Active-passive` listed under "Load balancer" but written under
"Fail-over"): it names its heading but says nothing about where the heading belongs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap_lint.markdown.document import Document
from roadmap_lint.model import Edit, Heading, Toc, TocEntry
from roadmap_lint.rules.toc.text import normalise


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


@dataclass(frozen=True)
class TocFix:
    """The edit that rewrites the TOC, shared by every finding it fixes."""

    reorder: tuple[Edit, ...]  # for toc-order: the TOC completed and in heading order
    complete: tuple[Edit, ...]  # for toc-missing-entry: the missing entries inserted
    reason: str | None = None  # why the TOC cannot be completed, when `complete` is empty
    order_reason: str | None = None  # why the entries cannot be reordered, when `reorder` is


def titles_index(view: TocView) -> dict[str, list[Heading]]:
    index: dict[str, list[Heading]] = {}
    for heading in view.document.headings:
        index.setdefault(normalise(view.title(heading)), []).append(heading)
    return index
