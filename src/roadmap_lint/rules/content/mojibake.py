"""mojibake: UTF-8 text that was read as Windows-1252 or Latin-1 and saved again.

Each non-ASCII character of the original became two to four characters: `ğŸš€` for 🚀,
`âœ…` for ✅, `â€™` for ’, `Ã©` for é, `Ð¿Ñ€Ð¸` for при. Each affected line is reported
once, at its first garbled run, with the repaired text as the suggestion; `--fix` puts
back the original characters where they can be recovered exactly. When the misreading
dropped bytes (Windows-1252 has no character for some of them, so `ğŸ` is all that is
left of 🐍), the run is still reported but has to be retyped by hand.

Recognised are runs of characters whose Windows-1252 (or Windows-1254, Latin-1) bytes form
UTF-8 sequences, confirmed by ftfy's heuristics or by the lead characters mojibake is
typically made of (`Ã`, `Â`, `â`, `ğ`, `ð`, `Ð`, `Ñ`…). Text that is really in another
language (accented Latin, Cyrillic, Greek, CJK, Thai, emoji) does not look like this and is
not reported. Code spans and fenced code blocks are skipped.

Fails:

    # ğŸš€ Goal of the Roadmap
    - âœ… Each topic has links to free courses.
    Itâ€™s powerful, easy to learn, and cafÃ© means café.

Passes:

    # 🚀 Goal of the Roadmap
    - ✅ Each topic has links to free courses.
    It’s powerful; «café», Grüße, Привет, 日本語, ภาษาไทย.
"""

# ruff: noqa: RUF002, RUF003  (this module is about look-alike characters)

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from roadmap_lint.model import Edit, Finding, Position, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.content.common import code_lines, masked_line, source_lines
from roadmap_lint.rules.context import LintContext


@functools.cache  # built when a file is first checked, not each time the rules are loaded
def _byte_map() -> dict[str, int]:
    """Each character a single-byte Western code page shows for a byte >= 0x80."""
    mapping: dict[str, int] = {}
    for codec in ("cp1252", "cp1254", "latin-1"):
        for byte in range(0x80, 0x100):
            try:
                character = bytes([byte]).decode(codec)
            except UnicodeDecodeError:
                continue
            mapping.setdefault(character, byte)
    return mapping


@functools.cache
def _run_pattern() -> re.Pattern[str]:
    """Two or more such characters in a row."""
    return re.compile("[" + re.escape("".join(sorted(_byte_map()))) + "]{2,}")


# Lead bytes (as characters) that mojibake is made of far more often than real text:
# Â Ã (Latin-1 range), Ä Å (Latin Extended), Î Ï (Greek), Ð Ñ (Cyrillic), Ø Ù (Arabic),
# â (punctuation, symbols, dingbats), ï (U+FExx: variation selectors, BOM), ð ğ (emoji).
_TYPICAL_LEADS = frozenset(
    {0xC2, 0xC3, 0xC4, 0xC5, 0xCE, 0xCF, 0xD0, 0xD1, 0xD8, 0xD9, 0xE2, 0xEF, 0xF0}
)
# Leads whose sequences are still recognisable with a byte missing.
_LOSSY_LEADS = frozenset({0xE2, 0xEF, 0xF0})
_VARIATION_SELECTOR = b"\xef\xb8"
_TURKISH = frozenset("ĞğİıŞş")


@dataclass(frozen=True)
class Garbled:
    start: int  # offset in the line
    text: str
    repair: str | None  # None when bytes were lost


def _sequences(data: bytes) -> Iterator[tuple[int, int, str]]:
    """Split bytes into (start, end, status): "complete", "truncated" or "bad"."""
    index = 0
    while index < len(data):
        lead = data[index]
        need = (
            1
            if 0xC2 <= lead <= 0xDF
            else 2
            if 0xE0 <= lead <= 0xEF
            else 3
            if 0xF0 <= lead <= 0xF4
            else 0
        )
        end = index + 1
        while end < len(data) and end - index <= need and 0x80 <= data[end] <= 0xBF:
            end += 1
        if need == 0 or end == index + 1:
            yield index, index + 1, "bad"
            index += 1
            continue
        if end - index - 1 == need:
            try:
                data[index:end].decode("utf-8")
            except UnicodeDecodeError:
                yield index, index + 1, "bad"
                index += 1
                continue
            yield index, end, "complete"
        elif lead in _LOSSY_LEADS and (lead != 0xF0 or data[index + 1] == 0x9F):
            yield index, end, "truncated"
        else:
            yield index, end, "bad"
        index = end


def _garbled_runs(line: str) -> Iterator[Garbled]:
    byte_of = _byte_map()
    for match in _run_pattern().finditer(line):
        run = match.group(0)
        data = bytes(byte_of[c] for c in run)  # one byte per character
        pieces: list[tuple[int, int, str]] = []
        for start, end, status in _sequences(data):
            if status == "bad":
                yield from _judge(match.start(), run, data, pieces)
                pieces = []
            else:
                pieces.append((start, end, status))
        yield from _judge(match.start(), run, data, pieces)


def _judge(
    offset: int, run: str, data: bytes, pieces: list[tuple[int, int, str]]
) -> Iterator[Garbled]:
    """`data`: the run's bytes, one per character, indexed as the pieces are."""
    if not pieces:
        return
    start, end = pieces[0][0], pieces[-1][1]
    text = run[start:end]
    typical = any(data[s] in _TYPICAL_LEADS for s, _, _ in pieces)
    if all(status == "complete" for _, _, status in pieces):
        import ftfy  # imported only when there is something to judge: it is slow to load

        repaired = ftfy.fix_encoding(text)
        if repaired != text:
            yield Garbled(offset + start, text, repaired)
        elif typical:
            yield Garbled(offset + start, text, data[start:end].decode("utf-8"))
        return
    if not typical or len(text) < 2:
        return
    # Bytes were lost. A variation selector cut short (`ï¸`) can only have been U+FE0F.
    parts: list[str] = []
    for s, e, status in pieces:
        chunk = data[s:e]
        if status == "complete":
            parts.append(chunk.decode("utf-8"))
        elif chunk == _VARIATION_SELECTOR and parts:
            parts.append("\ufe0f")
        else:
            yield Garbled(offset + start, text, None)
            return
    yield Garbled(offset + start, text, "".join(parts))


def _code_page(text: str) -> str:
    if any(character in _TURKISH for character in text):
        return "Windows-1254"
    if any("\x80" <= character <= "\x9f" for character in text):
        return "Latin-1"
    return "Windows-1252"


def check(context: LintContext) -> Iterator[Finding]:
    code = code_lines(context)
    for number, line in enumerate(source_lines(context), 1):
        if number in code or line.isascii():
            continue
        runs = list(_garbled_runs(masked_line(context, number)))
        if not runs:
            continue
        first, last = runs[0], runs[-1]
        edits = tuple(
            Edit(number, run.start + 1, run.text, run.repair) for run in runs if run.repair
        )
        quoted = ", ".join(f'"{run.text}"' for run in runs[:3]) + (", …" if len(runs) > 3 else "")
        misread = f"UTF-8 read as {_code_page(''.join(run.text for run in runs))}"
        suggestion = None
        if all(run.repair is not None for run in runs):
            span = line[first.start : last.start + len(last.text)]
            for run in reversed(runs):
                relative = run.start - first.start
                span = span[:relative] + (run.repair or "") + span[relative + len(run.text) :]
            suggestion = span
            message = f"garbled text {quoted} ({misread})"
        else:
            message = f"garbled text {quoted} ({misread}; bytes were lost, retype it)"
        yield RULE.finding(
            context,
            Position(number, first.start + 1),
            message,
            suggestion=suggestion,
            fix=edits,
            group="UTF-8 misread",
        )


RULE = Rule(
    code="RL405",
    name="mojibake",
    severity=Severity.WARNING,
    summary="UTF-8 text garbled by a Windows-1252 or Latin-1 misreading",
    doc=__doc__ or "",
    check=check,
)
