"""Inline content (paragraphs, headings, table cells) to links with exact positions.

markdown-it's inline tokens carry no positions: the tracked rules (see `parser.py`) record
each link's, image's, raw HTML's and code span's offset in its block's content, and a
`LineMap` turns offsets into source lines and columns. The rest of the text is searched
for bare URLs and e-mail addresses, with code, links and raw HTML blanked out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from roadmap_lint.markdown.autolinks import find_bare_links
from roadmap_lint.markdown.document import Document
from roadmap_lint.markdown.html import starts_with_tag
from roadmap_lint.markdown.positions import LineMap, shifted
from roadmap_lint.markdown.raw_html import RawHtml
from roadmap_lint.model import Link, LinkKind, Position, UndefinedReference

_UNDEFINED_REFERENCE = re.compile(r"(?<![\\\]])\[([^\[\]\x00]+)\]\[([^\[\]\x00]*)\]")
_IMAGE_TAGS = frozenset({"img", "picture"})


def plain_text(tokens: Iterable[Token]) -> str:
    """Rendered plain text as github.com's slugger sees it: code kept, images and tags dropped."""
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline", "text_special"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


class InlineReader:
    """Reads the inline content of one document's blocks, in document order."""

    def __init__(self, document: Document, lines: list[str], raw_html: RawHtml) -> None:
        self.document = document
        self.lines = lines
        self.raw_html = raw_html
        self.table_cursor: dict[int, int] = {}

    def line_map(self, token: Token, form: str = "tail") -> LineMap:
        """`form`: "tail" (paragraph, setext heading, HTML block), "atx" or "cell"."""
        first_line = token.map[0] if token.map else 0
        if form == "atx":
            return LineMap.for_atx_heading(token.content, first_line, self.lines)
        if form == "cell":
            # Cells share a line: the next cell is searched after this one.
            cursor = self.table_cursor.get(first_line, 0)
            line_map, self.table_cursor[first_line] = LineMap.for_table_cell(
                token.content, first_line, self.lines, cursor
            )
            return line_map
        return LineMap.for_tail(token.content, first_line, self.lines)

    def read(
        self, token: Token, form: str = "tail", line_map: LineMap | None = None
    ) -> tuple[list[Link], LineMap]:
        """The links of an inline token; `line_map`: its map, when already made."""
        if line_map is None:
            line_map = self.line_map(token, form)
        children = token.children or []
        content = token.content
        tracked: list[tuple[int, int]] = []  # where the tracked tokens are, to blank out
        links: list[Link] = []
        raw_html = self.raw_html
        for index, child in enumerate(children):
            start = child.meta.get("start") if child.meta else None
            if start is None:
                if raw_html.open_heading is not None and child.type == "text":
                    raw_html.add_text(child.content)
                continue
            end = child.meta["end"]
            tracked.append((start, end))
            position = line_map.position(start)
            if child.type == "link_open":
                links.append(self.link(child, children, index, position))
            elif child.type == "image":
                label = self.reference_label(child.meta.get("reference"))
                alt = plain_text(child.children or [])
                links.append(
                    Link(str(child.attrGet("src") or ""), LinkKind.IMAGE, position, alt, label)
                )
            elif child.type == "html_inline":
                links.extend(
                    self.raw_html.read(child.content, shifted(line_map, start), inline=True)
                )
            elif child.type == "code_inline":
                self.add_code_span(position, line_map.position(end))
                self.raw_html.add_text(child.content)
        if raw_html.open_heading is not None and raw_html.open_heading.inline:
            raw_html.end_inline(line_map.position(len(content)).line)
        masked_text = _blanked(content, tracked) if tracked else content
        for bare in find_bare_links(masked_text):
            position = line_map.position(bare.offset)
            links.append(Link(bare.url, LinkKind.BARE, position, bare.written))
        self.find_undefined_references(masked_text, line_map)
        if len(links) > 1:
            links.sort(key=lambda link: (link.position.line, link.position.column))
        self.document.links.extend(links)
        return links, line_map

    def find_undefined_references(self, masked_text: str, line_map: LineMap) -> None:
        if "][" not in masked_text:
            return
        for match in _UNDEFINED_REFERENCE.finditer(masked_text):
            label = normalizeReference(match.group(2) or match.group(1))
            if label and label not in self.document.definitions:
                position = line_map.position(match.start())
                raw = match.group(2) or match.group(1)
                self.document.undefined_references.append(UndefinedReference(raw, position))

    def add_code_span(self, start: Position, end: Position) -> None:
        spans = self.document.code_spans
        if start.line == end.line:
            spans.setdefault(start.line, []).append((start.column, end.column))
            return
        for line in range(start.line, end.line + 1):
            first = start.column if line == start.line else 1
            after = end.column if line == end.line else len(self.lines[line - 1]) + 1
            spans.setdefault(line, []).append((first, after))

    def link(self, token: Token, siblings: list[Token], index: int, position: Position) -> Link:
        depth = 0
        inner: list[Token] = []
        for sibling_index in range(index + 1, len(siblings)):
            sibling = siblings[sibling_index]
            if sibling.type == "link_open":
                depth += 1
            elif sibling.type == "link_close":
                if depth == 0:
                    break
                depth -= 1
            inner.append(sibling)
        href = str(token.attrGet("href") or "")
        if token.markup == "autolink":
            return Link(href, LinkKind.AUTOLINK, position, plain_text(inner))
        label = self.reference_label(token.meta.get("reference"))
        kind = LinkKind.INLINE if label is None else LinkKind.REFERENCE
        return Link(href, kind, position, plain_text(inner), label, wraps_image=_image_first(inner))

    def reference_label(self, raw: str | None) -> str | None:
        """The normalised label of a reference link or image (None when inline), marked used."""
        if raw is None:
            return None
        label = normalizeReference(raw)
        self.document.used_labels.add(label)
        return label


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each (start, end) span, overlapping or not, replaced by NUL characters."""
    parts: list[str] = []
    done = 0  # the text is copied or blanked up to here
    for start, end in sorted(spans):
        if end <= done:
            continue
        start = max(start, done)
        parts.append(text[done:start])
        parts.append("\x00" * (end - start))
        done = end
    parts.append(text[done:])
    return "".join(parts)


def _image_first(inner: list[Token]) -> bool:
    """Whether a link's text starts with an image: `![alt](src)`, `<img>` or `<picture>`."""
    for token in inner:
        if token.type in ("softbreak", "hardbreak") or (
            token.type == "text" and not token.content.strip()
        ):
            continue
        if token.type == "image":
            return True
        return token.type == "html_inline" and starts_with_tag(token.content, _IMAGE_TAGS)
    return False
