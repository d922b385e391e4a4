"""Completing a table of contents by inserting entries, every existing line left as it is.

This suits any TOC whose entries are one line each, also one made of several lists under
sub-headings, or one with cross-references or an alphabetical order that a rewrite in
document order would destroy. Each new entry goes next to a sibling entry (after its
nested entries, or before it), written in that list's style: indentation, bullet or number
(the following numbers counted on), a prefix and a suffix every sibling shares (`**[…](…)**`).
The result is parsed again: it must read as the old TOC with exactly the new entries added.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from roadmap_lint.fix.edits import written_fragment
from roadmap_lint.fix.toc_rewrite import NOT_A_PREFIX, NewEntry, escape_link_text
from roadmap_lint.markdown import parse
from roadmap_lint.markdown.document import Document
from roadmap_lint.markdown.toc import OutlineBlock, OutlineItem
from roadmap_lint.model import Edit, Toc, TocEntry

# A list item's line; its indentation may hold tabs, which a new line copies as they are.
_ITEM = re.compile(
    r"(?P<indent>[ \t]*)(?P<marker>[-*+]|(?P<number>\d{1,9})(?P<delimiter>[.)]))"
    r"(?P<gap>[ \t]{1,4})(?P<body>\S.*)"
)
# The link an entry's line starts with: `[text](#fragment)`.
_ENTRY_LINK = re.compile(r"\[(?:[^\[\]\\]|\\.)*\]\(<?#[^\s()<>]*>?\)")


@dataclass(frozen=True)
class Placement:
    new: NewEntry
    sibling: TocEntry  # an entry of the list the new one joins
    after: bool  # after the sibling and its nested entries, else right before it
    rank: tuple[str, int] = ("", 0)  # orders new entries that go to the same place


class Unsafe(Exception):
    """Why the TOC cannot be completed this way."""


def insert_entries(document: Document, toc: Toc, placements: list[Placement]) -> Edit | str:
    """One edit adding the new entries to the TOC, or why that cannot be done safely."""
    try:
        return _insert(document, toc, placements)
    except Unsafe as problem:
        return str(problem)


def _insert(document: Document, toc: Toc, placements: list[Placement]) -> Edit:
    lines = document.text.split("\n")
    flat = toc.flat()
    index = {id(entry): number for number, entry in enumerate(flat)}
    blocks = [_block_of(document, toc, p.sibling) for p in placements]
    first = min(block.start_line for block in blocks)
    last = max(_last_line(block, lines) for block in blocks)
    for block in {id(b): b for b in blocks}.values():
        _check_block(block)
    inserted: dict[int, list[str]] = {}  # line number → new lines to put before it
    planned: list[tuple[float, int, tuple[str | None, int, str]]] = [
        (number, 0, _reading(entry.target, entry.depth, entry.text))
        for number, entry in enumerate(flat)
    ]
    for sequence, placement in enumerate(placements, 1):
        entry = _last_descendant(placement.sibling) if placement.after else placement.sibling
        line = entry.position.line
        if placement.after:
            line = _end_line(entry, flat, index, lines, blocks[sequence - 1]) + 1
        inserted.setdefault(line, []).append(_new_line(placement, lines, flat))
        where = index[id(entry)] + (0.5 if placement.after else -0.5)
        new = placement.new
        target = "#" + (written_fragment("", new.fragment) or "")
        planned.append((where, sequence, _reading(target, placement.sibling.depth, new.text)))
    new_region: list[str] = []
    new_lines: set[int] = set()
    for number in range(first, last + 2):
        for text in inserted.get(number, []):
            new_lines.add(len(new_region))
            new_region.append(text)
        if number <= last:
            new_region.append(lines[number - 1])
    new_region = _renumbered(new_region, new_lines)
    old_region = lines[first - 1 : last]
    new_text = "\n".join(lines[: first - 1] + new_region + lines[last:])
    expected = [reading for _, _, reading in sorted(planned, key=lambda triple: triple[:2])]
    _verify(document, toc, new_text, expected, len(placements))
    return Edit(first, 1, "\n".join(old_region), "\n".join(new_region))


def reorder_siblings(document: Document, toc: Toc, groups: list[list[TocEntry]]) -> Edit | str:
    """One edit putting each group of sibling entries in the order given, or why it cannot.

    Each entry moves with its nested entries and continuation lines; every line keeps its
    text but for a list number, which stays with its place (`1.` `2.` `3.`).
    """
    try:
        return _reorder(document, toc, groups)
    except Unsafe as problem:
        return str(problem)


def _reorder(document: Document, toc: Toc, groups: list[list[TocEntry]]) -> Edit:
    lines = document.text.split("\n")
    flat = toc.flat()
    index = {id(entry): number for number, entry in enumerate(flat)}
    new_lines = list(lines)
    for wanted in groups:
        current = sorted(wanted, key=lambda entry: index[id(entry)])
        spans = [_span(entry, flat, index, lines, document, toc) for entry in current]
        if any(a[1] + 1 != b[0] for a, b in itertools.pairwise(spans)):
            raise Unsafe("lines between the entries to reorder")
        for entry in current:
            _check_block(_block_of(document, toc, entry))
        _check_numbers([lines[start - 1] for start, _ in spans])
        blocks = {
            id(e): lines[start - 1 : end] for e, (start, end) in zip(current, spans, strict=True)
        }
        region: list[str] = []
        for place, entry in enumerate(wanted):
            block = list(blocks[id(entry)])
            block[0] = _with_marker(block[0], lines[spans[place][0] - 1])
            region.extend(block)
        new_lines[spans[0][0] - 1 : spans[-1][1]] = region
    spans = [_span(e, flat, index, lines, document, toc) for g in groups for e in g]
    first, last = min(start for start, _ in spans), max(end for _, end in spans)
    new_text = "\n".join(new_lines)
    expected = _reordered_reading(flat, groups)
    _verify(document, toc, new_text, expected, 0)
    return Edit(
        first, 1, "\n".join(lines[first - 1 : last]), "\n".join(new_lines[first - 1 : last])
    )


def _check_numbers(firsts: list[str]) -> None:
    """Numbered siblings must count up (or all carry one number) for their places to move."""
    matches = [_ITEM.fullmatch(line) for line in firsts]
    numbers = [int(m["number"]) for m in matches if m is not None and m["number"] is not None]
    if (
        numbers
        and len(set(numbers)) > 1
        and numbers != list(range(numbers[0], numbers[0] + len(numbers)))
    ):
        raise Unsafe("irregular numbering")


def _span(
    entry: TocEntry,
    flat: list[TocEntry],
    index: dict[int, int],
    lines: list[str],
    document: Document,
    toc: Toc,
) -> tuple[int, int]:
    """The first and last line of an entry with everything nested in it."""
    last = _last_descendant(entry)
    block = _block_of(document, toc, last)
    return entry.position.line, _end_line(last, flat, index, lines, block)


def _with_marker(line: str, place: str) -> str:
    """The line with the list number of the line whose place it takes."""
    match, there = _ITEM.fullmatch(line), _ITEM.fullmatch(place)
    if match is None or there is None:
        raise Unsafe("a line that is not a plain list item")
    if match["indent"] != there["indent"]:
        raise Unsafe("siblings indented differently")
    return f"{match['indent']}{there['marker']}{match['gap']}{match['body']}"


def _reordered_reading(
    flat: list[TocEntry], groups: list[list[TocEntry]]
) -> list[tuple[str | None, int, str]]:
    """How the TOC should read once each group is in its new order."""
    group_of = {id(entry): group for group in groups for entry in group}
    order: list[TocEntry] = []
    done: set[int] = set()
    for entry in flat:
        if id(entry) in done:
            continue
        group = group_of.get(id(entry))
        for member in group if group is not None else [entry]:
            for nested in member.walk() if group is not None else [member]:
                order.append(nested)
                done.add(id(nested))
    return [_reading(e.target, e.depth, e.text) for e in order]


def _block_of(document: Document, toc: Toc, entry: TocEntry) -> OutlineBlock:
    for block in document.outline:
        in_toc = block.kind == "list" and toc.start_line <= block.start_line <= toc.end_line
        if in_toc and block.start_line <= entry.position.line <= block.end_line:
            return block
    raise Unsafe("an entry outside the TOC's lists")


def _last_line(block: OutlineBlock, lines: list[str]) -> int:
    last = block.end_line
    while last > block.start_line and not lines[last - 1].strip():
        last -= 1
    return last


def _check_block(block: OutlineBlock) -> None:
    if any(len([k for k in item.links if not k.is_image]) > 1 for item in _walk(block.items)):
        raise Unsafe("an entry holds several links")


def _walk(items: list[OutlineItem]) -> list[OutlineItem]:
    result: list[OutlineItem] = []
    for item in items:
        result.append(item)
        result.extend(_walk(item.children))
    return result


def _end_line(
    entry: TocEntry,
    flat: list[TocEntry],
    index: dict[int, int],
    lines: list[str],
    block: OutlineBlock,
) -> int:
    """The last line of an entry, which may go on over lines of its own."""
    following = index[id(entry)] + 1
    end = _last_line(block, lines)
    if following < len(flat) and flat[following].position.line <= end:
        end = flat[following].position.line - 1
    while end > entry.position.line and not lines[end - 1].strip():
        end -= 1
    return end


def _last_descendant(entry: TocEntry) -> TocEntry:
    while entry.children:
        entry = entry.children[-1]
    return entry


def _new_line(placement: Placement, lines: list[str], flat: list[TocEntry]) -> str:
    sibling = placement.sibling
    match = _ITEM.fullmatch(lines[sibling.position.line - 1])
    if match is None:
        raise Unsafe("a line that is not a plain list item")
    prefix, suffix = _shared_affixes(_siblings(sibling, flat), lines)
    fragment = written_fragment("", placement.new.fragment)
    text = " ".join(placement.new.text.split())
    if fragment is None or not text:
        raise Unsafe("a heading that cannot be written as an entry")
    marker = match["marker"]
    return (
        f"{match['indent']}{marker}{match['gap']}"
        f"{prefix}[{escape_link_text(text)}](#{fragment}){suffix}"
    )


def _siblings(entry: TocEntry, flat: list[TocEntry]) -> list[TocEntry]:
    for candidate in flat:
        if any(child is entry for child in candidate.children):
            return candidate.children
    return [e for e in flat if e.depth == entry.depth == 0]


def _shared_affixes(siblings: list[TocEntry], lines: list[str]) -> tuple[str, str]:
    """The text every sibling's line has before and after its link (`**`, an emoji)."""
    affixes: set[tuple[str, str]] = set()
    for entry in siblings:
        if not entry.target:
            continue
        line = lines[entry.position.line - 1]
        match, link = _ITEM.fullmatch(line), _ENTRY_LINK.match(line, entry.position.column - 1)
        if match is None or link is None:
            return "", ""
        prefix = line[match.start("body") : link.start()]
        affixes.add((prefix, line[link.end() :].rstrip()))
    if len(affixes) != 1 or len(siblings) < 2:
        return "", ""
    prefix, suffix = affixes.pop()
    if NOT_A_PREFIX.search(prefix) or NOT_A_PREFIX.search(suffix):
        return "", ""
    return prefix, suffix


def _renumbered(region: list[str], new: set[int]) -> list[str]:
    """Numbered lists that counted up (`1.` `2.` `3.`) still do with the new items among them.

    `new` holds the indexes of the new lines, which carry a sibling's number so far.
    """
    result = list(region)
    for run in _numbered_runs(result):
        numbers = [int(_match(result[i])["number"]) for i in run if i not in new]
        if len(set(numbers)) <= 1:
            same = numbers[0] if numbers else None
            counting = False
        elif numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            same, counting = None, True
        else:
            raise Unsafe("irregular numbering")
        for offset, i in enumerate(run):
            match = _match(result[i])
            number = numbers[0] + offset if counting else same
            if number is not None and (counting or i in new):
                result[i] = (
                    f"{match['indent']}{number}{match['delimiter']}{match['gap']}{match['body']}"
                )
    return result


def _numbered_runs(region: list[str]) -> list[list[int]]:
    """Line indexes of each numbered list's items at one level, in order."""
    runs: list[list[int]] = []
    open_runs: dict[str, list[int]] = {}  # indent → the run being collected
    for number, line in enumerate(region):
        match = _ITEM.fullmatch(line)
        if match is None:
            if line[:1].strip():
                open_runs.clear()  # a heading or paragraph between lists, not a continuation
            continue
        indent = match["indent"]
        for deeper in [i for i in open_runs if len(i) > len(indent)]:
            del open_runs[deeper]
        if match["number"] is None:
            open_runs.pop(indent, None)
            continue
        if indent not in open_runs:
            open_runs[indent] = []
            runs.append(open_runs[indent])
        open_runs[indent].append(number)
    return runs


def _match(line: str) -> re.Match[str]:
    match = _ITEM.fullmatch(line)
    assert match is not None
    return match


def _reading(target: str | None, depth: int, text: str) -> tuple[str | None, int, str]:
    return target, depth, " ".join(text.split())


def _verify(
    document: Document,
    toc: Toc,
    new_text: str,
    expected: list[tuple[str | None, int, str]],
    added: int,
) -> None:
    """Parse the new text: the TOC must read as planned, everything else as before."""
    rewritten = parse(new_text, document.path)
    new_toc = rewritten.toc
    if new_toc is None or new_toc.start_line != toc.start_line:
        raise Unsafe("the completed TOC would not be read as the TOC")
    found = [_reading(entry.target, entry.depth, entry.text) for entry in new_toc.flat()]
    if found != expected:
        raise Unsafe("the completed TOC would read differently")
    if [(h.level, h.slug) for h in rewritten.headings] != [
        (h.level, h.slug) for h in document.headings
    ]:
        raise Unsafe("the completion would change the headings")
    if len(rewritten.links) != len(document.links) + added:
        raise Unsafe("the completion would change other links")
    if len(rewritten.outline) != len(document.outline):
        raise Unsafe("the completion would change the blocks around the TOC")
