"""The parser's guarded block rules find exactly markdown-it's blocks in any document.

`roadmap_lint.markdown.parser` skips block rules where they cannot match: a thematic break
needs three of its marks, a setext heading an underline before the next blank line. Lines
built from the pieces that decide those cases (underlines, rules, list markers, quotes,
indentation, blank lines) must give the same token stream as markdown-it's own parser.
Tables are left out: their rows are kept in a compact form of their own.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_lint.markdown.parser import shared_parser
from tests.stock_markdown import STOCK, blocks

_PREFIXES = ["", " ", "  ", "    ", "\t", "> ", ">", "> > ", "- ", "* ", "1. ", "  - ", "> - "]
_BODIES = [
    "text",
    "[a](b)",
    "===",
    "---",
    "- - -",
    "***",
    "* * *",
    "_ _ _",
    "-- -x",
    "= =",
    "==  ",
    "-",
    "",
    "# h",
    "```",
    "<div>",
    "[x]: /y",
]
_LINES = st.builds(
    lambda prefix, body: prefix + body, st.sampled_from(_PREFIXES), st.sampled_from(_BODIES)
)


@settings(max_examples=400)
@given(st.lists(_LINES, min_size=1, max_size=12))
def test_same_blocks_as_markdown_it(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    assert blocks(shared_parser().parse(text, {})) == blocks(STOCK.parse(text, {}))
