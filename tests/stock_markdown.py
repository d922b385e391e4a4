"""markdown-it-py as it comes, with the extensions the parser enables: what the parser's
own token streams are compared with, and the views of them the comparisons use."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

STOCK = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def blocks(tokens: list[Token]) -> list[tuple[str, str, list[int] | None, str]]:
    """Each token's type, markup, lines and content."""
    return [(token.type, token.markup, token.map, token.content) for token in tokens]
