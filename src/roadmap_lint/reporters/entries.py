"""The findings as the formats people read show them: one entry per cause, errors first.

Findings of one rule in one file that share a cause (`Finding.group`: one URL repeated, one
encoding accident) are one entry, at its first place, listing the other lines. The text,
Markdown and GitHub formats all show entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from roadmap_lint.model import Finding, Severity

_RANK = {Severity.ERROR: 0, Severity.WARNING: 1}
MAX_LINES_LISTED = 10


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# --- entries: findings as people read them ---------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One finding, or the findings of one group, shown once at the first one's place."""

    first: Finding
    findings: tuple[Finding, ...]  # every place, the first included

    @property
    def other_lines(self) -> list[int]:
        return sorted({f.line for f in self.findings} - {self.first.line})


def entries(findings: Iterable[Finding]) -> list[Entry]:
    """The findings in their given order, each group merged into one entry at its first place."""
    order: list[list[Finding]] = []
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in findings:
        if finding.group is None:
            order.append([finding])
            continue
        key = (finding.path, finding.rule, finding.group)
        if key not in groups:
            groups[key] = []
            order.append(groups[key])
        groups[key].append(finding)
    return [Entry(members[0], tuple(members)) for members in order]


def errors_first(findings: Iterable[Finding]) -> list[Entry]:
    """Entries of the errors, then of the warnings, each by path, line and column."""
    ordered = entries(sorted(findings, key=Finding.sort_key))
    return sorted(ordered, key=lambda entry: _RANK[entry.first.severity])


def also_on(entry: Entry, limit: int = MAX_LINES_LISTED) -> str:
    """`[also on 3 more lines: 15, 19, 22]`, at most `limit` numbers; "" for a single line."""
    lines = entry.other_lines
    if not lines:
        return ""
    if len(lines) == 1:
        return f"[also on line {lines[0]}]"
    listed = ", ".join(str(line) for line in lines[:limit])
    if len(lines) > limit:
        listed += f" … and {len(lines) - limit} more"
    return f"[also on {len(lines)} more lines: {listed}]"


def message(entry: Entry) -> str:
    """The first finding's message, its suggestion and the other lines of its group."""
    text = entry.first.message
    if entry.first.suggestion:
        text += f" (suggestion: {entry.first.suggestion})"
    lines = also_on(entry)
    return f"{text} {lines}" if lines else text


# --- the summary ------------------------------------------------------------------------------
