"""Link labels and destinations read as markdown-it reads them, with the scanning done by
regexes.

markdown-it's `parseLinkDestination` steps through a destination one character at a time
in Python, and `parseLinkLabel` tries every inline rule at each stop in the label; a
roadmap has thousands of links. These functions jump from one character that matters to
the next with `re.search` and give exactly the same results. The parser installs them as
its `helpers` (see `parser._Parser`), markdown-it's extension point for them.
"""

from __future__ import annotations

import re
from types import ModuleType

from markdown_it import helpers
from markdown_it.common.utils import unescapeAll
from markdown_it.rules_inline import StateInline

# In `<…>`: a line break or `<` ends it unclosed, `>` closes it, `\` escapes what follows.
_ANGLE_STOP = re.compile(r"[\n<>\\]")
# Bare: a space or control character ends it, `\` escapes, parentheses must balance.
_BARE_STOP = re.compile(r"[\x00-\x20\x7f\\()]")
_MAX_PARENTHESES = 32  # markdown-it's limit on nested parentheses in a bare destination
# In a label, the characters at which an inline rule could read past a `]` (a code span, an
# autolink or raw HTML, an escape) or open a nested label. In a label without them, every
# rule markdown-it tries stops before the first `]`, so that `]` ends it.
_LABEL_STOP = re.compile(r"[\]\[`<\\]")


class Destination:
    """What markdown-it's rules read of a destination: found or not, where it ends, its text."""

    __slots__ = ("ok", "pos", "str")

    def __init__(self, ok: bool = False, pos: int = 0, text: str = "") -> None:
        self.ok = ok
        self.pos = pos
        self.str = text


def parse_link_destination(string: str, pos: int, maximum: int) -> Destination:
    """The destination starting at `pos`, `<…>` or bare, read no further than `maximum`."""
    if string.startswith("<", pos):
        return _angle(string, pos, maximum)
    return _bare(string, pos, maximum)


def _angle(string: str, start: int, maximum: int) -> Destination:
    pos = start + 1
    while (stop := _ANGLE_STOP.search(string, pos, maximum)) is not None:
        pos = stop.start()
        character = string[pos]
        if character == ">":
            return Destination(True, pos + 1, unescapeAll(string[start + 1 : pos]))
        if character != "\\":
            return Destination()  # a line break or `<`
        pos += 2 if pos + 1 < maximum else 1
    return Destination()  # no closing `>`


def _bare(string: str, start: int, maximum: int) -> Destination:
    pos, level = start, 0
    while (stop := _BARE_STOP.search(string, pos, maximum)) is not None:
        pos = stop.start()
        character = string[pos]
        if character == "\\":
            if pos + 1 >= maximum:  # a last `\` is an ordinary character
                pos = maximum
                break
            if string[pos + 1] == " ":
                break
            pos += 2
            continue
        if character == "(":
            level += 1
            if level > _MAX_PARENTHESES:
                return Destination()
        elif character == ")" and level > 0:
            level -= 1
        else:  # a space, a control character or an unbalanced `)`
            break
        pos += 1
    else:  # nothing stops it before `maximum`
        pos = max(pos, maximum)
    if pos == start or level != 0:
        return Destination()
    return Destination(True, pos, unescapeAll(string[start:pos]))


def parse_link_label(state: StateInline, start: int, disable_nested: bool = False) -> int:
    """Where the label opened by the `[` at `start` ends (its `]`), or -1: markdown-it's
    answer, found at once for a label of plain text."""
    if state.level < state.md.options["maxNesting"]:
        stop = _LABEL_STOP.search(state.src, start + 1, state.posMax)
        if stop is None:
            return -1  # no `]` at all
        if state.src[stop.start()] == "]":
            return stop.start()
    return helpers.parseLinkLabel(state, start, disable_nested)


def link_helpers() -> ModuleType:
    """markdown-it's `helpers` module, with `parseLinkDestination` and `parseLinkLabel`
    replaced by the ones above."""
    module = ModuleType(helpers.__name__, helpers.__doc__)
    vars(module).update(
        vars(helpers),
        parseLinkDestination=parse_link_destination,
        parseLinkLabel=parse_link_label,
    )
    return module
