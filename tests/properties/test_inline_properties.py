"""The parser's inline tokens are markdown-it's, for any text.

`roadmap_lint.markdown.parser` stops plain text only where one of its inline rules can
start, and wraps the rules that make links, images, code and raw HTML. Text built from
every character markdown-it stops at (those kept for extensions too) must give the same
token stream as markdown-it's own parser; only where each tracked token starts is added.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from roadmap_lint.markdown.parser import shared_parser
from tests.stock_markdown import STOCK

_PIECES = st.sampled_from(
    [
        *"\n!#$%&*+-:<=>@[\\]^_`{}~()\"' ",
        "a",
        "b c",
        "[a](b)",
        "![x](y)",
        "<a>",
        "<http://a.b>",
        "&amp;",
        "&#35;",
        "**",
        "__",
        "~~",
        "``",
        "\\[",
        "  \n",
        "[a]",
        "[a]: /u\n\n",
        "www.a.bc",
    ]
)


def _inline(tokens: list[Token]) -> list[tuple[str, str, str, str]]:
    found = []
    for token in tokens:
        found.append((token.type, token.tag, token.markup, token.content))
        for child in token.children or []:
            found.append((child.type, child.tag, child.markup, child.content))
    return found


@settings(max_examples=500)
@given(st.lists(_PIECES, min_size=1, max_size=25))
def test_same_inline_tokens_as_markdown_it(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _inline(shared_parser().parse(text, {})) == _inline(STOCK.parse(text, {}))


def test_examples() -> None:
    for text in (
        "- [Name](https://a.example/x-y) - a description: with #tags, +1 and a@b.c",
        "a - b *em* _em_ ~~del~~ `code` <span>x</span> &amp; \\* ![i](j)",
        "[label with - and : inside][ref]\n\n[ref]: /url",
        "line  \nbreak\\\nnext",
    ):
        assert _inline(shared_parser().parse(text, {})) == _inline(STOCK.parse(text, {})), text
