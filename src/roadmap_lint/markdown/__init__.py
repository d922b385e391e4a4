"""Markdown as github.com renders it: the document model and everything read from the text.

The only package that uses markdown-it-py. `parse` turns text into a `Document`: headings
with their slugs, explicit anchors, links with exact positions, entries, the table of
contents, comments and block ranges. Everything a rule reads comes from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document


def parse(text: str, path: str = "<text>") -> Document:
    """Parse Markdown text (already decoded, BOM removed) into a Document.

    The parser, and markdown-it-py with it, is loaded only when a file is parsed: a run
    whose every file result is reused from the cache never needs it.
    """
    from .parser import parse_document

    return parse_document(text, path)
