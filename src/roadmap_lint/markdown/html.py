"""A small scanner for the raw HTML inside Markdown: tags with their attributes and offsets.

Raw HTML in READMEs is fragments (`<a name="x"></a>`, `<p align="center">`, an `<h2>` that
closes three blocks later), which a full HTML parser would try to repair. A tag scanner that
reports where each tag starts is all the document model needs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)"
    r"((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)"
    r"\s*/?>"
)
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True)
class Tag:
    name: str  # lower-case
    closing: bool
    attributes: dict[str, str]  # lower-case names, entity-decoded values
    start: int
    end: int


@dataclass(frozen=True)
class Comment:
    text: str  # between `<!--` and `-->`
    start: int


def comments(text: str) -> Iterator[Comment]:
    for match in _COMMENT.finditer(text):
        body = match.group()[4:]
        yield Comment(body[:-3] if body.endswith("-->") else body, match.start())


def mask_comments(text: str) -> str:
    """Blank out HTML comments, keeping every offset where it was."""
    return _COMMENT.sub(lambda m: " " * len(m.group()), text)


def scan_tags(text: str) -> Iterator[Tag]:
    for match in _TAG.finditer(mask_comments(text)):
        attributes: dict[str, str] = {}
        for attribute in _ATTRIBUTE.finditer(match.group(3)):
            value = next((v for v in attribute.group(2, 3, 4) if v is not None), "")
            attributes.setdefault(attribute.group(1).lower(), html.unescape(value))
        yield Tag(
            name=match.group(2).lower(),
            closing=bool(match.group(1)),
            attributes=attributes,
            start=match.start(),
            end=match.end(),
        )


def text_between(text: str, start: int, end: int) -> str:
    """The text content of an HTML fragment: tags and comments dropped, entities decoded."""
    fragment = _COMMENT.sub("", text[start:end])
    return html.unescape(_TAG.sub("", fragment))
