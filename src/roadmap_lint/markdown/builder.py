"""markdown-it's token stream to a Document.

One walk over the tokens: headings and the sections they open, links with exact positions
(through `positions.LineMap`), list items and table rows led by a link (entries), the outline
of top-level blocks the TOC is found in, and where code, thematic breaks and raw HTML are.
"""

from __future__ import annotations

from typing import Any

from markdown_it.token import Token

from roadmap_lint.markdown.document import CodeBlock, Document, SectionSpan
from roadmap_lint.markdown.inline import InlineReader, plain_text
from roadmap_lint.markdown.positions import LineMap
from roadmap_lint.markdown.raw_html import RawHtml
from roadmap_lint.markdown.slugs import Slugger
from roadmap_lint.markdown.toc import OutlineBlock, OutlineItem, find_toc
from roadmap_lint.model import Entry, Heading, Link, LinkKind, Position

_LIST_TOKENS = frozenset(
    {"bullet_list_open", "ordered_list_open", "bullet_list_close", "ordered_list_close"}
    | {"list_item_open", "list_item_close"}
)
_BLOCK_KINDS = {
    "heading_open": "heading",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "paragraph_open": "paragraph",
    "hr": "hr",
    "html_block": "html",
}


def _last_line(token: Token) -> int:
    """The 1-based last line of a block token (its map's end is exclusive and 0-based)."""
    return token.map[1] if token.map else 0


class _Headings:
    """Adds headings to the document, slugged in order, with the line each ends on.

    Apart from the builder so that raw HTML can add headings without holding the builder
    (and its copy of the lines) in a reference cycle.
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self.slugger = Slugger()
        self.ends: list[int] = []

    def add(
        self, level: int, text: str, position: Position, last_line: int, html: bool = False
    ) -> Heading:
        heading = Heading(level, text, self.slugger.slug(text), position, html)
        self.document.headings.append(heading)
        self.ends.append(last_line)
        return heading

    def add_html(self, level: int, text: str, position: Position, last_line: int) -> None:
        self.add(level, text, position, last_line, html=True)


class Builder:
    def __init__(self, path: str, text: str):
        self.document = Document(path=path, text=text)
        self.lines = text.split("\n")
        self.headings = _Headings(self.document)
        self.raw_html = RawHtml(self.document, self.headings.add_html)
        self.inline_reader = InlineReader(self.document, self.lines, self.raw_html)
        self.item_stack: list[OutlineItem] = []
        self.list_stack: list[list[OutlineItem]] = []

    def add_entry(self, text: str, links: list[Link], in_table: bool) -> None:
        """Record a list item or table row that starts with a named link (see `Entry`)."""
        first = links[0] if links else None
        if first is None or first.kind not in (LinkKind.INLINE, LinkKind.REFERENCE):
            return
        name = " ".join(first.text.split())
        flat = " ".join(text.split())
        at = flat.find(name) if name else -1
        if at < 0 or not _marks_only(flat[:at]):
            return
        self.document.entries.append(Entry(first, flat, in_table))

    # -- the walk -------------------------------------------------------------------------

    def build(self, tokens: list[Token], references: dict[str, Any]) -> Document:
        self.add_definitions(references)
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if token.level == 0 and token.nesting >= 0 and kind != "inline":
                self.start_block(token)
            if kind == "inline":
                self.inline(token, tokens[index - 1] if index > 0 else None, tokens, index)
            elif kind in _LIST_TOKENS:
                self.outline_structure(token)
            elif kind == "heading_open":
                self.heading(token, tokens[index + 1])
                index += 1  # its inline content is read with it
            elif kind == "html_block":
                line_map = self.inline_reader.line_map(token)
                links = self.raw_html.read(token.content, line_map.position, False)
                self.document.links.extend(links)
            elif kind in ("fence", "code_block") and token.map:
                block = CodeBlock(token.map[0] + 1, token.map[1], kind == "fence")
                self.document.code_blocks.append(block)
            elif kind == "hr" and token.map:
                self.document.thematic_breaks.append(token.map[0] + 1)
            index += 1
        self.raw_html.finish(self.document.line_count)
        self.add_sections()
        self.document.toc = find_toc(self.document.outline, self.document.headings)
        return self.document

    def add_definitions(self, references: dict[str, Any]) -> None:
        for label, definition in references.items():
            line = definition.get("line", 0)
            source = self.lines[line] if line < len(self.lines) else ""
            column = source.find("[") + 1 or 1
            self.document.definitions[label] = Link(
                definition["href"], LinkKind.DEFINITION, Position(line + 1, column), "", label
            )

    def outline_structure(self, token: Token) -> None:
        """Lists and their items, for the outline the TOC is found in."""
        if token.type in ("bullet_list_open", "ordered_list_open"):
            items: list[OutlineItem] = []
            if self.item_stack:
                self.item_stack[-1].children = items
            elif token.level == 0:
                self.document.outline[-1].items = items
            self.list_stack.append(items)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            self.list_stack.pop()
        elif token.type == "list_item_open":
            item = OutlineItem(text="", links=[], position=self.block_position(token))
            if self.list_stack:
                self.list_stack[-1].append(item)
            self.item_stack.append(item)
        elif token.type == "list_item_close":
            self.item_stack.pop()

    def heading(self, token: Token, inline: Token) -> None:
        self.raw_html.heading_starts(token.map[0] + 1 if token.map else 0)
        form = "atx" if token.markup.startswith("#") else "tail"
        line_map = self.inline_reader.line_map(inline, form)
        heading = self.headings.add(
            int(token.tag[1]),
            plain_text(inline.children or []),
            self.heading_position(token, line_map),
            _last_line(token),
        )
        if token.level == 0:
            self.document.outline[-1].heading = heading
        # Read after the heading is added: an HTML heading opened in its text comes after it.
        self.inline_reader.read(inline, form, line_map)

    def inline(self, token: Token, previous: Token | None, tokens: list[Token], index: int) -> None:
        in_cell = bool(token.meta.get("cell"))  # a table cell (see parser.FastStateBlock)
        links, line_map = self.inline_reader.read(token, "cell" if in_cell else "tail")
        item = self.item_stack[-1] if self.item_stack else None
        if item is not None and not item.text and not item.links:
            item.text = plain_text(token.children or [])
            item.links = links
            item.position = line_map.position(0)
            self.add_entry(item.text, links, in_table=False)
        elif in_cell and token.meta.get("row_first"):
            self.add_entry(plain_text(token.children or []), links, in_table=True)
        outline = self.document.outline
        if token.level == 1 and outline and outline[-1].kind == "paragraph":
            outline[-1].links.extend(links)
            outline[-1].text += plain_text(token.children or [])

    def add_sections(self) -> None:
        """Each heading's section: up to the next heading of the same or a higher level."""
        headings = self.document.headings
        ends = [self.document.line_count] * len(headings)
        open_sections: list[int] = []
        for index, heading in enumerate(headings):
            while open_sections and headings[open_sections[-1]].level >= heading.level:
                ends[open_sections.pop()] = max(heading.position.line - 1, 0)
            open_sections.append(index)
        self.document.sections = [
            SectionSpan(heading, heading_end, end)
            for heading, heading_end, end in zip(headings, self.headings.ends, ends, strict=True)
        ]

    def start_block(self, token: Token) -> None:
        kind = _BLOCK_KINDS.get(token.type, "other")
        start, end = token.map if token.map else (0, 0)
        self.document.outline.append(OutlineBlock(kind=kind, start_line=start + 1, end_line=end))

    def block_position(self, token: Token) -> Position:
        line = token.map[0] if token.map else 0
        source = self.lines[line] if line < len(self.lines) else ""
        return Position(line + 1, len(source) - len(source.lstrip()) + 1)

    def heading_position(self, token: Token, line_map: LineMap) -> Position:
        content_start = line_map.position(0)
        if token.markup.startswith("#"):
            source = self.lines[content_start.line - 1]
            marker_end = source.rfind("#", 0, content_start.column - 1)
            if marker_end >= 0:
                marker_start = marker_end
                while marker_start > 0 and source[marker_start - 1] == "#":
                    marker_start -= 1
                return Position(content_start.line, marker_start + 1)
        return content_start


def _marks_only(prefix: str) -> bool:
    """Whether what comes before an entry's link is only marks: emoji, a task box, bullets.

    Emoji garbled by a wrong encoding (`ğŸ“š`) still count; a word (`Read:`) does not.
    """
    if any(character.isascii() and character.isalnum() for character in prefix):
        return False
    return all(len(token) <= 4 for token in prefix.split())


def build_document(
    path: str, text: str, tokens: list[Token], references: dict[str, Any]
) -> Document:
    return Builder(path, text).build(tokens, references)
