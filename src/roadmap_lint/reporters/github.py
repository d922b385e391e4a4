"""`--format github`: GitHub Actions workflow commands that annotate the changed files.

One `::error` / `::warning` command per finding, grouped per file in collapsible log groups
(`::group::path` … `::endgroup::`). GitHub shows only about ten error and ten warning
annotations per step, so at most `MAX_ERRORS` errors and `MAX_WARNINGS` warnings are
annotated (errors are chosen first, each kind in file order); the rest are listed as plain
log lines in their file's group and a `::notice::` says how many were left out. A summary
line ends the output.

Escaping follows the runner: in a message `%`, CR and LF become `%25`, `%0D`, `%0A`; in a
property value `:` and `,` also become `%3A` and `%2C`. No text of ours, and none taken
from the checked files, can start a new line, so no line can turn into a command.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Finding, Report, Severity
from . import rulemeta
from .sources import NoSources, SourceLookup, end_column
from .text import plural, summary_line

if TYPE_CHECKING:
    from ..rules import Rule

MAX_ERRORS = 10
MAX_WARNINGS = 10
_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str], message: str) -> str:
    """`::name key=value,…::message`, escaped."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _message(finding: Finding) -> str:
    if finding.suggestion:
        return f"{finding.message} (suggestion: {finding.suggestion})"
    return finding.message


def _title(finding: Finding, codes: dict[str, str]) -> str:
    code = codes.get(finding.rule)
    return f"{finding.rule} ({code})" if code else finding.rule


def annotation(finding: Finding, sources: SourceLookup, codes: dict[str, str]) -> str:
    properties = {
        "file": sources.repo_path(finding.path) or finding.path,
        "line": str(finding.line),
        "col": str(finding.column),
    }
    end = end_column(finding, sources.line_text(finding.path, finding.line))
    if end is not None and end - 1 > finding.column:
        properties["endColumn"] = str(end - 1)  # the last column of the link, inclusive
    properties["title"] = _title(finding, codes)
    return command(_COMMANDS[finding.severity], properties, _message(finding))


def _plain(finding: Finding) -> str:
    """A finding as a log line that is not an annotation (and cannot be read as a command)."""
    text = f"{finding.severity.value} {finding.path}:{finding.line}:{finding.column} {finding.rule}: {_message(finding)}"
    return "  " + text.replace("\r", " ").replace("\n", " ")


def _chosen(findings: Sequence[Finding], max_errors: int, max_warnings: int) -> set[int]:
    """Indexes of the findings to annotate: the first errors, then the first warnings."""
    errors = [i for i, f in enumerate(findings) if f.severity is Severity.ERROR]
    warnings = [i for i, f in enumerate(findings) if f.severity is not Severity.ERROR]
    return {*errors[:max_errors], *warnings[:max_warnings]}


def workflow_commands(
    report: Report,
    *,
    sources: SourceLookup | None = None,
    rules: Sequence[Rule] | None = None,
    max_errors: int = MAX_ERRORS,
    max_warnings: int = MAX_WARNINGS,
    list_rest: bool = True,
) -> list[str]:
    """The workflow commands for a report, grouped per file, with the cap's notice.

    `list_rest` also lists the findings that are not annotated, as plain log lines (not
    wanted after the text report, which lists them all already).
    """
    sources = sources or NoSources()
    codes = {rule.name: rule.code for rule in rulemeta.catalogue(rules)}
    findings = sorted(report.findings, key=Finding.sort_key)
    chosen = _chosen(findings, max_errors, max_warnings)
    lines: list[str] = []
    current: str | None = None
    for index, finding in enumerate(findings):
        if index not in chosen and not list_rest:
            continue
        if finding.path != current:
            if current is not None:
                lines.append("::endgroup::")
            lines.append(f"::group::{escape_data(finding.path)}")
            current = finding.path
        lines.append(annotation(finding, sources, codes) if index in chosen else _plain(finding))
    if current is not None:
        lines.append("::endgroup::")
    left_out = [f for i, f in enumerate(findings) if i not in chosen]
    if left_out:
        errors = sum(1 for f in left_out if f.severity is Severity.ERROR)
        warnings = len(left_out) - errors
        counted = " and ".join(
            text
            for count, text in (
                (errors, f"{plural(errors, 'error')}"),
                (warnings, f"{plural(warnings, 'warning')}"),
            )
            if count
        )
        lines.append(
            command(
                "notice",
                {"title": "roadmap-lint"},
                f"{counted} more not annotated: GitHub shows at most {max_errors} errors and "
                f"{max_warnings} warnings per step. The log lists every finding.",
            )
        )
    return lines


def render(
    report: Report,
    *,
    sources: SourceLookup | None = None,
    rules: Sequence[Rule] | None = None,
    max_errors: int = MAX_ERRORS,
    max_warnings: int = MAX_WARNINGS,
) -> str:
    lines = workflow_commands(
        report, sources=sources, rules=rules, max_errors=max_errors, max_warnings=max_warnings
    )
    lines.append(f"roadmap-lint: {summary_line(report)}")
    return "\n".join(lines) + "\n"


def append_step_summary(path: str | Path, text: str) -> None:
    """Append to the file `$GITHUB_STEP_SUMMARY` names (never truncate it); raises OSError."""
    with open(path, "a", encoding="utf-8") as file:
        file.write(text if text.endswith("\n") else text + "\n")
