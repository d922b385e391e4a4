"""Finding the table of contents in a document's outline of top-level blocks."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from roadmap_lint.model import Heading, Link, Position, Toc, TocEntry

_TOC_NAMES = (
    "table of contents",
    "contents",
    "content",
    "toc",
    "index",
    "table des matières",
    "sommaire",
    "inhaltsverzeichnis",
    "inhalt",
    "índice",
    "indice",
    "содержание",
    "оглавление",
    "目录",
    "目錄",
    "目次",
    "목차",
    "สารบัญ",
)
_TOC_NAME = re.compile(r"(?:^|.* )(?:" + "|".join(re.escape(n) for n in _TOC_NAMES) + r")$")
# Chinese and Japanese write no space before the word: "系统设计主题的索引" ("index of
# system design topics"), but "倒排索引" (an inverted index) is a topic.
_CJK_TOC_NAME = re.compile(r"(?:.*[的の])?(?:目录|目錄|目次|索引)$")
# "Index of system design topics", "Contents of this guide".
_TOC_NAME_PREFIX = re.compile(r"^(?:table of contents|contents|index) (?:of|for) ")
# A list counts as a TOC when at least this share of its items link into the document.
_TOC_LINK_SHARE = 0.5
_LABEL_LENGTH = 60
# A paragraph between TOC lists ("**--- Everything below this point is optional ---**")
# separates them rather than ending the TOC when it is one line, without links, this short.
_SEPARATOR_LENGTH = 200
_MIN_FALLBACK_ENTRIES = 3


@dataclass
class OutlineItem:
    text: str
    links: list[Link]
    position: Position
    children: list[OutlineItem] = field(default_factory=list)

    def anchor_link(self) -> Link | None:
        return next((link for link in self.links if link.url.startswith("#")), None)


@dataclass
class OutlineBlock:
    """A top-level block: what the TOC search needs to know about it."""

    kind: str  # heading, list, paragraph, hr, html, other
    start_line: int
    end_line: int
    heading: Heading | None = None
    items: list[OutlineItem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    text: str = ""  # the plain text of a paragraph

    def is_label(self) -> bool:
        """A short paragraph without links, such as `**Web Development**` between TOC lists."""
        return (
            self.kind == "paragraph" and not self.links and len(self.text.strip()) <= _LABEL_LENGTH
        )

    def is_separator(self) -> bool:
        """A one-line paragraph without links that can stand between two parts of one TOC."""
        return (
            self.kind == "paragraph"
            and not self.links
            and self.start_line == self.end_line
            and len(self.text.strip()) <= _SEPARATOR_LENGTH
        )


def _normalise_name(text: str) -> str:
    kept = (c if unicodedata.category(c)[0] in "LN" or c == " " else " " for c in text.casefold())
    return " ".join("".join(kept).split())


def is_toc_heading(text: str) -> bool:
    name = _normalise_name(text)
    return bool(_TOC_NAME.match(name) or _TOC_NAME_PREFIX.match(name) or _CJK_TOC_NAME.match(name))


def _all_items(items: list[OutlineItem]) -> list[OutlineItem]:
    result: list[OutlineItem] = []
    for item in items:
        result.append(item)
        result.extend(_all_items(item.children))
    return result


def _anchor_share(block: OutlineBlock) -> float:
    items = _all_items(block.items)
    if not items:
        return 0.0
    return sum(1 for item in items if item.anchor_link()) / len(items)


def _entries(items: list[OutlineItem], depth: int) -> list[TocEntry]:
    entries: list[TocEntry] = []
    for item in items:
        link = item.anchor_link()
        entries.append(
            TocEntry(
                text=link.text if link else item.text,
                target=link.url if link else None,
                position=link.position if link else item.position,
                depth=depth,
                children=_entries(item.children, depth + 1),
            )
        )
    return entries


def _region(outline: list[OutlineBlock], start: int, level: int) -> list[OutlineBlock]:
    """The TOC lists from `start` on, with the sub-headings and short labels that group them.

    It ends at a heading of `level` or higher, a rule, a list that does not link into the
    document, or a paragraph that is more than a label; a short paragraph without links
    between two parts of the TOC (lists, or sub-headings over lists) separates them.
    """
    region: list[OutlineBlock] = []
    has_list = False
    for position in range(start, len(outline)):
        block = outline[position]
        starts_group = _is_toc_list(outline, position + 1)
        if block.kind == "heading":
            if block.heading is None or block.heading.level <= level or not starts_group:
                break
        elif block.kind == "list":
            if _anchor_share(block) < _TOC_LINK_SHARE:
                if has_list:
                    break
                continue
            has_list = True
        elif (block.kind == "paragraph" and block.is_label() and starts_group) or (
            block.is_separator() and has_list and _starts_part(outline, position + 1, level)
        ):
            pass
        elif block.kind in ("hr", "other", "paragraph") and has_list:
            break
        region.append(block)
    while region and region[-1].kind != "list":
        region.pop()
    return region


def _is_toc_list(outline: list[OutlineBlock], position: int) -> bool:
    """Whether a list that links into the document starts at `position` (HTML blocks aside)."""
    while position < len(outline) and outline[position].kind == "html":
        position += 1
    return (
        position < len(outline)
        and outline[position].kind == "list"
        and _anchor_share(outline[position]) >= _TOC_LINK_SHARE
    )


def _starts_part(outline: list[OutlineBlock], position: int, level: int) -> bool:
    """Whether a TOC list, or a sub-heading over one, starts at `position`."""
    if _is_toc_list(outline, position):
        return True
    if position >= len(outline):
        return False
    heading = outline[position].heading
    return heading is not None and heading.level > level and _is_toc_list(outline, position + 1)


def _toc_from_region(heading: Heading | None, region: list[OutlineBlock]) -> Toc | None:
    lists = [block for block in region if block.kind == "list"]
    if not lists or max(_anchor_share(block) for block in lists) < _TOC_LINK_SHARE:
        return None
    entries: list[TocEntry] = []
    for block in lists:
        entries.extend(_entries(block.items, 0))
    return Toc(
        heading=heading,
        entries=entries,
        start_line=region[0].start_line,
        end_line=region[-1].end_line,
    )


def find_toc(outline: list[OutlineBlock], headings: list[Heading]) -> Toc | None:
    for index, block in enumerate(outline):
        if block.kind == "heading" and block.heading and is_toc_heading(block.heading.text):
            toc = _toc_from_region(block.heading, _region(outline, index + 1, block.heading.level))
            if toc:
                return toc
    # No TOC heading: the first list near the top whose items mostly link into the document.
    near_top = max(3, len(headings) // 10)
    headings_seen = 0
    level = 1
    for index, block in enumerate(outline):
        if block.kind == "heading" and block.heading is not None:
            headings_seen += 1
            level = block.heading.level
            if headings_seen > near_top:
                break
        elif block.kind == "list" and _anchor_share(block) >= _TOC_LINK_SHARE:
            region = _region(outline, index, level)
            lists = [b for b in region if b.kind == "list"]
            if sum(len(_all_items(b.items)) for b in lists) >= _MIN_FALLBACK_ENTRIES:
                return _toc_from_region(None, region)
    return None
