"""Applying the fixes of findings to files: atomically, touching nothing but the edited spans.

The file is handled as the text it was read as (BOM, CRLF or CR line endings, a missing final
newline all kept); only the characters each edit names are replaced.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .model import Edit, Finding

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BOM = "\ufeff"


@dataclass(frozen=True)
class FileFix:
    path: Path
    original: str
    fixed: str
    applied: int  # edits made

    @property
    def changed(self) -> bool:
        return self.original != self.fixed

    def diff(self, display: str) -> str:
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True),
            self.fixed.splitlines(keepends=True),
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


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """Apply edits to the text as read (BOM included); returns (new text, edits applied).

    Overlapping edits are resolved first come, first served; an edit whose `old` text is not
    where it says is skipped.
    """
    bom = _BOM if text.startswith(_BOM) else ""
    body = text[len(bom) :]
    starts = _line_starts(body)
    normal = _normalised(body)
    normal_starts = _line_starts(normal)
    spans: list[tuple[int, int, str]] = []
    for edit in edits:
        if not edit.old or edit.line < 1 or edit.line > len(starts):
            continue
        search_from = normal_starts[edit.line - 1] + max(edit.column - 1, 0)
        found = normal.find(edit.old, search_from)
        if found < 0:
            continue
        start, end = (
            _to_original(found, normal_starts, starts),
            _to_original(found + len(edit.old), normal_starts, starts),
        )
        if _normalised(body[start:end]) != edit.old:
            continue
        new = edit.new
        if "\n" in new:
            newline = _LINE_BREAK.search(body)
            new = new.replace("\n", newline.group() if newline else "\n")
        if any(start < other_end and other_start < end for other_start, other_end, _ in spans):
            continue
        spans.append((start, end, new))
    for start, end, new in sorted(spans, reverse=True):
        body = body[:start] + new + body[end:]
    return bom + body, len(spans)


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
    data = path.read_bytes()
    original = data.decode("utf-8")
    edits = [edit for finding in findings for edit in finding.fix]
    fixed, applied = apply_edits(original, edits)
    return FileFix(path, original, fixed, applied)


def write_atomically(path: Path, text: str) -> None:
    """Replace the file in one step: a crash leaves either the old or the new file, never half."""
    mode = path.stat().st_mode
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
