"""Markdown text to a Document: markdown-it-py, configured as github.com renders Markdown.

markdown-it's parser is wrapped rather than forked, through its public API: the inline
rules that make links, images, raw HTML and code spans, and the block rule that reads
reference definitions, are replaced (`Ruler.at`) by the same functions wrapped to record
where each token starts; the table rule is wrapped so that only the cells that can hold
something become tokens. Rules that can only start at certain characters (setext headings:
only above an underline) are wrapped so that they are not called elsewhere, and link
destinations are read by `destination.py` (markdown-it's `helpers`), with the same results
in less time. `builder.py` turns the token stream into a `Document`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any, Literal, cast

from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import (
    StateBlock,
    blockquote,
    fence,
    heading,
    hr,
    html_block,
    lheading,
    list_block,
    reference,
    table,
)
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline, autolink, backtick, html_inline, image, link
from markdown_it.token import Token

from roadmap_lint.markdown.builder import build_document
from roadmap_lint.markdown.destination import link_helpers, parse_link_label
from roadmap_lint.markdown.document import Document

# Deep enough for any real document; deeper containers are cut off by markdown-it
# instead of exhausting Python's recursion limit.
_MAX_NESTING = 100
# Inline constructs (links, emphasis) nested deeper than this are read as text, as
# markdown-it's CommonMark preset does: its bracket matching costs time in proportion to
# this depth on text full of unclosed `[` and `![`.
_MAX_INLINE_NESTING = 20
_InlineRule = Callable[[StateInline, bool], bool]
_BlockRule = Callable[[StateBlock, int, int, bool], bool]
# The inline rules whose tokens are tracked, by their names in markdown-it's ruler, with
# the characters they can start at.
_TRACKED_INLINE_RULES: dict[str, tuple[_InlineRule, str]] = {
    "link": (link, "["),
    "image": (image, "!"),
    "autolink": (autolink, "<"),
    "html_inline": (html_inline, "<"),
    "backticks": (backtick, "`"),
}
# Block rules that match only lines starting (after their indentation) with one of these
# characters, by their names in markdown-it's ruler. markdown-it tries every rule on every
# block's first line, and each does some bookkeeping before it looks at the character.
_GUARDED_BLOCK_RULES: dict[str, tuple[_BlockRule, str]] = {
    "fence": (fence, "`~"),
    "blockquote": (blockquote, ">"),
    "list": (list_block, "*-+0123456789"),
    "html_block": (html_block, "<"),
    "heading": (heading, "#"),
}
# The chains of block rules markdown-it runs to learn whether a line ends the block before.
_TERMINATOR_CHAINS = ("paragraph", "reference", "blockquote", "list")
_TRACKED_TOKEN_TYPES = frozenset({"link_open", "image", "html_inline", "code_inline"})
# Where plain text stops so that an inline rule of this parser may start: a line break, an
# escape, code, strikethrough, emphasis, a link or an image, an autolink or raw HTML, an
# entity; and `]`, where markdown-it's link label reader looks for a label's end.
# markdown-it's own set also holds characters kept for extensions this parser does not
# have (`-`, `:`, `#`…): text stopped at each of them only to find that nothing starts.
_INLINE_STARTS = re.compile(r"[\n\\`~*_\[\]!<&]")


def _track_inline(name: str, rule: _InlineRule, starts: str) -> _InlineRule:
    """Wrap an inline rule so the first token it emits remembers its source offsets.

    Offsets are into the inline token's content. Links and images also remember the
    reference label they were resolved with (`meta["reference"]`, None for `[text](url)`).
    The rule is not called at all where its first character (one of `starts`) is not.
    """

    def tracked(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if state.src[start] not in starts:
            return False
        first_new = len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent:
            for index in range(first_new, len(state.tokens)):
                token = state.tokens[index]
                if token.type in _TRACKED_TOKEN_TYPES:
                    token.meta["start"] = start
                    token.meta["end"] = state.pos
                    if name in ("link", "image"):
                        is_image = name == "image"
                        token.meta["reference"] = _reference_label(
                            state, start, state.pos, is_image
                        )
                    break
        return matched

    return tracked


def _reference_label(state: StateInline, start: int, end: int, image: bool) -> str | None:
    """The raw label of a reference link or image `state.src[start:end]`; None when inline.

    Mirrors markdown-it's link rule: after the text's `]` comes `(` (inline), `[label]`
    (full), `[]` (collapsed: the text is the label) or nothing else (shortcut). Only an
    inline link ends with `)`: the others end with their text's or their label's `]`.
    """
    if state.src[end - 1] == ")":
        return None
    text_start = start + (2 if image else 1)
    text_end = parse_link_label(state, text_start - 1, not image)
    if text_end < 0:
        return None
    after = text_end + 1
    if end == after:
        return state.src[text_start:text_end]  # shortcut
    if state.src[after : after + 1] == "(":
        return None  # inline
    return state.src[after + 1 : end - 1] or state.src[text_start:text_end]


_LEADING_WHITE_SPACE = re.compile(r"[ \t]*")
# A line that may underline a setext heading: `===` or `---` (nothing else but white space
# after), behind the marks of the containers it is in (`>`, indentation).
_UNDERLINE = re.compile(r"^[ \t>]*(?:=+|-+)[ \t]*$", re.MULTILINE)


class FastStateBlock(StateBlock):
    """markdown-it's block state, with its line markers found by string methods.

    markdown-it computes them with a Python loop over the characters of each line's
    indentation, which costs seconds for pathological input (5,000 nested list items are
    25 MB of indentation); `str.find` and a regex give the same markers at C speed.
    """

    def __init__(self, src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> None:
        super().__init__("", md, env, tokens)
        self.src = src
        begins: list[int] = []
        ends: list[int] = []
        shifts: list[int] = []
        counts: list[int] = []
        blanks: list[int] = []  # lines of only white space
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
            if indent_end == end:
                blanks.append(len(begins))
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
        self.table = _TableState()
        self._blank_lines = blanks
        self._underlines = [bisect_right(begins, m.start()) - 1 for m in _UNDERLINE.finditer(src)]

    def underline_follows(self, line: int, end_line: int) -> bool:
        """Whether a line that may underline a setext heading comes after `line`, before
        `end_line` and before the next blank line: only then can markdown-it's `lheading`
        rule, which looks no further, make a heading of the lines from `line` on."""
        index = bisect_right(self._underlines, line)
        if index == len(self._underlines):
            return False
        blank = bisect_right(self._blank_lines, line)
        limit = self._blank_lines[blank] if blank < len(self._blank_lines) else self.lineMax
        return self._underlines[index] < min(limit, end_line)

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        """As markdown-it's, except inside a table: a row's and a cell's own tokens are not
        kept, and a cell's inline token is made only when it matters (see `_Cell`)."""
        if not self.table.reading or (ttype not in _ROW_TOKENS and ttype != "inline"):
            if nesting < 0:
                self.level -= 1
            token = block_token(ttype, tag, nesting, self.level)
            if nesting > 0:
                self.level += 1
            self.tokens.append(token)
            return token
        if nesting < 0:
            self.level -= 1
        level = self.level
        if nesting > 0:
            self.level += 1
        if ttype == "tr_open":
            self.table.cell = 0
        if ttype != "inline":
            return Token(ttype, tag, nesting)  # filled in by the rule, then dropped
        first = self.table.cell == 0
        self.table.cell += 1
        return cast(Token, _Cell(self, level, first))


_new_token = Token.__new__


def block_token(ttype: str, tag: str, nesting: Literal[-1, 0, 1], level: int) -> Token:
    """`Token(ttype, tag, nesting, level=level, block=True)`, made in half the time: a large
    document has some 100,000 block tokens, and the dataclass's own `__init__` calls two
    more functions for each. Every field is set (a test compares it with `Token`'s)."""
    token = _new_token(Token)
    token.type = ttype
    token.tag = tag
    token.nesting = nesting
    token.attrs = {}
    token.map = None
    token.level = level
    token.children = None
    token.content = ""
    token.markup = ""
    token.info = ""
    token.meta = {}
    token.block = True
    token.hidden = False
    return token


def _inline_token(
    ttype: str, tag: str, nesting: Literal[-1, 0, 1], level: int, content: str = ""
) -> Token:
    """`Token(ttype, tag, nesting, level=level, content=content)`, made as `block_token`."""
    token = block_token(ttype, tag, nesting, level)
    token.block = False
    token.content = content
    return token


# The inline content of nearly every entry of a list: one inline link, then plain text
# (`[Name](https://…) - what it is.`). Nothing in it can start another inline rule, so its
# tokens are made directly, as markdown-it's link and text rules make them (a property test
# holds the two to each other): a list's 10,000 entries need no inline state, rule chain
# or pending text each.
_PLAIN_LINK_ENTRY = re.compile(
    r"\[([^\n\\`~*_\[\]!<&]+)\]\(([^\x00-\x20\x7f()<>\\&]+)\)([^\n\\`~*_\[\]!<&]*)"
)


def plain_link_entry(content: str, md: MarkdownIt) -> list[Token] | None:
    """The inline tokens of `content` when it is one plain inline link and plain text; None
    for anything else (markdown-it's rules read it)."""
    match = _PLAIN_LINK_ENTRY.fullmatch(content)
    if match is None:
        return None
    href = md.normalizeLink(match.group(2))
    if not md.validateLink(href):
        return None  # not a link at all (`javascript:`…): markdown-it's rules say what it is
    opening = _inline_token("link_open", "a", 1, 0)
    opening.attrs = {"href": href}
    opening.meta = {"start": 0, "end": match.end(2) + 1, "reference": None}
    tokens = [
        opening,
        _inline_token("text", "", 0, 1, match.group(1)),
        _inline_token("link_close", "a", -1, 0),
    ]
    if match.group(3):
        tokens.append(_inline_token("text", "", 0, 0, match.group(3)))
    return tokens


# Table tokens that say only where rows and cells begin and end: the builder needs none of
# them (a cell's inline token carries what it needs in `meta`), and markdown-it makes them
# for every cell.
_ROW_TOKENS = frozenset({"tr_open", "tr_close", "th_open", "th_close", "td_open", "td_close"})
# Text in which no inline rule can start anything (a link, code, HTML, emphasis, an escape,
# an entity, a bare URL or e-mail address): a cell of only this is left out of the tokens.
_PLAIN_CELL = re.compile(r"[^\[\]!<>`*_~\\&:@]*")


def _cell_matters(text: str) -> bool:
    return not _PLAIN_CELL.fullmatch(text) or "www." in text.lower()


class _Cell:
    """What markdown-it's table rule fills in for a cell. Its inline token is made only when
    its text can hold something (`_cell_matters`), so a table of two million plain cells
    costs no more than its text: markdown-it would make eight million tokens of it."""

    __slots__ = ("_first", "_level", "_state", "attrs", "children", "map")

    def __init__(self, state: FastStateBlock, level: int, first: bool) -> None:
        self._state, self._level, self._first = state, level, first
        self.map: list[int] | None = None
        self.children: list[Token] | None = None
        self.attrs: dict[str, Any] = {}

    @property
    def content(self) -> str:
        return ""

    @content.setter
    def content(self, text: str) -> None:
        if not _cell_matters(text):
            return
        token = Token("inline", "", 0, map=self.map, content=text, children=[])
        token.block, token.level = True, self._level
        token.meta = {"cell": True, "row_first": self._first}
        self._state.tokens.append(token)


class _TableState:
    """While a table is read: whether it is, and which cell of its row comes next."""

    def __init__(self) -> None:
        self.reading = False
        self.cell = 0


def _compact_table(rule: _BlockRule) -> _BlockRule:
    """Wrap the table rule so that its cells are pushed as `_Cell`s (see `FastStateBlock`)."""

    def compact(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if silent or not isinstance(state, FastStateBlock):
            return rule(state, start_line, end_line, silent)
        state.table.reading, state.table.cell = True, 0
        try:
            return rule(state, start_line, end_line, silent)
        finally:
            state.table.reading = False

    return compact


class _ParserBlock(ParserBlock):
    def parse(
        self, src: str, md: MarkdownIt, env: Any, outTokens: list[Token]
    ) -> list[Token] | None:
        if not src:
            return None
        state = FastStateBlock(src, md, env, outTokens)
        inline_nesting = md.options["maxNesting"]
        md.options["maxNesting"] = _MAX_NESTING  # containers may nest deeper than inlines
        try:
            self.tokenize(state, state.line, state.lineMax)
        finally:
            md.options["maxNesting"] = inline_nesting
        return state.tokens


class _Parser(MarkdownIt):
    def normalizeLink(self, url: str) -> str:
        """Keep destinations as written: entities and escapes resolved, nothing percent-encoded.

        markdown-it's default percent-encodes and punycodes, so `<my file.md>` would become
        `my%20file.md` and `https://bücher.de` `https://xn--bcher-kva.de`.
        """
        return url


def _guard_setext_heading(rule: _BlockRule) -> _BlockRule:
    """Wrap the `lheading` rule so that it is called only where an underline can follow."""

    def guarded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if isinstance(state, FastStateBlock) and not state.underline_follows(start_line, end_line):
            return False
        return rule(state, start_line, end_line, silent)

    return guarded


# Three of one thematic break's marks, with only white space between them.
_THEMATIC_BREAK_START = re.compile(r"([-*_])[ \t]*\1[ \t]*\1")


def _guard_thematic_break(rule: _BlockRule) -> _BlockRule:
    """Wrap the `hr` rule so that it is called only on lines that start with three marks:
    a list item's `- ` starts with one and would be tried on every line of a list."""

    def guarded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        first = state.bMarks[start_line] + state.tShift[start_line]
        if not _THEMATIC_BREAK_START.match(state.src, first, state.eMarks[start_line]):
            return False
        return rule(state, start_line, end_line, silent)

    return guarded


def _guard_block(rule: _BlockRule, starts: str) -> _BlockRule:
    """Wrap a block rule so that it is called only on lines that start with one of `starts`."""
    first_characters = frozenset(starts)

    def guarded(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        first = state.bMarks[start_line] + state.tShift[start_line]
        if state.src[first : first + 1] not in first_characters:
            return False
        return rule(state, start_line, end_line, silent)

    return guarded


# The start of a reference definition's label: `[` up to the first `[` or `]` not escaped,
# on the label's first line.
_LABEL_START = re.compile(r"\[(?:[^\\\[\]\n]|\\.)*[\[\]]")


def _track_definitions(rule: _BlockRule) -> _BlockRule:
    """Wrap the reference-definition rule to learn on which line each definition starts.

    The rule is not called for a line that starts with a label not closed by `]:` (a link
    that starts a list item): markdown-it's rule would read it character by character.
    """

    def tracked(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        first = state.bMarks[start_line] + state.tShift[start_line]
        if not state.src.startswith("[", first):
            return False
        opening = _LABEL_START.match(state.src, first, state.eMarks[start_line])
        if opening is not None and not state.src.startswith("]:", opening.end() - 1):
            return False
        references = state.env.setdefault("references", {})
        known = len(references)
        matched = rule(state, start_line, end_line, silent)
        if matched and not silent:
            # New labels are the last ones in the dict; reading only those keeps it linear.
            for label in itertools.islice(reversed(references), len(references) - known):
                references[label]["line"] = start_line
        return matched

    return tracked


def _build_parser(emphasis: bool = True) -> MarkdownIt:
    parser = _Parser("commonmark", {"maxNesting": _MAX_INLINE_NESTING})
    parser.helpers = link_helpers()
    block = _ParserBlock()
    block.ruler = parser.block.ruler
    parser.block = block
    parser.enable(["table", "strikethrough"])
    ruler = parser.block.ruler
    for name, (rule, starts) in _TRACKED_INLINE_RULES.items():
        parser.inline.ruler.at(name, _track_inline(name, rule, starts))
    parser.inline.terminator_re = _INLINE_STARTS
    guarded = {
        name: (rule, _guard_block(rule, starts))
        for name, (rule, starts) in _GUARDED_BLOCK_RULES.items()
    }
    guarded["hr"] = (hr, _guard_thematic_break(hr))
    guarded["lheading"] = (lheading, _guard_setext_heading(lheading))
    for name, (block_rule, guard) in guarded.items():
        # `Ruler.at` takes a rule out of the chains that end paragraphs, lists… unless told.
        chains = [chain for chain in _TERMINATOR_CHAINS if block_rule in ruler.getRules(chain)]
        ruler.at(name, guard, {"alt": chains})
    ruler.at("reference", _track_definitions(reference))
    ruler.at("table", _compact_table(table))
    if emphasis:
        parser.core.ruler.at("inline", _inline_within_bounds(_build_parser(emphasis=False)))
    else:
        parser.disable(["emphasis", "strikethrough"])
    return parser


# Inline content longer than this (a paragraph, a heading, a table cell) is read without
# emphasis: markdown-it's emphasis costs time and memory out of all proportion on long runs
# of `*` and `_` (4 MB of them take half a minute and 2 GB). No real paragraph is this long.
_LONG_INLINE = 100_000


def _inline_within_bounds(plain: MarkdownIt) -> Callable[[StateCore], None]:
    def inline(state: StateCore) -> None:
        for token in state.tokens:
            if token.type == "inline":
                entry = plain_link_entry(token.content, state.md)
                if entry is not None:
                    token.children = entry
                    continue
                if token.children is None:
                    token.children = []
                parser = plain if len(token.content) > _LONG_INLINE else state.md
                parser.inline.parse(token.content, parser, state.env, token.children)

    return inline


_PARSER: MarkdownIt | None = None


def shared_parser() -> MarkdownIt:
    """The markdown-it parser set up as github.com renders, built once per process."""
    global _PARSER
    if _PARSER is None:
        _PARSER = _build_parser()
    return _PARSER


def parse_document(text: str, path: str = "<text>") -> Document:
    """Parse Markdown text (already decoded, BOM removed) into a Document."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    env: dict[str, Any] = {}
    tokens = shared_parser().parse(text, env)
    return build_document(path, text, tokens, env.get("references", {}))
