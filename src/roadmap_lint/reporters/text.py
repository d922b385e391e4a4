"""`--format text`: one line per finding, `path:line:col: severity rule message`, then a summary.

Errors come first, then warnings, each in path, line and column order; findings that share
a cause are one line listing the other lines (see `entries`). After the summary line: the
findings per rule, the warnings `--quiet` left out and the external URLs not checked (see
`summary`).
"""

from __future__ import annotations

from roadmap_lint.model import Report, Severity
from roadmap_lint.reporters.entries import Entry, errors_first, message
from roadmap_lint.reporters.summary import notes, rule_counts, summary_line

_RESET = "\033[0m"
_STYLES = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[33m"}
_DIM = "\033[2m"
_BOLD = "\033[1m"


def _line(entry: Entry, colour: bool) -> str:
    finding = entry.first
    location = f"{finding.path}:{finding.line}:{finding.column}:"
    severity = finding.severity.value
    rule = finding.rule
    if colour:
        location = f"{_BOLD}{location}{_RESET}"
        severity = f"{_STYLES[finding.severity]}{severity}{_RESET}"
        rule = f"{_DIM}{rule}{_RESET}"
    return f"{location} {severity} {rule} {message(entry)}"


def render(report: Report, *, colour: bool = False) -> str:
    lines = [_line(entry, colour) for entry in errors_first(report.findings)]
    lines.append(summary_line(report))
    if report.findings:
        lines.append(f"by rule: {rule_counts(report.findings)}")
    lines.extend(notes(report))
    return "\n".join(lines) + "\n"
