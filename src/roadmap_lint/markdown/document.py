"""The document model: what parsing a Markdown file yields.

Headings (with GitHub slugs), explicit anchors, links with their exact line and column,
reference definitions, and an outline of top-level blocks from which the table of contents
is found. `roadmap_lint.markdown.parse` makes one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roadmap_lint.model import Anchor, Entry, Heading, Link, Toc, UndefinedReference

if TYPE_CHECKING:
    from roadmap_lint.markdown.toc import OutlineBlock


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

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + 1

    @functools.cached_property
    def line_starts(self) -> list[int]:
        """The offset in `text` at which each line starts (line 1 at index 0)."""
        return [0, *(match.end() for match in re.finditer("\n", self.text))]

    @property
    def unused_definitions(self) -> list[Link]:
        """Reference definitions no link or image uses, in document order."""
        unused = (link for label, link in self.definitions.items() if label not in self.used_labels)
        return sorted(unused, key=lambda link: link.position)
