"""The parser's link label and destination readers agree with markdown-it's on any text.

`roadmap_lint.markdown.destination` replaces markdown-it's character-by-character readers
with regex searches; they must find the same label end, destination and validity everywhere.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markdown_it.helpers import parseLinkDestination, parseLinkLabel
from markdown_it.rules_inline import StateInline

from roadmap_lint.markdown.destination import parse_link_destination, parse_link_label
from roadmap_lint.markdown.parser import shared_parser

# The characters the reader treats specially, plus ordinary ones, so that the interesting
# cases (escapes, nesting, control characters, `<…>`) come up often.
_ALPHABET = st.sampled_from(list("<>()\\ \n\t\x00\x1f\x7f\x80ab/:.é😀"))
texts = st.text(_ALPHABET, max_size=60)


@given(texts, st.integers(0, 60), st.integers(0, 70))
def test_same_result_as_markdown_it(text: str, start: int, stop: int) -> None:
    start = min(start, len(text))
    maximum = min(stop, len(text))
    ours = parse_link_destination(text, start, maximum)
    theirs = parseLinkDestination(text, start, maximum)
    assert (ours.ok, ours.pos, ours.str) == (theirs.ok, theirs.pos, theirs.str)


def test_examples() -> None:
    for text in ("<a b>", "a(b)c d", "a\\ b", "((((", "a)", "<a\nb>", "a\\", "(" * 40 + ")" * 40):
        ours = parse_link_destination(text, 0, len(text))
        theirs = parseLinkDestination(text, 0, len(text))
        assert (ours.ok, ours.pos, ours.str) == (theirs.ok, theirs.pos, theirs.str), text


# Characters that matter in a label: brackets, code spans, autolinks and HTML, escapes,
# entities, emphasis and line breaks, with plain letters between them.
_LABEL_ALPHABET = st.sampled_from(list("[]`<>\\&;#*_~!\n -:ab1é"))


def _inline_state(text: str, level: int = 0) -> StateInline:
    parser = shared_parser()
    state = StateInline(text, parser, {}, [])
    state.level = level
    return state


@given(st.text(_LABEL_ALPHABET, max_size=40), st.booleans(), st.integers(0, 25))
def test_labels_end_where_markdown_it_ends_them(body: str, nested: bool, level: int) -> None:
    text = "[" + body
    ours = parse_link_label(_inline_state(text, level), 0, nested)
    theirs = parseLinkLabel(_inline_state(text, level), 0, nested)
    assert ours == theirs


def test_label_examples() -> None:
    for text in ("[plain]", "[a `]` b]", "[a <b]>]", "[a \\] b]", "[a [b] c]", "[a", "[&amp;]"):
        for nested in (False, True):
            ours = parse_link_label(_inline_state(text), 0, nested)
            theirs = parseLinkLabel(_inline_state(text), 0, nested)
            assert ours == theirs, text
