"""What the content rules (RL4xx) share: source lines, code regions, which links count.

Where code is, and which links wrap an image, comes from the document model; rules only
search the plain text of lines (for URLs, garbled characters, sponsor words).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from roadmap_lint.markdown.links import is_web
from roadmap_lint.model import Heading, Link, LinkKind, Position
from roadmap_lint.rules.context import LintContext

# Kinds that list a resource where they stand (a reference's URL is written in its definition).
LISTING_KINDS = frozenset(
    {LinkKind.INLINE, LinkKind.REFERENCE, LinkKind.AUTOLINK, LinkKind.BARE, LinkKind.HTML}
)


def source_lines(context: LintContext) -> list[str]:
    lines = context.memo.get("content.lines")
    if lines is None:
        lines = context.document.text.split("\n")
        context.memo["content.lines"] = lines
    return lines


def code_lines(context: LintContext) -> frozenset[int]:
    """1-based numbers of the lines inside code blocks (fences included), at any depth."""
    return context.document.code_lines


def masked_line(context: LintContext, number: int) -> str:
    """Source line `number` with each inline code span on it (backticks included) blanked."""
    line = source_lines(context)[number - 1]
    for first, after in context.document.code_spans.get(number, ()):
        start, end = first - 1, min(after - 1, len(line))
        line = line[:start] + " " * (end - start) + line[end:]
    return line


def in_toc(context: LintContext, link: Link) -> bool:
    toc = context.document.toc
    return toc is not None and toc.start_line <= link.position.line <= toc.end_line


def listed_web_links(context: LintContext) -> Iterator[Link]:
    """External http(s) links where they are listed: no images, badges, TOC or definitions."""
    for link in context.document.links:
        if link.kind not in LISTING_KINDS or link.is_image or not is_web(link.url):
            continue
        if link.wraps_image or in_toc(context, link):
            continue
        yield link


def written_urls(context: LintContext) -> Iterator[Link]:
    """Every http(s) URL where it is written: links and images, and reference definitions
    instead of the references that use them."""
    links = [link for link in context.document.links if link.kind is not LinkKind.REFERENCE]
    links.extend(context.document.definitions.values())
    links.sort(key=lambda link: link.position)
    for link in links:
        if is_web(link.url.strip()):
            yield link


def locate(context: LintContext, position: Position, text: str, lines: int = 3) -> Position | None:
    """Where `text` is first written verbatim at or after a position, within a few lines."""
    source = source_lines(context)
    for number in range(position.line, min(position.line + lines, len(source) + 1)):
        start = position.column - 1 if number == position.line else 0
        found = source[number - 1].find(text, max(start, 0))
        if found >= 0:
            return Position(number, found + 1)
    return None


def section_of(context: LintContext, line: int) -> Heading | None:
    """The nearest heading at or above a line (None before the first heading)."""
    headings = context.document.headings
    starts = context.memo.get("content.heading_lines")
    if starts is None:
        starts = [heading.position.line for heading in headings]
        context.memo["content.heading_lines"] = starts
    index = bisect.bisect_right(starts, line) - 1
    return headings[index] if index >= 0 else None


# "sponsor(s|ed|ship)", "backer(s)", "supporter(s)", "partner(s)", "advertis…", "special
# thanks", "thanks to", "supported by", "brought to you by", "affiliate": grouped by first
# letter, and that letter looked for first, which halves the time a line takes.
_SPONSOR_WORDS = re.compile(
    r"(?=[sbpat])\b(?:s(?:ponsor(?:s|ed|ship)?|upporters?|pecial thanks|upported by)"
    r"|b(?:ackers?|rought to you by)|partners?|a(?:dvertis\w*|ffiliate)|thanks to)\b",
    re.IGNORECASE,
)


def in_sponsor_block(context: LintContext, link: Link) -> bool:
    """Whether a link is placed by the list's owner on purpose: a sponsor or affiliate block.

    Raw HTML (logos in `<a href>`), links wrapping an image, and links in a section whose
    heading, or on a line whose text, speaks of sponsors, backers, partners or advertising.
    """
    if link.kind is LinkKind.HTML or link.wraps_image:
        return True
    section = section_of(context, link.position.line)
    if section is not None and _sponsor_section(context, section):
        return True
    lines = source_lines(context)
    line = lines[link.position.line - 1] if 0 < link.position.line <= len(lines) else ""
    return bool(_SPONSOR_WORDS.search(line))


def _sponsor_section(context: LintContext, section: Heading) -> bool:
    """Whether a section's heading speaks of sponsors (asked once per section)."""
    known: dict[int, bool] = context.memo.setdefault("content.sponsor_sections", {})
    found = known.get(id(section))
    if found is None:
        found = known[id(section)] = bool(_SPONSOR_WORDS.search(section.text))
    return found


def plain(text: str) -> str:
    """Link text for comparison: white space collapsed."""
    return " ".join(text.split())
