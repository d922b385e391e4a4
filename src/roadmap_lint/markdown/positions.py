"""Where content the Markdown parser hands over sits in the source: exact line and column.

markdown-it gives block tokens line ranges but not columns, and strips container markers
(`> `, list indentation) and table pipes from the text it parses inline; these maps undo
that, so every link can be reported at its exact 1-based line and column.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

from roadmap_lint.model import Position

_ATX_MARKER = re.compile("#+")


class LineMap:
    """Maps offsets in an inline or HTML block's content back to source line and column.

    markdown-it hands a block's content over with container markers (`>`, list indents) and
    surrounding white space stripped, table cells split and `\\|` unescaped. Each content line
    is placed in its source line once; an offset then costs a binary search.
    """

    def __init__(self) -> None:
        self.starts: list[int] = []  # offset in the content where each content line begins
        self.lines: list[int] = []  # its 0-based source line
        self.origins: list[int] = []  # source column (0-based) of its first character
        # content offsets before which the source has one character more (`\\|` for `|`)
        self.skips: list[Sequence[int]] = []

    def add(self, start: int, line: int, origin: int, skips: Sequence[int] = ()) -> None:
        self.starts.append(start)
        self.lines.append(line)
        self.origins.append(origin)
        self.skips.append(skips)

    def position(self, offset: int) -> Position:
        index = max(0, bisect_right(self.starts, offset) - 1)
        relative = offset - self.starts[index]
        column = self.origins[index] + relative + bisect_right(self.skips[index], relative)
        return Position(self.lines[index] + 1, max(1, column + 1))

    @classmethod
    def for_tail(cls, content: str, first_line: int, lines: list[str]) -> LineMap:
        """Paragraphs, setext headings, HTML blocks: each content line ends its source line.

        Aligning at the end is exact even when markdown-it expanded a tab at the start of a
        line into spaces: only the padding itself has no source column.
        """
        line_map = cls()
        offset = 0
        for index, content_line in enumerate(content.split("\n")):
            line = min(first_line + index, len(lines) - 1)
            source = lines[line].rstrip()
            wanted = content_line.rstrip()
            core = wanted.lstrip()
            if not core:
                origin = len(source)
            elif source.endswith(core):
                origin = len(source) - len(wanted)
            else:  # not expected; fall back to the first occurrence
                found = source.find(core)
                origin = found - (len(wanted) - len(core)) if found >= 0 else 0
            line_map.add(offset, line, origin)
            offset += len(content_line) + 1
        return line_map

    @classmethod
    def for_atx_heading(cls, content: str, line: int, lines: list[str]) -> LineMap:
        """`## text ##`: the text follows the first run of `#` (no container marker has one)."""
        source = lines[line] if line < len(lines) else ""
        marker = _ATX_MARKER.search(source)
        found = source.find(content, marker.end() if marker else 0) if content else -1
        line_map = cls()
        line_map.add(0, line, found if found >= 0 else len(source.rstrip()))
        return line_map

    @classmethod
    def for_table_cell(
        cls, content: str, line: int, lines: list[str], cursor: int
    ) -> tuple[LineMap, int]:
        """A cell of a table row, searched from `cursor` (the end of the previous cell).

        Returns the map and where the next cell's search starts.
        """
        source = lines[line] if line < len(lines) else ""
        origin, skips = _find_cell(content, source, cursor)
        line_map = cls()
        line_map.add(0, line, origin, skips)
        return line_map, origin + len(content) + len(skips)


def _find_cell(content: str, source: str, cursor: int) -> tuple[int, list[int]]:
    """Where a table cell's content starts in its row, and where `\\|` became `|`."""
    if not content:
        return cursor, []
    if "|" not in content:
        found = source.find(content, cursor)
        return (found, []) if found >= 0 else (cursor, [])
    candidate = source.find(content[0], cursor)
    while candidate >= 0:
        skips = _align_cell(content, source, candidate)
        if skips is not None:
            return candidate, skips
        candidate = source.find(content[0], candidate + 1)
    return cursor, []


def _align_cell(content: str, source: str, start: int) -> list[int] | None:
    skips: list[int] = []
    position = start
    for index, character in enumerate(content):
        if source.startswith(character, position):
            position += 1
        elif character == "|" and source.startswith("\\|", position):
            skips.append(index)
            position += 2
        else:
            return None
    return skips


def shifted(line_map: LineMap, start: int) -> Callable[[int], Position]:
    """Positions of offsets into a fragment that starts at `start` of the mapped content."""
    return lambda offset: line_map.position(start + offset)
