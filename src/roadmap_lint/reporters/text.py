"""`--format text`: one line per finding, `path:line:col: severity rule message`, then a summary."""

from __future__ import annotations

from ..model import Finding, Report, Severity

_RESET = "\033[0m"
_STYLES = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[33m"}
_DIM = "\033[2m"
_BOLD = "\033[1m"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _line(finding: Finding, colour: bool) -> str:
    location = f"{finding.path}:{finding.line}:{finding.column}:"
    severity = finding.severity.value
    rule = finding.rule
    if colour:
        location = f"{_BOLD}{location}{_RESET}"
        severity = f"{_STYLES[finding.severity]}{severity}{_RESET}"
        rule = f"{_DIM}{rule}{_RESET}"
    text = f"{location} {severity} {rule} {finding.message}"
    if finding.suggestion:
        text += f" (suggestion: {finding.suggestion})"
    return text


def summary_line(report: Report) -> str:
    """`3 errors, 7 warnings in 1 file, 142 links, 118 requests (2.41s)`."""
    summary = report.summary
    counted = f"{plural(summary.errors, 'error')}, {plural(summary.warnings, 'warning')}"
    scope = f"{plural(summary.files, 'file')}, {plural(summary.links, 'link')}"
    if summary.requests:
        scope += f", {plural(summary.requests, 'request')}"
    return f"{counted} in {scope} ({summary.duration_s:.2f}s)"


def render(report: Report, *, colour: bool = False) -> str:
    lines = [_line(finding, colour) for finding in report.findings]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
