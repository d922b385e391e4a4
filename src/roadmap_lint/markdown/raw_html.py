"""What the raw HTML in Markdown adds to a document: anchors, links, comments, headings.

An element with an `id`, or an `<a name>`, is an anchor; `<a href>` and `<img src>` are
links. HTML headings end as a browser ends them in github.com's rendering: at their closing
tag (`</h3>`, or any other `</hN>`), where the next heading starts (Markdown or HTML), and,
when opened inside a paragraph's text, at the end of that paragraph (its `</p>` closes
them). A heading left open by an HTML block takes in the text that follows until then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from roadmap_lint.markdown.document import Document, HtmlComment
from roadmap_lint.markdown.html import HEADING_TAGS, Comment, Tag, Text, read_html
from roadmap_lint.model import Anchor, Link, LinkKind, Position

# Adds a heading: its level, text, position and last line.
AddHeading = Callable[[int, str, Position, int], object]


@dataclass
class _OpenHeading:
    level: int
    position: Position
    inline: bool  # opened in a paragraph's (or a heading's, a cell's) text
    parts: list[str] = field(default_factory=list)


class RawHtml:
    """Reads the HTML fragments of one document in order, keeping track of open headings."""

    def __init__(self, document: Document, add_heading: AddHeading) -> None:
        self._document = document
        self._add_heading = add_heading
        self.open_heading: _OpenHeading | None = None  # an HTML heading not ended yet

    def read(
        self, fragment: str, position_of: Callable[[int], Position], inline: bool
    ) -> list[Link]:
        """The links of one fragment; its anchors, comments and headings go to the document."""
        links: list[Link] = []
        for event in read_html(fragment):
            if isinstance(event, Text):
                self.add_text(event.text)
            elif isinstance(event, Comment):
                start, end = position_of(event.start), position_of(event.end)
                self._document.comments.append((start.line, event.text))
                self._document.html_comments.append(HtmlComment(event.text, start, end))
            elif event.closing:
                if event.name in HEADING_TAGS:
                    self._close(position_of(max(event.start, event.end - 1)).line)
            else:
                links.extend(self._start_tag(event, position_of(event.start), inline))
        return links

    def _start_tag(self, tag: Tag, position: Position, inline: bool) -> list[Link]:
        attributes = tag.attributes
        anchor = attributes.get("id") or (attributes.get("name") if tag.name == "a" else None)
        if anchor:
            self._document.anchors.append(Anchor(anchor, position))
        if tag.name == "a" and "href" in attributes:
            return [Link(attributes["href"], LinkKind.HTML, position, "", "a")]
        if tag.name == "img" and "src" in attributes:
            alt = attributes.get("alt", "")
            return [
                Link(
                    attributes["src"],
                    LinkKind.HTML,
                    position,
                    alt,
                    "img",
                    alt_attribute="alt" in attributes,
                )
            ]
        if tag.name in HEADING_TAGS:
            self.heading_starts(position.line)
            self.open_heading = _OpenHeading(int(tag.name[1]), position, inline)
        return []

    def add_text(self, text: str) -> None:
        """Text of the document, in order: part of an HTML heading while one is open."""
        if self.open_heading is not None:
            self.open_heading.parts.append(text)

    def heading_starts(self, line: int) -> None:
        """A heading starts on this line: it ends the one still open."""
        if self.open_heading is not None:
            self._close(max(self.open_heading.position.line, line - 1))

    def end_inline(self, last_line: int) -> None:
        """A paragraph (or heading, or table cell) ends: so does a heading opened in its text."""
        if self.open_heading is not None and self.open_heading.inline:
            self._close(last_line)

    def finish(self, last_line: int) -> None:
        if self.open_heading is not None:
            self._close(last_line)

    def _close(self, last_line: int) -> None:
        heading, self.open_heading = self.open_heading, None
        if heading is not None:
            self._add_heading(heading.level, "".join(heading.parts), heading.position, last_line)
