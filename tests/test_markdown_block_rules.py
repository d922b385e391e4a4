"""The parser's block rules are markdown-it's, wrapped to skip at once the lines they cannot
start at (see `markdown.parser`): the blocks found must be exactly markdown-it's own, also
where one block ends another (nested lists, a paragraph cut short by a list, a heading, a
fence, a quote, a rule or HTML) and for reference definitions.
"""

from __future__ import annotations

import pytest
from markdown_it.token import Token

from roadmap_lint.markdown.parser import block_token, shared_parser
from tests.stock_markdown import STOCK, blocks

CASES = [
    " - foo\n   - bar\n\t - baz\n",
    "- a\n  - b\n    - c\n- d\n",
    "1. one\n2) two\n10. ten\n",
    "para\n- item\n",
    "para\n2. not a list\n",
    "para\n# heading\n",
    "para\n```\ncode\n```\n",
    "para\n~~~\ncode\n~~~\n",
    "para\n> quote\n",
    "para\n***\n",
    "para\n---\n",
    "para\n<div>\nx\n</div>\n",
    "    code\n- x\n",
    "> - a\n>   b\n> c\n",
    "- [Name](https://example.com) text\n- [Other][ref]\n\n[ref]: https://example.org\n",
    '[a]: /url\n[b]:\n/u "title"\n\n[a] [b]\n',
    "[not a definition] text\n[x\\]]: /y\n\n[x\\]]\n",
    "[a\nb]: /multi-line-label\n\n[a b]\n",
    "[a [b]]: /nested\n",
    "- [x]: /in-a-list\n",
    "#not a heading\n##\n###### six\n####### seven\n",
    "<!-- comment -->\n<span>inline</span> text\n",
    "- a\n\n  b\n\n- c\n",
    "*\t*\t*\n+ plus\n* star\n",
    # setext headings (tried only above an underline) and thematic breaks (three marks)
    "Title\n===\n",
    "Two\nlines\n---\n",
    "- item\n  text\n  ---\n",
    "> quote\n> ===\n",
    "> quote\nlazy\n===\n",
    "para\n\n---\n",
    "- a\n- b\n---\n",
    "text\n    ---\n",
    "- - -\n* * *\n_\t_\t_\n",
    "-\n--\n",
]


@pytest.mark.parametrize("text", CASES)
def test_same_blocks_as_markdown_it(text: str) -> None:
    assert blocks(shared_parser().parse(text, {})) == blocks(STOCK.parse(text, {}))


def test_block_tokens_are_markdown_its() -> None:
    """The parser's quick way of making a block token sets every field `Token` has."""
    made = block_token("heading_open", "h2", 1, 3)
    assert made == Token("heading_open", "h2", 1, level=3, block=True)
    assert type(made) is Token
