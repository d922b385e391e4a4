"""Rewriting a table of contents so that it lists its headings completely and in order.

The rewrite keeps the list's own style: bullet character or numbering (`1.` or `1)`, all
the same number or counting up), the indentation of each level, and each existing entry's
line as written (emoji, link text, trailing text), only moved, renumbered and, for a
broken or wrongly cased anchor, given the fragment the anchor fixes would give it. New
entries are `[heading text](#anchor)` (the heading's explicit anchor if it has one, else its
slug), after a prefix every sibling at their level shares.

Only a plain shape is rewritten: one list, one line per entry, each line one Markdown
link to a heading, nested as those headings are. Anything else gets no rewrite, and the
result is parsed again to make sure it reads as the TOC intended, or it is not offered.
(`toc_insert` completes other shapes without reordering them.)
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from roadmap_lint.fix.edits import destination_offset, written_fragment
from roadmap_lint.markdown import parse
from roadmap_lint.markdown.document import Document
from roadmap_lint.markdown.toc import OutlineItem
from roadmap_lint.model import Edit, Heading, LinkKind, Toc, TocEntry

ITEM = re.compile(
    r"(?P<indent> *)(?P<marker>[-*+]|(?P<number>\d{1,9})(?P<delimiter>[.)]))(?P<gap> {1,4})"
    r"(?P<body>\S.*)"
)
# Characters that could start Markdown syntax inside new link text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&~!|])")
# What must not appear before an entry's link: other links, HTML, code, escapes.
NOT_A_PREFIX = re.compile(r"[\[\]<>`\\!]")


@dataclass(frozen=True)
class PlannedEntry:
    entry: TocEntry
    heading: Heading | None  # the heading the entry names (through its fix, if broken)
    fixed_fragment: str | None  # the fragment the anchor fixes give it, if any


@dataclass(frozen=True)
class NewEntry:
    heading: Heading
    text: str  # the heading's text as the entry shows it
    fragment: str  # the id the entry links to: the heading's slug or its explicit anchor


class _Unsafe(Exception):
    """The TOC has a shape this module does not rewrite."""


@dataclass
class _Line:
    depth: int
    indent: str
    marker: str  # "-", "*", "+", or the delimiter of a numbered item: "." or ")"
    number: int | None
    gap: str
    body: str


@dataclass(frozen=True)
class _Numbering:
    same: bool  # every item carries the same number (`1.` `1.` `1.`) rather than counting
    start: int


def rewrite_toc(
    document: Document, toc: Toc, entries: list[PlannedEntry], missing: list[NewEntry]
) -> Edit | None:
    """One edit replacing the TOC's list with the complete, ordered list; None if unsafe."""
    try:
        return _rewrite(document, toc, entries, missing)
    except _Unsafe:
        return None


def _rewrite(
    document: Document, toc: Toc, entries: list[PlannedEntry], missing: list[NewEntry]
) -> Edit | None:
    lines = document.text.split("\n")
    region = _region_lines(document, toc, lines)
    parsed = _parse_lines(document, toc, region, entries)
    headings = [entry.heading for entry in entries]
    if any(h is None for h in headings) or len({id(h) for h in headings}) != len(headings):
        raise _Unsafe("an entry names no heading, or two name the same one")
    depth_of_level = _depth_of_level(entries)
    order = {id(heading): index for index, heading in enumerate(document.headings)}
    if any(id(new.heading) not in order for new in missing):
        raise _Unsafe("unknown heading")
    new_entries = {id(new.heading): new for new in missing}
    # (document position, existing entry index or None, heading)
    nodes: list[tuple[int, int | None, Heading]] = [
        (order[id(entry.heading)], index, entry.heading)
        for index, entry in enumerate(entries)
        if entry.heading is not None
    ]
    nodes += [(order[id(new.heading)], None, new.heading) for new in missing]
    nodes.sort(key=lambda node: node[0])
    if not nodes:
        return None
    depths = []
    for _, _index, heading in nodes:
        if heading.level not in depth_of_level:
            raise _Unsafe("a missing heading at a level the TOC does not list")
        depths.append(depth_of_level[heading.level])
    if depths[0] != 0 or any(b > a + 1 for a, b in itertools.pairwise(depths)):
        raise _Unsafe("the headings would nest below entries the TOC does not have")
    styles = _styles(parsed)
    numbering = _numbering(parsed)
    counters: dict[int, int] = {}
    new_region: list[str] = []
    expected: list[tuple[str, int, str]] = []  # (target, depth, text) of each new entry
    for (_, index, heading), depth in zip(nodes, depths, strict=True):
        for deeper in [d for d in counters if d > depth]:
            del counters[deeper]
        counters[depth] = counters.get(depth, 0) + 1
        indent, marker, gap, prefix = styles[depth]
        if index is not None:
            line = parsed[index]
            body, target = _existing_body(line, entries[index])
            gap = line.gap
            text = entries[index].entry.text
        else:
            text, target = _new_link(new_entries[id(heading)])
            body = f"{prefix}[{escape_link_text(text)}]({target})"
        if marker in ".)":
            rule = numbering[depth]
            number = rule.start if rule.same else rule.start + counters[depth] - 1
            marker = f"{number}{marker}"
        new_region.append(f"{indent}{marker}{gap}{body}")
        expected.append((target, depth, text))
    if new_region == region:
        return None
    start = toc.start_line
    new_lines = lines[: start - 1] + new_region + lines[start - 1 + len(region) :]
    _verify(document, toc, "\n".join(new_lines), expected, len(new_region))
    return Edit(start, 1, "\n".join(region), "\n".join(new_region))


def _new_link(new: NewEntry) -> tuple[str, str]:
    """A new entry's text and destination."""
    text, fragment = " ".join(new.text.split()), written_fragment("", new.fragment)
    if not text or fragment is None:
        raise _Unsafe("a heading that cannot be written as an entry")
    return text, "#" + fragment


def escape_link_text(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _region_lines(document: Document, toc: Toc, lines: list[str]) -> list[str]:
    """The TOC's lines, when the TOC is exactly one list (blank lines after it dropped)."""
    blocks = [b for b in document.outline if toc.start_line <= b.start_line <= toc.end_line]
    if len(blocks) != 1 or blocks[0].kind != "list" or blocks[0].start_line != toc.start_line:
        raise _Unsafe("not a single list")
    region = lines[toc.start_line - 1 : toc.end_line]
    while region and not region[-1].strip():
        region.pop()
    items = list(_walk(blocks[0].items))
    if len(items) != len(region) or any(
        len(item.links) != 1 or item.links[0].kind is not LinkKind.INLINE for item in items
    ):
        raise _Unsafe("an entry without exactly one inline link, or spanning lines")
    return region


def _walk(items: list[OutlineItem]) -> Iterator[OutlineItem]:
    for item in items:
        yield item
        yield from _walk(item.children)


def _parse_lines(
    document: Document, toc: Toc, region: list[str], entries: list[PlannedEntry]
) -> list[_Line]:
    flat = toc.flat()
    if len(flat) != len(region) or len(entries) != len(region):
        raise _Unsafe("entries and lines do not pair up")
    parsed: list[_Line] = []
    for number, (text, planned) in enumerate(zip(region, entries, strict=True)):
        entry = planned.entry
        match = ITEM.fullmatch(text)
        if match is None or entry.position.line != toc.start_line + number or "<" in text:
            raise _Unsafe("a line that is not one plain list item")
        body_start = match.start("body")
        if NOT_A_PREFIX.search(text, body_start, entry.position.column - 1):
            raise _Unsafe("something before the entry's link")
        parsed.append(
            _Line(
                depth=entry.depth,
                indent=match["indent"],
                marker=match["delimiter"] or match["marker"],
                number=int(match["number"]) if match["number"] else None,
                gap=match["gap"],
                body=match["body"],
            )
        )
    if flat != [planned.entry for planned in entries]:
        raise _Unsafe("entries out of step with the TOC")
    return parsed


def _depth_of_level(entries: list[PlannedEntry]) -> dict[int, int]:
    """Heading level → list depth, as the TOC nests; it must be one consistent mapping."""
    mapping: dict[int, int] = {}
    for planned in entries:
        assert planned.heading is not None
        level, depth = planned.heading.level, planned.entry.depth
        if mapping.setdefault(level, depth) != depth:
            raise _Unsafe("headings of one level at different depths")
    levels = sorted(mapping)
    if any(mapping[a] >= mapping[b] for a, b in itertools.pairwise(levels)):
        raise _Unsafe("nesting that does not follow heading levels")
    return mapping


def _styles(parsed: list[_Line]) -> dict[int, tuple[str, str, str, str]]:
    """Per depth: (indent, marker, gap for new entries, prefix for new entries)."""
    styles: dict[int, tuple[str, str, str, str]] = {}
    for depth in {line.depth for line in parsed}:
        lines = [line for line in parsed if line.depth == depth]
        indents = {line.indent for line in lines}
        markers = {line.marker for line in lines}
        if len(indents) != 1 or len(markers) != 1:
            raise _Unsafe("one level written in several styles")
        gap = Counter(line.gap for line in lines).most_common(1)[0][0]
        prefixes = {line.body[: line.body.find("[")] for line in lines}
        prefix = prefixes.pop() if len(prefixes) == 1 and len(lines) > 1 else ""
        styles[depth] = (indents.pop(), markers.pop(), gap, prefix)
    return styles


def _numbering(parsed: list[_Line]) -> dict[int, _Numbering]:
    """Per depth of a numbered list: whether items count up, and from where."""
    groups: dict[tuple[int, int], list[int]] = {}  # (depth, parent line) → numbers
    parents: dict[int, int] = {}  # depth → index of the latest line at that depth
    for index, line in enumerate(parsed):
        parents[line.depth] = index
        if line.number is not None:
            key = (line.depth, parents.get(line.depth - 1, -1))
            groups.setdefault(key, []).append(line.number)
    numbering: dict[int, _Numbering] = {}
    for (depth, _), numbers in groups.items():
        if len(numbers) == 1:
            continue
        if all(n == numbers[0] for n in numbers):
            rule = _Numbering(same=True, start=numbers[0])
        elif numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            rule = _Numbering(same=False, start=numbers[0])
        else:
            raise _Unsafe("irregular numbering")
        if numbering.setdefault(depth, rule) != rule:
            raise _Unsafe("lists of one level numbered differently")
    for (depth, _), numbers in groups.items():
        numbering.setdefault(depth, _Numbering(same=False, start=numbers[0]))
        if len(numbers) == 1 and numbering[depth].start != numbers[0]:
            raise _Unsafe("lists of one level numbered differently")
    return numbering


def _existing_body(line: _Line, planned: PlannedEntry) -> tuple[str, str]:
    """An existing entry's text as written, with its anchor fixed; and its new target."""
    target = planned.entry.target or ""
    if planned.fixed_fragment is None:
        return line.body, target
    fragment = written_fragment(target[1:], planned.fixed_fragment)
    link_start = line.body.find("[")
    offset = destination_offset(line.body, link_start, LinkKind.INLINE, target)
    if fragment is None or offset is None:
        raise _Unsafe("an anchor that cannot be fixed in place")
    new_target = "#" + fragment
    body = line.body[:offset] + new_target + line.body[offset + len(target) :]
    return body, new_target


def _verify(
    document: Document,
    toc: Toc,
    new_text: str,
    expected: list[tuple[str, int, str]],
    length: int,
) -> None:
    """Parse the rewritten document: the TOC must read exactly as planned, all else as before."""
    rewritten = parse(new_text, document.path)
    new_toc = rewritten.toc
    if new_toc is None or new_toc.start_line != toc.start_line:
        raise _Unsafe("the rewrite is not read as the TOC")
    found = [(entry.target, entry.depth, " ".join(entry.text.split())) for entry in new_toc.flat()]
    wanted = [(target, depth, " ".join(text.split())) for target, depth, text in expected]
    if found != wanted:
        raise _Unsafe("the rewrite reads differently from the plan")
    if [(h.level, h.slug) for h in rewritten.headings] != [
        (h.level, h.slug) for h in document.headings
    ]:
        raise _Unsafe("the rewrite changes the headings")
    added = length - (len(toc.flat()))
    if len(rewritten.links) != len(document.links) + added:
        raise _Unsafe("the rewrite changes other links")
    if len(rewritten.outline) != len(document.outline):
        raise _Unsafe("the rewrite changes the blocks around the TOC")
