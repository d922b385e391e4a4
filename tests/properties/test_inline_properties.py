"""The parser's inline tokens are markdown-it's, for any text.

`roadmap_lint.markdown.parser` stops plain text only where one of its inline rules can
start, and wraps the rules that make links, images, code and raw HTML. Text built from
every character markdown-it stops at (those kept for extensions too) must give the same
token stream as markdown-it's own parser; only where each tracked token starts is added.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from roadmap_lint.markdown.parser import plain_link_entry, shared_parser
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


# Pieces of a link entry: plain ones, and characters that may or may not stop it being one.
_LABEL_PIECES = st.sampled_from(
    ["Name", "a b", " ", "1.", "🐍", "é", ":", "-", "#", "(", ")", "|", "\u00a0", *"*_`~[]!<&\\"]
)
_URL_PIECES = st.sampled_from(
    [
        "https://a.example",
        "/path",
        "#frag",
        "?q=1",
        "%20",
        "%zz",
        "é",
        "\u00a0",
        "javascript:x",
        "mailto:a@b.c",
        "*",
        "_",
        "[",
        "]",
        *"() <>\\&\"'",
    ]
)
_TAIL_PIECES = st.sampled_from(
    ["", " - a description.", " (video)", ":", " www.a.bc", *"*_`[!<&\\"]
)


@settings(max_examples=1000)
@example("*Name*", "/x", "")
@example("Name", "/x", " _b_")
@example("a~~b~~", "/x", "")
@example("Name", "/x?a&amp;b", "")
@example("Name", "/a\\_b", "")
@given(
    st.lists(_LABEL_PIECES, min_size=1, max_size=4).map("".join),
    st.lists(_URL_PIECES, min_size=1, max_size=4).map("".join),
    st.lists(_TAIL_PIECES, max_size=3).map("".join),
)
def test_a_plain_link_entry_gets_the_tokens_markdown_its_rules_make(
    label: str, url: str, tail: str
) -> None:
    content = f"[{label}]({url}){tail}"
    parser = shared_parser()
    made = plain_link_entry(content, parser)
    if made is not None:
        read: list[Token] = []
        parser.inline.parse(content, parser, {}, read)
        assert made == read, content


def test_the_entries_of_a_list_are_plain_link_entries() -> None:
    for content in (
        "[Python](https://www.python.org/) - the language's site.",
        "[🐍 1. Programming Basics](#-1-programming-basics)",
        "[Graphs (abstract data type)](https://en.wikipedia.org/wiki/Graph_theory)",
    ):
        assert plain_link_entry(content, shared_parser()) is not None, content
