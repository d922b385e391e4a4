"""The document model: what parsing a Markdown file yields.

Headings (with GitHub slugs) and the sections they open, explicit anchors, links with their
exact line and column, reference definitions, an outline of top-level blocks from which the
table of contents is found, and where the code, HTML comments and thematic breaks are.
`roadmap_lint.markdown.parse` makes one; rules read it and never parse the text again.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roadmap_lint.model import Anchor, Entry, Heading, Link, Position, Toc, UndefinedReference

if TYPE_CHECKING:
    from roadmap_lint.markdown.toc import OutlineBlock


@dataclass(frozen=True)
class CodeBlock:
    """A fenced (fences included) or indented code block, at any depth of lists and quotes."""

    first_line: int  # 1-based, inclusive
    last_line: int
    fenced: bool


@dataclass(frozen=True)
class HtmlComment:
    text: str  # between `<!--` and `-->`
    start: Position  # its `<`
    end: Position  # just after its `-->`; where its block ends for a comment never closed


@dataclass(frozen=True)
class SectionSpan:
    """A heading's lines and the lines of the section it opens."""

    heading: Heading
    heading_end: int  # the heading's last line: a setext underline, an HTML heading's closing tag
    end: int  # the line before the next heading of the same or a higher level, else the last


@dataclass
class Document:
    path: str
    text: str
    headings: list[Heading] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)  # list items and table rows led by a link
    definitions: dict[str, Link] = field(default_factory=dict)  # normalised label → definition
    used_labels: set[str] = field(default_factory=set)
    undefined_references: list[UndefinedReference] = field(default_factory=list)
    outline: list[OutlineBlock] = field(default_factory=list)
    toc: Toc | None = None
    comments: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of <!-- -->
    html_comments: list[HtmlComment] = field(default_factory=list)
    sections: list[SectionSpan] = field(default_factory=list)  # one per heading, in order
    code_blocks: list[CodeBlock] = field(default_factory=list)
    # 1-based line → (first column, column after the last) of each inline code span on it,
    # backticks included; a span over several lines has a part on each.
    code_spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    thematic_breaks: list[int] = field(default_factory=list)  # their lines

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + 1

    @functools.cached_property
    def line_starts(self) -> list[int]:
        """The offset in `text` at which each line starts (line 1 at index 0)."""
        return [0, *(match.end() for match in re.finditer("\n", self.text))]

    @functools.cached_property
    def code_lines(self) -> frozenset[int]:
        """The lines of every code block."""
        lines: set[int] = set()
        for block in self.code_blocks:
            lines.update(range(block.first_line, block.last_line + 1))
        return frozenset(lines)

    @property
    def unused_definitions(self) -> list[Link]:
        """Reference definitions no link or image uses, in document order."""
        unused = (link for label, link in self.definitions.items() if label not in self.used_labels)
        return sorted(unused, key=lambda link: link.position)
