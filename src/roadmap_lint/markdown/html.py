"""The raw HTML inside Markdown, read by the standard library's HTML parser.

Raw HTML in READMEs comes in fragments (`<a name="x"></a>`, `<p align="center">`, an `<h2>`
that closes three blocks later). `html.parser` tokenizes each fragment as a browser would,
without building or repairing a tree: tag and attribute names lower-cased, entities decoded,
unquoted values that hold `=` (`<a href=https://youtu.be/watch?v=x>`) kept whole. What the
fragment means for the document (anchors, links, headings) is `raw_html.py`'s business.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

_NEWLINE = re.compile("\n")
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_COMMENT_OPEN = "<!--"
_CACHED_LENGTH = 80


@dataclass(frozen=True)
class Tag:
    name: str  # lower-case
    closing: bool
    attributes: dict[str, str]  # lower-case names, entity-decoded values; the first one wins
    start: int  # offsets into the fragment: `<` and just after `>`
    end: int


@dataclass(frozen=True)
class Comment:
    text: str  # between `<!--` and `-->`
    start: int
    end: int  # just after `-->`; the fragment's end for a comment never closed


@dataclass(frozen=True)
class Text:
    text: str  # entity-decoded
    start: int


Event = Tag | Comment | Text


class _Reader(HTMLParser):
    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.fragment = fragment
        self.events: list[Event] = []
        self._line_starts = [0, *(match.end() for match in _NEWLINE.finditer(fragment))]

    def where(self) -> int:
        """Where the parser is in the fragment: the construct being read, or the end."""
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _end_of(self, start: int) -> int:
        found = self.fragment.find(">", start)
        return found + 1 if found >= 0 else len(self.fragment)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self.where()
        attributes: dict[str, str] = {}
        for name, value in attrs:
            attributes.setdefault(name, value or "")
        raw = self.get_starttag_text() or ""
        self.events.append(Tag(tag, False, attributes, start, start + len(raw)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # `<a name="x"/>` opens an element like `<a name="x">`: HTML ignores the slash.
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        start = self.where()
        self.events.append(Tag(tag, True, {}, start, self._end_of(start)))

    def handle_comment(self, data: str) -> None:
        start = self.where()
        if not self.fragment.startswith(_COMMENT_OPEN, start):
            return  # a bogus comment (`<!x>`, `</ x>`) is no comment to read
        end = self._end_of(start + len(_COMMENT_OPEN) + len(data))
        self.events.append(Comment(data, start, end))

    def handle_data(self, data: str) -> None:
        self.events.append(Text(data, self.where()))


def read_html(fragment: str) -> tuple[Event, ...]:
    """The tags, comments and text of an HTML fragment, in order, with their offsets.

    What is left unfinished at the end is read as a browser reads the end of a page: a
    comment runs to the end, a tag cut short is dropped. (html.parser's own `close()` would
    rescan the rest once for every `<` in it, which takes minutes on a few kilobytes of
    `<a <a <a` in the Python versions before 3.13.4.)
    """
    if len(fragment) <= _CACHED_LENGTH:
        return _read_short(fragment)
    return _read(fragment)


@functools.lru_cache(maxsize=512)  # READMEs repeat their short tags: `</a>`, `<br>`, `</p>`
def _read_short(fragment: str) -> tuple[Event, ...]:
    return _read(fragment)


def _read(fragment: str) -> tuple[Event, ...]:
    if "<" not in fragment and "&" not in fragment:
        return (Text(fragment, 0),) if fragment else ()
    reader = _Reader(fragment)
    # `<![` opens a bogus comment in HTML content; html.parser's reading of it as an SGML
    # marked section fails on anything but a name (`<![ x`). The same length keeps offsets.
    reader.feed(fragment.replace("<![", "<!_"))
    rest = reader.where()
    if fragment.startswith(_COMMENT_OPEN, rest):
        text = fragment[rest + len(_COMMENT_OPEN) :]
        reader.events.append(Comment(text, rest, len(fragment)))
    elif rest < len(fragment) and not fragment.startswith("<", rest):
        reader.close()  # text held back for a possible `&…;`: it has no `<`, so no rescans
    return tuple(reader.events)


def starts_with_tag(fragment: str, names: frozenset[str]) -> bool:
    """Whether the fragment's first tag, with nothing but white space before it, is one of these."""
    for event in read_html(fragment):
        if isinstance(event, Text) and not event.text.strip():
            continue
        return isinstance(event, Tag) and not event.closing and event.name in names
    return False
