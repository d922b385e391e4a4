"""`--format github`: GitHub Actions workflow commands that annotate the changed files.

One `::error` / `::warning` command per finding, grouped per file in collapsible log groups
(`::group::path` … `::endgroup::`); findings of one group (see `text.entries`) are one
annotation at the first place, its message listing the other lines. GitHub shows only about
ten error and ten warning annotations per step, so at most `MAX_ERRORS` errors (the first in
file order) and `MAX_WARNINGS` warnings are annotated. The warnings are spread over the
rules: one of each rule, in the order the rules first appear, before a second of any, so
that one noisy rule cannot hide the others. The rest are listed as plain log lines in their
file's group and a `::notice::` says how many were left out. A summary line ends the output,
followed by the warnings `--quiet` left out and the external URLs not checked, if any.

Escaping follows the runner: in a message `%`, CR and LF become `%25`, `%0D`, `%0A`; in a
property value `:` and `,` also become `%3A` and `%2C`. No text of ours, and none taken
from the checked files, can start a new line, so no line can turn into a command.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_lint.model import Finding, Report, Severity
from roadmap_lint.reporters import rulemeta
from roadmap_lint.reporters.entries import Entry, entries, message, plural
from roadmap_lint.reporters.places import end_column, repository_path
from roadmap_lint.reporters.summary import notes, summary_line

if TYPE_CHECKING:
    from roadmap_lint.rules.base import Rule

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


def _title(finding: Finding, codes: dict[str, str]) -> str:
    code = codes.get(finding.rule)
    return f"{finding.rule} ({code})" if code else finding.rule


def annotation(entry: Entry, codes: dict[str, str]) -> str:
    finding = entry.first
    properties = {
        "file": repository_path(finding) or finding.path,
        "line": str(finding.line),
        "col": str(finding.column),
    }
    end = end_column(finding)
    if end is not None and end - 1 > finding.column:
        properties["endColumn"] = str(end - 1)  # the last column of the link, inclusive
    properties["title"] = _title(finding, codes)
    return command(_COMMANDS[finding.severity], properties, message(entry))


def _plain(entry: Entry) -> str:
    """An entry as a log line that is not an annotation (and cannot be read as a command)."""
    finding = entry.first
    text = f"{finding.severity.value} {finding.path}:{finding.line}:{finding.column} {finding.rule}: {message(entry)}"
    return "  " + text.replace("\r", " ").replace("\n", " ")


def round_robin(indexes: Sequence[int], rules: Sequence[str], limit: int) -> list[int]:
    """Up to `limit` of `indexes`: one per rule in turn (rules in order of first appearance)."""
    queues: dict[str, deque[int]] = {}
    for index, rule in zip(indexes, rules, strict=True):
        queues.setdefault(rule, deque()).append(index)
    chosen: list[int] = []
    while queues and len(chosen) < limit:
        for rule in list(queues):
            if len(chosen) == limit:
                break
            chosen.append(queues[rule].popleft())
            if not queues[rule]:
                del queues[rule]
    return chosen


def _chosen(items: Sequence[Entry], max_errors: int, max_warnings: int) -> set[int]:
    """Indexes of the entries to annotate: the first errors, then warnings spread over rules."""
    errors = [i for i, e in enumerate(items) if e.first.severity is Severity.ERROR]
    warnings = [i for i, e in enumerate(items) if e.first.severity is not Severity.ERROR]
    spread = round_robin(warnings, [items[i].first.rule for i in warnings], max_warnings)
    return {*errors[:max_errors], *spread}


def workflow_commands(
    report: Report,
    *,
    rules: Sequence[Rule] | None = None,
    max_errors: int = MAX_ERRORS,
    max_warnings: int = MAX_WARNINGS,
    list_rest: bool = True,
) -> list[str]:
    """The workflow commands for a report, grouped per file, with the cap's notice.

    `list_rest` also lists the findings that are not annotated, as plain log lines (not
    wanted after the text report, which lists them all already).
    """
    codes = {rule.name: rule.code for rule in rulemeta.catalogue(rules)}
    items = entries(sorted(report.findings, key=Finding.sort_key))
    chosen = _chosen(items, max_errors, max_warnings)
    lines: list[str] = []
    current: str | None = None
    for index, entry in enumerate(items):
        if index not in chosen and not list_rest:
            continue
        if entry.first.path != current:
            if current is not None:
                lines.append("::endgroup::")
            lines.append(f"::group::{escape_data(entry.first.path)}")
            current = entry.first.path
        lines.append(annotation(entry, codes) if index in chosen else _plain(entry))
    if current is not None:
        lines.append("::endgroup::")
    left_out = [f for i, e in enumerate(items) if i not in chosen for f in e.findings]
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
    rules: Sequence[Rule] | None = None,
    max_errors: int = MAX_ERRORS,
    max_warnings: int = MAX_WARNINGS,
) -> str:
    lines = workflow_commands(report, rules=rules, max_errors=max_errors, max_warnings=max_warnings)
    lines.append(f"roadmap-lint: {summary_line(report)}")
    lines.extend(f"roadmap-lint: {' '.join(note.split())}" for note in notes(report))
    return "\n".join(lines) + "\n"


def append_step_summary(path: str | Path, text: str) -> None:
    """Append to the file `$GITHUB_STEP_SUMMARY` names (never truncate it); raises OSError."""
    with open(path, "a", encoding="utf-8") as file:
        file.write(text if text.endswith("\n") else text + "\n")
