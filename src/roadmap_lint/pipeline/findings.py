"""From the rules' findings to the report's: inline control, per-file ignores, severities.

Comments such as `<!-- roadmap-lint-disable-next-line broken-link -->` switch a rule off
where they say; `[per-file-ignores]` switches rules off for files; `[rules] NAME = "error"`
changes a rule's severity. The summary counts what is left.
"""

from __future__ import annotations

import bisect
import dataclasses
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from roadmap_lint.config.inline import Suppressions
from roadmap_lint.config.settings import Config
from roadmap_lint.model import Finding, Report, Severity, Summary
from roadmap_lint.pipeline.local import LintedFile
from roadmap_lint.rules import find_rule, rule_keys


def suppressions(files: list[LintedFile], warn: Callable[[str], None]) -> dict[str, Suppressions]:
    """Each file's inline control comments; a comment naming no known rule is warned about."""
    known = rule_keys()
    found: dict[str, Suppressions] = {}
    for file in files:
        found[file.display] = Suppressions.from_comments(file.result.directives, known)
        for line, message in found[file.display].warnings:
            warn(f"{file.display}:{line}: {message}")
    return found


def settle(
    findings: list[Finding], config: Config, controls: Mapping[str, Suppressions]
) -> list[Finding]:
    """The findings the configuration and the comments leave, at their configured severity."""
    return [
        _with_configured_severity(finding, config)
        for finding in findings
        if not _suppressed(finding, controls) and not _ignored_in_file(finding, config)
    ]


def locate(findings: list[Finding], files: list[LintedFile]) -> list[Finding]:
    """Each finding with what the reports show of where it is: its line, the heading above
    it, its file's path in the repository. The reports never read the files themselves."""
    by_display = {file.display: file for file in files}
    lines: dict[str, list[str]] = {}
    starts: dict[str, list[int]] = {}
    repo_paths: dict[str, str | None] = {}  # resolving a path is a system call or several
    located = []
    for finding in findings:
        file = by_display.get(finding.path)
        if file is None:
            located.append(finding)
            continue
        if finding.path not in lines:
            lines[finding.path] = _lines(file.source.text)
            starts[finding.path] = [section.line for section in file.result.sections]
            repo_paths[finding.path] = repository_path(file)
        text = lines[finding.path]
        index = bisect.bisect_right(starts[finding.path], finding.line) - 1
        located.append(
            dataclasses.replace(
                finding,
                section=file.result.sections[index] if index >= 0 else None,
                line_text=text[finding.line - 1] if 0 < finding.line <= len(text) else None,
                repo_path=repo_paths[finding.path],
            )
        )
    return located


def _lines(text: str) -> list[str]:
    """The lines as the parser counts them: a BOM dropped, any line break ending a line."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def repository_path(file: LintedFile) -> str | None:
    """The file's path from the repository root (`/`-separated); None if outside it."""
    if file.source.path is not None:
        resolved = file.source.path.resolve()
        base = file.repository or Path.cwd().resolve()
        try:
            return resolved.relative_to(base).as_posix()
        except ValueError:
            return None
    posix = file.display.replace("\\", "/").removeprefix("./")
    outside = posix.startswith(("/", "../")) or posix[1:3] == ":/"
    return None if outside else posix


def summarise(report: Report, files: int, started: float, requests: int) -> None:
    report.findings.sort(key=Finding.sort_key)
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    report.summary = Summary(
        files=files,
        links=report.summary.links,
        urls=len(report.links),
        requests=requests,
        errors=errors,
        warnings=len(report.findings) - errors,
        duration_s=round(time.perf_counter() - started, 3),
    )


def _ignored_in_file(finding: Finding, config: Config) -> bool:
    rule = find_rule(finding.rule)
    return rule is not None and config.ignored_in_file(finding.path, rule.name, rule.code)


def _with_configured_severity(finding: Finding, config: Config) -> Finding:
    wanted = config.severities.get(finding.rule)
    if wanted in ("error", "warning") and wanted != finding.severity.value:
        return dataclasses.replace(finding, severity=Severity(wanted))
    return finding


def _suppressed(finding: Finding, controls: Mapping[str, Suppressions]) -> bool:
    rule = find_rule(finding.rule)
    file = controls.get(finding.path)
    return (
        file is not None
        and rule is not None
        and file.suppressed(rule.name, rule.code, finding.line)
    )
