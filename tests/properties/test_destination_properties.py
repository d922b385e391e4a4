"""The parser's link destination reader agrees with markdown-it's on any text.

`roadmap_lint.markdown.destination` replaces markdown-it's character-by-character reader
with regex searches; it must find the same destination, end and validity everywhere.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markdown_it.helpers import parseLinkDestination

from roadmap_lint.markdown.destination import parse_link_destination

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
