"""Markdown text to a Document: the only module that uses markdown-it-py.

markdown-it's parser is wrapped rather than forked: its inline rules are tracked to give
every link its exact line and column, and the document is built from its tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.helpers import parseLinkLabel
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from roadmap_lint.markdown import html as html_scan
from roadmap_lint.markdown.autolinks import find_bare_urls
from roadmap_lint.markdown.document import Document
from roadmap_lint.markdown.positions import LineMap, shifted
from roadmap_lint.markdown.slugs import Slugger
from roadmap_lint.markdown.toc import OutlineBlock, OutlineItem, find_toc
from roadmap_lint.model import Anchor, Entry, Heading, Link, LinkKind, Position, UndefinedReference

# Deep enough for any real document; deeper containers are cut off by markdown-it
# instead of exhausting Python's recursion limit.
_MAX_NESTING = 100
_TRACKED_INLINE_RULES = ("link", "image", "autolink", "html_inline", "backticks")
_TRACKED_TOKEN_TYPES = frozenset({"link_open", "image", "html_inline", "code_inline"})
_UNDEFINED_REFERENCE = re.compile(r"(?<![\\\]])\[([^\[\]\x00]+)\]\[([^\[\]\x00]*)\]")


def _track_inline(
    name: str, rule: Callable[[StateInline, bool], bool]
) -> Callable[[StateInline, bool], bool]:
    """Wrap an inline rule so the first token it emits remembers its source offsets.

    Offsets are into the inline token's content. Links and images also remember the
    reference label they were resolved with (`meta["reference"]`, None for `[text](url)`).
    """

    def tracked(state: StateInline, silent: bool) -> bool:
        start = state.pos
        first_new = len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent:
            for index in range(first_new, len(state.tokens)):
                token = state.tokens[index]
                if token.type in _TRACKED_TOKEN_TYPES:
                    token.meta["start"] = start
                    token.meta["end"] = state.pos
                    if name in ("link", "image"):
                        image = name == "image"
                        token.meta["reference"] = _reference_label(state, start, state.pos, image)
                    break
        return matched

    return tracked


def _reference_label(state: StateInline, start: int, end: int, image: bool) -> str | None:
    """The raw label of a reference link or image `state.src[start:end]`; None when inline.

    Mirrors markdown-it's link rule: after the text's `]` comes `(` (inline), `[label]`
    (full), `[]` (collapsed: the text is the label) or nothing else (shortcut).
    """
    text_start = start + (2 if image else 1)
    text_end = parseLinkLabel(state, text_start - 1, not image)
    if text_end < 0:
        return None
    after = text_end + 1
    if end == after:
        return state.src[text_start:text_end]  # shortcut
    if state.src[after : after + 1] == "(":
        return None  # inline
    return state.src[after + 1 : end - 1] or state.src[text_start:text_end]


_LEADING_WHITE_SPACE = re.compile(r"[ \t]*")


class _StateBlock(StateBlock):
    """markdown-it's block state, with its line markers found by string methods.

    markdown-it computes them with a Python loop over the characters of each line's
    indentation, which costs seconds for pathological input (5,000 nested list items are
    25 MB of indentation); `str.find` and a regex give the same markers at C speed.
    """

    def __init__(self, src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> None:
        super().__init__("", md, env, tokens)
        self.src = src
        begins, ends, shifts, counts = [], [], [], []
        start, length = 0, len(src)
        while start < length:
            end = src.find("\n", start)
            if end < 0:
                end = length
            indent = _LEADING_WHITE_SPACE.match(src, start, end)
            indent_end = indent.end() if indent else start
            if indent_end == end == length:
                break  # a last line of only spaces and tabs, without "\n", is no line
            count = indent_end - start
            if "\t" in src[start:indent_end]:
                count = 0
                for character in src[start:indent_end]:
                    count += 4 - count % 4 if character == "\t" else 1
            begins.append(start)
            ends.append(end)
            shifts.append(indent_end - start)
            counts.append(count)
            start = end + 1
        # The fake last line markdown-it's rules rely on for bounds checks.
        self.bMarks = [*begins, length]
        self.eMarks = [*ends, length]
        self.tShift = [*shifts, 0]
        self.sCount = [*counts, 0]
        self.bsCount = [0] * (len(begins) + 1)
        self.lineMax = len(begins)


class _ParserBlock(ParserBlock):
    def parse(
        self, src: str, md: MarkdownIt, env: Any, outTokens: list[Token]
    ) -> list[Token] | None:
        if not src:
            return None
        state = _StateBlock(src, md, env, outTokens)
        self.tokenize(state, state.line, state.lineMax)
        return state.tokens


class _Parser(MarkdownIt):
    def normalizeLink(self, url: str) -> str:
        """Keep destinations as written: entities and escapes resolved, nothing percent-encoded.

        markdown-it's default percent-encodes and punycodes, so `<my file.md>` would become
        `my%20file.md` and `https://bücher.de` `https://xn--bcher-kva.de`.
        """
        return url


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
    parser = _Parser("commonmark", {"maxNesting": _MAX_NESTING})
    block = _ParserBlock()
    block.ruler = parser.block.ruler
    parser.block = block
    parser.enable(["table", "strikethrough"])
    for name in _TRACKED_INLINE_RULES:
        index = parser.inline.ruler.__find__(name)
        rule = parser.inline.ruler.__rules__[index]
        rule.fn = _track_inline(name, rule.fn)
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

    def scan_inline(self, token: Token, form: str = "tail") -> tuple[list[Link], LineMap]:
        line_map = self.line_map(token, form)
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
                links.append(self.inline_link(child, children, index, position))
            elif child.type == "image":
                label = self.reference_label(child.meta.get("reference"))
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
                links.extend(self.scan_html(child.content, shifted(line_map, start)))
            elif child.type == "code_inline" and self.open_html_heading is not None:
                self.open_html_heading[2].append(child.content)
        masked_text = "".join(masked)
        for offset, url in find_bare_urls(masked_text):
            links.append(Link(url, LinkKind.BARE, line_map.position(offset), url))
        for match in _UNDEFINED_REFERENCE.finditer(masked_text):
            label = normalizeReference(match.group(2) or match.group(1))
            if label and label not in self.document.definitions:
                position = line_map.position(match.start())
                raw = match.group(2) or match.group(1)
                self.document.undefined_references.append(UndefinedReference(raw, position))
        links.sort(key=lambda link: (link.position.line, link.position.column))
        self.document.links.extend(links)
        return links, line_map

    def inline_link(
        self, token: Token, siblings: list[Token], index: int, position: Position
    ) -> Link:
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
            return Link(href, LinkKind.AUTOLINK, position, _plain_text(inner))
        label = self.reference_label(token.meta.get("reference"))
        kind = LinkKind.INLINE if label is None else LinkKind.REFERENCE
        return Link(href, kind, position, _plain_text(inner), label)

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

    def reference_label(self, raw: str | None) -> str | None:
        """The normalised label of a reference link or image (None when inline), marked used."""
        if raw is None:
            return None
        label = normalizeReference(raw)
        self.document.used_labels.add(label)
        return label

    # -- raw HTML -------------------------------------------------------------------------

    def scan_html(self, fragment: str, position_of: Callable[[int], Position]) -> list[Link]:
        for comment in html_scan.comments(fragment):
            self.document.comments.append((position_of(comment.start).line, comment.text))
        links: list[Link] = []
        # An HTML heading left open by an earlier block takes this block's text too.
        still_open = self.open_html_heading
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
                alt = attributes.get("alt", "")
                links.append(Link(attributes["src"], LinkKind.HTML, position, alt, "img"))
            elif tag.name in html_scan.HEADING_TAGS and self.open_html_heading is None:
                closing = re.search(rf"</{tag.name}\s*>", fragment[tag.end :], re.IGNORECASE)
                if closing:
                    text = html_scan.text_between(fragment, tag.end, tag.end + closing.start())
                    self.add_heading(int(tag.name[1]), text, position, html=True)
                else:
                    tail = html_scan.text_between(fragment, tag.end, len(fragment))
                    self.open_html_heading = (int(tag.name[1]), position, [tail])
        if still_open is not None and self.open_html_heading is still_open:
            still_open[2].append(html_scan.text_between(fragment, 0, len(fragment)))
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
                form = "atx" if token.markup.startswith("#") else "tail"
                links, line_map = self.scan_inline(inline, form)
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
                in_cell = index > 0 and tokens[index - 1].type in ("th_open", "td_open")
                form = "cell" if in_cell else "tail"
                links, line_map = self.scan_inline(token, form)
                if item_stack and not item_stack[-1].text and not item_stack[-1].links:
                    item_stack[-1].text = _plain_text(token.children or [])
                    item_stack[-1].links = links
                    item_stack[-1].position = line_map.position(0)
                    self.add_entry(item_stack[-1].text, links, in_table=False)
                elif in_cell and index > 1 and tokens[index - 2].type == "tr_open":
                    self.add_entry(_plain_text(token.children or []), links, in_table=True)
                outline = self.document.outline
                if token.level == 1 and outline and outline[-1].kind == "paragraph":
                    outline[-1].links.extend(links)
                    outline[-1].text += _plain_text(token.children or [])
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

    def heading_position(self, token: Token, inline: Token, line_map: LineMap) -> Position:
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


def parse_document(text: str, path: str = "<text>") -> Document:
    """Parse Markdown text (already decoded, BOM removed) into a Document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    env: dict[str, Any] = {}
    tokens = _parser().parse(text, env)
    return _Builder(path, text).build(tokens, env.get("references", {}))
