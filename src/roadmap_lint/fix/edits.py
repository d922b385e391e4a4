"""Applying the fixes of findings to files: atomically, touching nothing but the edited spans.

The file is handled as the text it was read as (BOM, CRLF or CR line endings, a missing final
newline all kept); only the characters each edit names are replaced.
"""

from __future__ import annotations

import bisect
import contextlib
import enum
import os
import re
import signal
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from roadmap_lint.model import Edit, Finding, Link, LinkKind

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A line with its break; only CR, LF and CRLF end lines (not U+2028 or a form feed).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_BOM = "\ufeff"


@dataclass(frozen=True)
class FileFix:
    path: Path
    original: str
    fixed: str
    applied: int  # findings whose edits were all made

    @property
    def changed(self) -> bool:
        return self.original != self.fixed

    def diff(self, display: str) -> str:
        import difflib  # only for --diff

        lines = difflib.unified_diff(
            _LINE.findall(self.original),
            _LINE.findall(self.fixed),
            fromfile=f"a/{display}",
            tofile=f"b/{display}",
        )
        text = "".join(
            line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
            for line in lines
        )
        return text


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(match.end() for match in _LINE_BREAK.finditer(text))
    return starts


def _normalised(text: str) -> str:
    return _LINE_BREAK.sub("\n", text)


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# Characters before which a URL would continue a longer one (`=` is left out: an HTML
# attribute may be written unquoted, `href=https://…`).
_URL_CHARACTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:.?&%#~_+-@"
)


def _tail_of_url(text: str, at: int, old: str) -> bool:
    """Whether the URL `old` found at `at` is the end of a longer URL, not a URL of its own
    (`https://example.org/page` inside an archive's `…/web/2020/https://example.org/page`):
    a URL is replaced only where it starts."""
    return at > 0 and text[at - 1] in _URL_CHARACTERS and _SCHEME.match(old) is not None


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply edits to the text as read (BOM included); returns (new text, edits applied).

    An edit whose `old` text is not where it says is skipped, and so is a repeat of an edit
    already made. When edits overlap, the longer span wins (a rewrite of a region, such as
    the table of contents, includes the anchor fixes inside it); between spans of one
    length, the first comes first. A finding whose edit lost out is counted as fixed only
    when the winning edit's new text holds its replacement.
    """
    fixed, outcomes = _apply(text, list(edits))
    return fixed, sum(1 for outcome in outcomes if outcome is _Outcome.APPLIED)


class _Outcome(enum.Enum):
    APPLIED = "applied"
    REPEATED = "repeated"  # the same replacement as an edit that was made
    COVERED = "covered"  # inside a longer edit that was made, whose new text has its own
    SKIPPED = "skipped"  # stale, or overlapping another edit partly


def _apply(text: str, edits: list[Edit]) -> tuple[str, list[_Outcome]]:
    bom = _BOM if text.startswith(_BOM) else ""
    body = text[len(bom) :]
    starts = _line_starts(body)
    normal = _normalised(body)
    normal_starts = _line_starts(normal)
    first_break = _LINE_BREAK.search(body)
    outcomes = [_Outcome.SKIPPED] * len(edits)
    located: list[tuple[int, int, str, int]] = []  # (start, end, new, edit index)
    for number, edit in enumerate(edits):
        if not edit.old or edit.line < 1 or edit.line > len(starts):
            continue
        search_from = normal_starts[edit.line - 1] + max(edit.column - 1, 0)
        found = normal.find(edit.old, search_from)
        while found > 0 and _tail_of_url(normal, found, edit.old):
            found = normal.find(edit.old, found + 1)
        if found < 0:
            continue
        start, end = (
            _to_original(found, normal_starts, starts),
            _to_original(found + len(edit.old), normal_starts, starts),
        )
        if _normalised(body[start:end]) != edit.old:
            continue
        # New lines take the line break the edited span's own line ends with.
        own_break = _LINE_BREAK.search(body, start) or first_break
        new = edit.new.replace("\n", own_break.group()) if own_break else edit.new
        located.append((start, end, new, number))
    spans: list[tuple[int, int, str]] = []
    for start, end, new, number in sorted(located, key=lambda item: (item[0] - item[1], item[3])):
        if (start, end, new) in spans:
            outcomes[number] = _Outcome.REPEATED
        elif any(
            other_start <= start and end <= other_end and new in other_new
            for other_start, other_end, other_new in spans
        ):
            outcomes[number] = _Outcome.COVERED
        elif not any(
            start < other_end and other_start < end for other_start, other_end, _ in spans
        ):
            spans.append((start, end, new))
            outcomes[number] = _Outcome.APPLIED
    for start, end, new in sorted(spans, reverse=True):
        body = body[:start] + new + body[end:]
    return bom + body, outcomes


def _to_original(offset: int, normal_starts: list[int], starts: list[int]) -> int:
    """Map an offset in the LF-normalised text back to the text with its own line breaks."""
    low, high = 0, len(normal_starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if normal_starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return starts[low] + (offset - normal_starts[low])


def fix_file(path: Path, findings: Iterable[Finding]) -> FileFix:
    """The file with the findings' edits made; `applied` counts the findings fully fixed.

    Raises UnicodeDecodeError for a file that is not valid UTF-8: such a file is left alone,
    since writing it back as text could not keep every byte.
    """
    return fix_text(path, path.read_bytes().decode("utf-8"), findings)


def fix_text(path: Path, original: str, findings: Iterable[Finding]) -> FileFix:
    """`original` (the file's text as read, BOM and line breaks included) with the edits made."""
    with_edits = [finding for finding in findings if finding.fix]
    edits = [edit for finding in with_edits for edit in finding.fix]
    fixed, outcomes = _apply(original, edits)
    fixed_findings = 0
    cursor = 0
    for finding in with_edits:
        mine = outcomes[cursor : cursor + len(finding.fix)]
        cursor += len(finding.fix)
        if all(outcome is not _Outcome.SKIPPED for outcome in mine):
            fixed_findings += 1
    return FileFix(path, original, fixed, fixed_findings)


def hard_links(path: Path) -> int:
    """How many names the file has: replacing it by a new file would cut off the others."""
    return path.resolve().stat().st_nlink


def write_atomically(path: Path, text: str) -> None:
    """Replace the file in one step: a crash leaves either the old or the new file, never half.

    A symbolic link stays a link: the file it points to is the one replaced. SIGTERM during
    the write ends it as Ctrl-C does, with the temporary file removed.
    """
    import tempfile  # only when a file is written

    target = path.resolve()
    mode = target.stat().st_mode
    with _terminate_as_interrupt():
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, mode & 0o7777)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt here, so that the cleanup above runs before exiting."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# -- building edits ----------------------------------------------------------------------

# Characters a new fragment may hold and still be written bare in any link destination.
_UNSAFE_IN_DESTINATION = re.compile(r"[\s<>()\[\]\\\"'`&\x00-\x1f\x7f]")
# What may follow a destination as written: its end in each syntax.
_AFTER_DESTINATION = {
    LinkKind.INLINE: r"(?=[\s>)])",
    LinkKind.IMAGE: r"(?=[\s>)])",
    LinkKind.REFERENCE: r"(?=[\s>]|\Z)",
    LinkKind.HTML: r"(?=[\"'\s>/])",
}
_BEFORE_DESTINATION = {
    LinkKind.INLINE: r"\]\(\s*<?",
    LinkKind.IMAGE: r"\]\(\s*<?",
    LinkKind.REFERENCE: r"\]:\s*<?",
    LinkKind.HTML: r"(?i:\bhref\s*=\s*[\"']?)",
}
_OPENING = {LinkKind.INLINE: "[", LinkKind.IMAGE: "!", LinkKind.REFERENCE: "[", LinkKind.HTML: "<"}


def destination_offset(text: str, start: int, kind: LinkKind, url: str) -> int | None:
    """Where the destination `url` of the link (or definition) written at `start` begins.

    Only a destination written exactly as `url` is found (not one with escapes or
    entities): right after the link text's closing bracket for an inline link or image,
    after `]:` for a definition, in the tag's `href` for HTML.
    """
    if kind not in _OPENING or not text.startswith(_OPENING[kind], start):
        return None
    pattern = re.compile(
        _BEFORE_DESTINATION[kind] + re.escape(url) + _AFTER_DESTINATION[kind], re.DOTALL
    )
    if kind in (LinkKind.INLINE, LinkKind.IMAGE):
        closing = _closing_bracket(text, start + (1 if kind is LinkKind.IMAGE else 0))
        match = pattern.match(text, closing) if closing is not None else None
    else:
        match = pattern.search(text, start)
        limit = ">" if kind is LinkKind.HTML else "\n\n"
        if match is not None and limit in text[start : match.start()]:
            match = None
    return None if match is None else match.end() - len(url)


def _closing_bracket(text: str, start: int) -> int | None:
    """The `]` that closes the `[` at `start`: escapes and code spans skipped, nesting counted."""
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "`":
            run = len(text) - len(text[index:].lstrip("`")) - index
            close = re.compile(r"(?<!`)" + "`" * run + r"(?!`)").search(text, index + run)
            index = close.end() if close else index + run
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
        elif text.startswith("\n\n", index):
            return None
        index += 1
    return None


def written_fragment(old: str, new: str) -> str | None:
    """The new fragment written like the old one (percent-encoded if it was), if safe."""
    if "%" in old and unquote(old) != old:
        new = quote(new, safe="-_.~!$*+,;=:@/?")
    return None if not new or _UNSAFE_IN_DESTINATION.search(new) else new


def fragment_edit(
    text: str, starts: list[int], link: Link, fragment: str, definition: Link | None = None
) -> Edit | None:
    """An edit giving the link's destination the `#fragment` `fragment` instead of its own.

    `text` is the document's text (line breaks as `\n`) and `starts` the offsets its lines
    start at; for a reference link the destination is its `definition`'s. None when the destination cannot be found exactly
    as written or the new fragment cannot be written safely.
    """
    where = definition if link.kind is LinkKind.REFERENCE else link
    if where is None or "#" not in link.url:
        return None
    old = link.url.split("#", 1)[1]
    new = written_fragment(old, fragment)
    if new is None or new == old:
        return None
    line, column = where.position.line, where.position.column
    if line > len(starts):
        return None
    offset = destination_offset(text, starts[line - 1] + column - 1, link.kind, link.url)
    if offset is None:
        return None
    offset += link.url.index("#")
    line = bisect.bisect_right(starts, offset)
    return Edit(line, offset - starts[line - 1] + 1, "#" + old, "#" + new)
