"""`--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment.

The counts come first (per rule, then per section of the document: the nearest heading
above each finding), then every finding in a collapsed `<details>` table. GitHub refuses
a step summary over 1 MiB, so the output is kept under `max_bytes` (UTF-8): rows that do
not fit are left out and a closing note says how many.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Finding, Report, Severity
from . import rulemeta
from .sources import NoSources, Section, SourceLookup
from .text import plural, summary_line

if TYPE_CHECKING:
    from ..rules import Rule

MAX_BYTES = 1024 * 1024 - 1  # GitHub's limit for one step's summary is 1 MiB
_RESERVE = 1024  # kept free for the closing tags and the truncation note
_ESCAPED = "\\`|*[]<"


def cell(text: str) -> str:
    """Text safe in a table cell: one line; `|`, backticks and inline markup escaped."""
    text = " ".join(text.replace("\r", "\n").split("\n"))
    return "".join("\\" + char if char in _ESCAPED else char for char in text)


def _code(name: str) -> str:
    return f"`{name}`" if "`" not in name and "|" not in name else cell(name)


@dataclass
class _Writer:
    limit: int
    lines: list[str] = field(default_factory=list)
    size: int = 0
    full: bool = False

    def add(self, *lines: str) -> bool:
        """Add the lines, all or none; False (and full from then on) when they do not fit."""
        cost = sum(len(line.encode("utf-8", "surrogatepass")) + 1 for line in lines)
        if self.full or self.size + cost > self.limit:
            self.full = True
            return False
        self.lines.extend(lines)
        self.size += cost
        return True


@dataclass
class _Group:
    path: str
    section: Section | None
    errors: int = 0
    warnings: int = 0
    rules: Counter[str] = field(default_factory=Counter)


def _section_label(group: _Group, known: bool) -> str:
    if group.section is not None:
        return f"{cell(group.section.text)} (line {group.section.line})"
    return "(before the first heading)" if known else "—"


def _groups(findings: Sequence[Finding], sources: SourceLookup) -> list[tuple[_Group, bool]]:
    groups: dict[tuple[str, int], tuple[_Group, bool]] = {}
    for finding in findings:
        section = sources.section(finding.path, finding.line)
        key = (finding.path, section.line if section else 0)
        if key not in groups:
            known = sources.line_text(finding.path, 1) is not None
            groups[key] = (_Group(finding.path, section), known)
        group = groups[key][0]
        if finding.severity is Severity.ERROR:
            group.errors += 1
        else:
            group.warnings += 1
        group.rules[finding.rule] += 1
    return list(groups.values())


def _by_rule(findings: Sequence[Finding], rules: Sequence[Rule]) -> list[str]:
    codes = {rule.name: rule.code for rule in rules}
    counts: Counter[tuple[str, str]] = Counter((f.rule, f.severity.value) for f in findings)
    ordered = sorted(counts.items(), key=lambda item: (item[0][1] != "error", -item[1], item[0]))
    return [
        f"| {_code(rule)} | {codes.get(rule, '')} | {severity} | {count} |"
        for (rule, severity), count in ordered
    ]


def _finding_row(finding: Finding) -> str:
    message = finding.message
    if finding.suggestion:
        message += f" (suggestion: {finding.suggestion})"
    location = f"{finding.path}:{finding.line}:{finding.column}"
    return (
        f"| {cell(location)} | {finding.severity.value} | {_code(finding.rule)} | {cell(message)} |"
    )


def render(
    report: Report,
    *,
    sources: SourceLookup | None = None,
    rules: Sequence[Rule] | None = None,
    max_bytes: int = MAX_BYTES,
) -> str:
    sources = sources or NoSources()
    findings = sorted(report.findings, key=Finding.sort_key)
    out = _Writer(max(max_bytes - _RESERVE, 0))
    out.add("## roadmap-lint", "")
    if not findings:
        out.add(f"No problems found: {summary_line(report)}", "")
        return "\n".join(out.lines) + "\n"
    out.add(f"**{summary_line(report)}**", "")
    out.add("### Findings per rule", "", "| Rule | Code | Severity | Findings |")
    out.add("| --- | --- | --- | ---: |")
    for row in _by_rule(findings, rulemeta.catalogue(rules)):
        out.add(row)
    out.add("", "### Findings per section", "")
    out.add("| File | Section | Errors | Warnings | Rules |", "| --- | --- | ---: | ---: | --- |")
    for group, known in _groups(findings, sources):
        rules_cell = ", ".join(f"{_code(rule)} {count}" for rule, count in group.rules.items())
        out.add(
            f"| {cell(group.path)} | {_section_label(group, known)} | {group.errors} | "
            f"{group.warnings} | {rules_cell} |"
        )
    opened = out.add("", f"<details><summary>All {plural(len(findings), 'finding')}</summary>", "")
    shown = 0
    if opened and out.add("| Location | Severity | Rule | Message |", "| --- | --- | --- | --- |"):
        for finding in findings:
            if not out.add(_finding_row(finding)):
                break
            shown += 1
    if opened:
        out.full = False
        out.limit = max_bytes  # the reserve is for exactly these closing lines
        out.add("", "</details>")
    if shown < len(findings):
        out.full = False
        out.limit = max_bytes
        out.add(
            "",
            f"*Truncated to stay under {max_bytes} bytes: {len(findings) - shown} of "
            f"{plural(len(findings), 'finding')} not listed. Run roadmap-lint with "
            "`--format json` or `--format sarif` for the full report.*",
        )
    return "\n".join(out.lines) + "\n"
