"""What the content rules (RL4xx) share: source lines, code regions, which links count."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from roadmap_lint.markdown.links import is_web
from roadmap_lint.model import Heading, Link, LinkKind, Position
from roadmap_lint.rules.context import LintContext

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_CONTAINER = re.compile(r"^(?:[ \t]*>[ \t]?)*")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
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
    """1-based numbers of the lines inside code blocks: fenced ones (the fences included)
    anywhere, indented ones at the top level."""
    found = context.memo.get("content.code_lines")
    if found is None:
        lines = source_lines(context)
        numbers = set(_fenced_lines(lines))
        for block in context.document.outline:
            first = lines[block.start_line - 1] if 0 < block.start_line <= len(lines) else ""
            if block.kind == "other" and first.startswith(("    ", "\t")):
                numbers.update(range(block.start_line, block.end_line + 1))
        found = frozenset(numbers)
        context.memo["content.code_lines"] = found
    return found


def _fenced_lines(lines: list[str]) -> Iterator[int]:
    open_fence: str | None = None
    open_prefix = 0
    for number, line in enumerate(lines, 1):
        prefix = _CONTAINER.match(line)
        body = line[prefix.end() if prefix else 0 :]
        if open_fence is None:
            # List items indent their fences: allow any indentation, as long as it opens one.
            match = _FENCE.match(body.lstrip(" ")) if body.strip() else None
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                open_fence = match["fence"]
                open_prefix = len(body) - len(body.lstrip(" "))
                yield number
            continue
        yield number
        stripped = body.strip()
        if (
            stripped.startswith(open_fence[0] * len(open_fence))
            and set(stripped) == {open_fence[0]}
            and len(body) - len(body.lstrip(" ")) <= open_prefix + 3
        ):
            open_fence = None


def mask_code_spans(line: str) -> str:
    """The line with each inline code span (backticks included) replaced by spaces."""
    return _CODE_SPAN.sub(lambda match: " " * len(match.group(0)), line)


def source_at(context: LintContext, position: Position) -> str:
    """The rest of the source line from a position."""
    lines = source_lines(context)
    if not 1 <= position.line <= len(lines):
        return ""
    return lines[position.line - 1][position.column - 1 :]


def wraps_image(context: LintContext, link: Link) -> bool:
    """A link whose text is an image (a badge or logo): `[![alt](src)](url)`, `[<img>](url)`."""
    if link.kind not in (LinkKind.INLINE, LinkKind.REFERENCE):
        return False
    rest = source_at(context, link.position)
    return bool(re.match(r"\[\s*(?:!\[|<img\b|<picture\b)", rest, re.IGNORECASE))


def in_toc(context: LintContext, link: Link) -> bool:
    toc = context.document.toc
    return toc is not None and toc.start_line <= link.position.line <= toc.end_line


def listed_web_links(context: LintContext) -> Iterator[Link]:
    """External http(s) links where they are listed: no images, badges, TOC or definitions."""
    for link in context.document.links:
        if link.kind not in LISTING_KINDS or link.is_image or not is_web(link.url):
            continue
        if wraps_image(context, link) or in_toc(context, link):
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


_SPONSOR_WORDS = re.compile(
    r"\b(?:sponsor(?:s|ed|ship)?|backers?|supporters?|partners?|advertis\w*|special thanks"
    r"|thanks to|supported by|brought to you by|affiliate)\b",
    re.IGNORECASE,
)


def in_sponsor_block(context: LintContext, link: Link) -> bool:
    """Whether a link is placed by the list's owner on purpose: a sponsor or affiliate block.

    Raw HTML (logos in `<a href>`), links wrapping an image, and links in a section whose
    heading, or on a line whose text, speaks of sponsors, backers, partners or advertising.
    """
    if link.kind is LinkKind.HTML or wraps_image(context, link):
        return True
    section = section_of(context, link.position.line)
    if section is not None and _SPONSOR_WORDS.search(section.text):
        return True
    lines = source_lines(context)
    line = lines[link.position.line - 1] if 0 < link.position.line <= len(lines) else ""
    return bool(_SPONSOR_WORDS.search(line))


def plain(text: str) -> str:
    """Link text for comparison: white space collapsed."""
    return " ".join(text.split())
