"""The document model: the only module that uses markdown-it-py.

Markdown is parsed once into headings (with GitHub slugs), explicit anchors, links with
their exact line and column, reference definitions, and an outline of top-level blocks
from which the table of contents is found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from . import html_scan
from .autolinks import find_bare_urls
from .model import Anchor, Heading, Link, LinkKind, Position, Toc, UndefinedReference
from .slugger import Slugger
from .toc import OutlineBlock, OutlineItem, find_toc

# Deep enough for any real document; deeper containers are cut off by markdown-it
# instead of exhausting Python's recursion limit.
_MAX_NESTING = 100
_TRACKED_INLINE_RULES = ("link", "image", "autolink", "html_inline", "backticks")
_TRACKED_TOKEN_TYPES = frozenset({"link_open", "image", "html_inline", "code_inline"})
_UNDEFINED_REFERENCE = re.compile(r"(?<![\\\]])\[([^\[\]\x00]+)\]\[([^\[\]\x00]*)\]")


@dataclass
class Document:
    path: str
    text: str
    headings: list[Heading] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    definitions: dict[str, Link] = field(default_factory=dict)  # normalised label → definition
    used_labels: set[str] = field(default_factory=set)
    undefined_references: list[UndefinedReference] = field(default_factory=list)
    outline: list[OutlineBlock] = field(default_factory=list)
    toc: Toc | None = None

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + 1


def _track_inline(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """Wrap an inline rule so the first token it emits remembers its source offsets."""

    def tracked(state: StateInline, silent: bool) -> bool:
        start = state.pos
        first_new = len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent:
            for token in state.tokens[first_new:]:
                if token.type in _TRACKED_TOKEN_TYPES:
                    token.meta["start"] = start
                    token.meta["end"] = state.pos
                    break
        return matched

    return tracked


def _track_definitions(
    rule: Callable[[StateBlock, int, int, bool], bool],
) -> Callable[[StateBlock, int, int, bool], bool]:
    """Wrap the reference-definition rule to learn on which line each definition starts."""

    def tracked(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        references = state.env.setdefault("references", {})
        known = set(references)
        matched = rule(state, start_line, end_line, silent)
        if matched and not silent:
            for label in set(references) - known:
                references[label]["line"] = start_line
        return matched

    return tracked


def _build_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"maxNesting": _MAX_NESTING})
    parser.enable(["table", "strikethrough"])
    for name in _TRACKED_INLINE_RULES:
        index = parser.inline.ruler.__find__(name)
        parser.inline.ruler.__rules__[index].fn = _track_inline(parser.inline.ruler.__rules__[index].fn)
    index = parser.block.ruler.__find__("reference")
    parser.block.ruler.__rules__[index].fn = _track_definitions(
        parser.block.ruler.__rules__[index].fn
    )
    parser.block.ruler.__compile__()
    parser.inline.ruler.__compile__()
    return parser


_PARSER: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _PARSER
    if _PARSER is None:
        _PARSER = _build_parser()
    return _PARSER


class _LineMap:
    """Maps offsets in a block's content (container markers stripped) back to the source."""

    def __init__(self, content: str, first_line: int, lines: list[str], cursor: int = 0):
        self.starts: list[int] = []  # offset in `content` where each content line begins
        self.origins: list[tuple[int, int]] = []  # (0-based source line, column offset)
        offset = 0
        for index, content_line in enumerate(content.split("\n")):
            line_number = min(first_line + index, len(lines) - 1)
            source = lines[line_number] if lines else ""
            self.starts.append(offset)
            self.origins.append((line_number, _locate(content_line, source, cursor if index == 0 else 0)))
            offset += len(content_line) + 1

    def position(self, offset: int) -> Position:
        low, high = 0, len(self.starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        line_number, column = self.origins[low]
        return Position(line_number + 1, column + offset - self.starts[low] + 1)


def _locate(content_line: str, source: str, cursor: int) -> int:
    """Where `content_line` begins inside its source line."""
    wanted = content_line.rstrip()
    if not wanted:
        return len(source.rstrip())
    stripped_source = source.rstrip()
    if cursor == 0 and stripped_source.endswith(wanted):
        return len(stripped_source) - len(wanted)
    found = source.find(wanted, cursor)
    if found >= 0:
        return found
    core = wanted.lstrip()
    found = source.find(core, cursor)
    if found >= 0:
        # Leading tabs may have been expanded to spaces in the content.
        return max(0, found - (len(wanted) - len(core)))
    return 0


def _plain_text(tokens: Iterable[Token]) -> str:
    """Rendered plain text as github.com's slugger sees it: code kept, images and tags dropped."""
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline", "text_special"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


class _Builder:
    def __init__(self, path: str, text: str):
        self.document = Document(path=path, text=text)
        self.lines = text.split("\n")
        self.slugger = Slugger()
        self.table_cursor: dict[int, int] = {}
        # An HTML heading whose closing tag has not been seen yet: (level, position, text parts).
        self.open_html_heading: tuple[int, Position, list[str]] | None = None

    # -- headings -------------------------------------------------------------------------

    def add_heading(self, level: int, text: str, position: Position, html: bool) -> Heading:
        heading = Heading(level, text, self.slugger.slug(text), position, html)
        self.document.headings.append(heading)
        return heading

    # -- inline content -------------------------------------------------------------------

    def line_map(self, token: Token) -> _LineMap:
        first_line = token.map[0] if token.map else 0
        cursor = self.table_cursor.get(first_line, 0)
        line_map = _LineMap(token.content, first_line, self.lines, cursor)
        if token.map and token.map[1] - token.map[0] == 1 and "\n" not in token.content:
            # Table cells share a line: the next cell is searched after this one.
            self.table_cursor[first_line] = line_map.origins[0][1] + len(token.content)
        return line_map

    def scan_inline(self, token: Token) -> tuple[list[Link], _LineMap]:
        line_map = self.line_map(token)
        children = token.children or []
        content = token.content
        masked = list(content)
        links: list[Link] = []
        for index, child in enumerate(children):
            start = child.meta.get("start") if child.meta else None
            if start is None:
                if self.open_html_heading is not None and child.type in ("text", "code_inline"):
                    self.open_html_heading[2].append(child.content)
                continue
            end = child.meta["end"]
            masked[start:end] = "\x00" * (end - start)
            position = line_map.position(start)
            if child.type == "link_open":
                links.append(self.inline_link(child, children, index, content, start, end, position))
            elif child.type == "image":
                kind = LinkKind.INLINE if content[end - 1 : end] == ")" else LinkKind.REFERENCE
                label = self.reference_label(content[start + 1 : end], kind)
                links.append(
                    Link(
                        str(child.attrGet("src") or ""),
                        LinkKind.IMAGE,
                        position,
                        _plain_text(child.children or []),
                        label,
                    )
                )
            elif child.type == "html_inline":
                links.extend(self.scan_html(child.content, lambda o, s=start: line_map.position(s + o)))
            elif child.type == "code_inline" and self.open_html_heading is not None:
                self.open_html_heading[2].append(child.content)
        masked_text = "".join(masked)
        for offset, url in find_bare_urls(masked_text):
            links.append(Link(url, LinkKind.BARE, line_map.position(offset), url))
        for match in _UNDEFINED_REFERENCE.finditer(masked_text):
            label = normalizeReference(match.group(2) or match.group(1))
            if label and label not in self.document.definitions:
                self.document.undefined_references.append(
                    UndefinedReference(match.group(2) or match.group(1), line_map.position(match.start()))
                )
        links.sort(key=lambda link: (link.position.line, link.position.column))
        self.document.links.extend(links)
        return links, line_map

    def inline_link(
        self, token: Token, siblings: list[Token], index: int, content: str, start: int, end: int, position: Position
    ) -> Link:
        depth = 0
        inner: list[Token] = []
        for sibling in siblings[index + 1 :]:
            if sibling.type == "link_open":
                depth += 1
            elif sibling.type == "link_close":
                if depth == 0:
                    break
                depth -= 1
            inner.append(sibling)
        href = str(token.attrGet("href") or "")
        if token.markup == "autolink":
            return Link(href, LinkKind.AUTOLINK, position, _plain_text(inner))
        kind = LinkKind.INLINE if content[end - 1 : end] == ")" else LinkKind.REFERENCE
        label = self.reference_label(content[start:end], kind)
        return Link(href, kind, position, _plain_text(inner), label)

    def reference_label(self, source: str, kind: LinkKind) -> str | None:
        if kind is not LinkKind.REFERENCE:
            return None
        opening = source.rfind("[")
        if opening > 0 and source[opening - 1] == "]" and source[opening + 1 : -1].strip():
            raw = source[opening + 1 : -1]
        else:
            close = source.rfind("]", 0, opening) if opening > 0 and source[opening - 1] == "]" else -1
            raw = source[1:close] if close > 0 else source[1:-1]
        label = normalizeReference(raw)
        self.document.used_labels.add(label)
        return label

    # -- raw HTML -------------------------------------------------------------------------

    def scan_html(self, fragment: str, position_of: Callable[[int], Position]) -> list[Link]:
        links: list[Link] = []
        for tag in html_scan.scan_tags(fragment):
            if tag.closing:
                if tag.name in html_scan.HEADING_TAGS and self.open_html_heading is not None:
                    level, position, parts = self.open_html_heading
                    self.open_html_heading = None
                    parts.append(html_scan.text_between(fragment, 0, tag.start))
                    self.add_heading(level, "".join(parts), position, html=True)
                continue
            attributes = tag.attributes
            position = position_of(tag.start)
            anchor = attributes.get("id") or (attributes.get("name") if tag.name == "a" else None)
            if anchor:
                self.document.anchors.append(Anchor(anchor, position))
            if tag.name == "a" and "href" in attributes:
                links.append(Link(attributes["href"], LinkKind.HTML, position, "", "a"))
            elif tag.name == "img" and "src" in attributes:
                links.append(Link(attributes["src"], LinkKind.HTML, position, attributes.get("alt", ""), "img"))
            elif tag.name in html_scan.HEADING_TAGS and self.open_html_heading is None:
                closing = re.search(rf"</{tag.name}\s*>", fragment[tag.end :], re.IGNORECASE)
                if closing:
                    text = html_scan.text_between(fragment, tag.end, tag.end + closing.start())
                    self.add_heading(int(tag.name[1]), text, position, html=True)
                else:
                    tail = html_scan.text_between(fragment, tag.end, len(fragment))
                    self.open_html_heading = (int(tag.name[1]), position, [tail])
        return links

    def html_block(self, token: Token) -> list[Link]:
        line_map = self.line_map(token)
        links = self.scan_html(token.content, line_map.position)
        self.document.links.extend(links)
        return links

    # -- the walk -------------------------------------------------------------------------

    def build(self, tokens: list[Token], references: dict[str, Any]) -> Document:
        for label, definition in references.items():
            line = definition.get("line", 0)
            source = self.lines[line] if line < len(self.lines) else ""
            column = source.find("[") + 1 or 1
            self.document.definitions[label] = Link(
                definition["href"], LinkKind.DEFINITION, Position(line + 1, column), "", label
            )
        item_stack: list[OutlineItem] = []
        list_stack: list[list[OutlineItem]] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.level == 0 and token.nesting >= 0 and token.type != "inline":
                self.start_block(token)
            if token.type in ("bullet_list_open", "ordered_list_open"):
                items: list[OutlineItem] = []
                if item_stack:
                    item_stack[-1].children = items
                elif token.level == 0:
                    self.document.outline[-1].items = items
                list_stack.append(items)
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                list_stack.pop()
            elif token.type == "list_item_open":
                item = OutlineItem(text="", links=[], position=self.block_position(token))
                if list_stack:
                    list_stack[-1].append(item)
                item_stack.append(item)
            elif token.type == "list_item_close":
                item_stack.pop()
            elif token.type == "heading_open":
                inline = tokens[index + 1]
                links, line_map = self.scan_inline(inline)
                heading = self.add_heading(
                    int(token.tag[1]),
                    _plain_text(inline.children or []),
                    self.heading_position(token, inline, line_map),
                    html=False,
                )
                if token.level == 0:
                    self.document.outline[-1].heading = heading
                index += 2
                continue
            elif token.type == "inline":
                links, line_map = self.scan_inline(token)
                if item_stack and not item_stack[-1].text and not item_stack[-1].links:
                    item_stack[-1].text = _plain_text(token.children or [])
                    item_stack[-1].links = links
                    item_stack[-1].position = line_map.position(0)
                if token.level == 1 and self.document.outline and self.document.outline[-1].kind == "paragraph":
                    self.document.outline[-1].links.extend(links)
            elif token.type == "html_block":
                self.html_block(token)
            index += 1
        if self.open_html_heading is not None:
            level, position, parts = self.open_html_heading
            self.add_heading(level, "".join(parts), position, html=True)
        self.document.toc = find_toc(self.document.outline, self.document.headings)
        return self.document

    def start_block(self, token: Token) -> None:
        kind = {
            "heading_open": "heading",
            "bullet_list_open": "list",
            "ordered_list_open": "list",
            "paragraph_open": "paragraph",
            "hr": "hr",
            "html_block": "html",
        }.get(token.type, "other")
        start, end = token.map if token.map else (0, 0)
        self.document.outline.append(OutlineBlock(kind=kind, start_line=start + 1, end_line=end))

    def block_position(self, token: Token) -> Position:
        line = token.map[0] if token.map else 0
        source = self.lines[line] if line < len(self.lines) else ""
        return Position(line + 1, len(source) - len(source.lstrip()) + 1)

    def heading_position(self, token: Token, inline: Token, line_map: _LineMap) -> Position:
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


def parse(text: str, path: str = "<text>") -> Document:
    """Parse Markdown text (already decoded, BOM removed) into a Document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    env: dict[str, Any] = {}
    tokens = _parser().parse(text, env)
    return _Builder(path, text).build(tokens, env.get("references", {}))
