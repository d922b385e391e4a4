"""`--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment.

The counts come first (per rule, then per section of the document: the nearest heading
above each finding, the `MAX_SECTIONS` sections with the most findings and one row for the
rest), with the external URLs not checked and the warnings `--quiet` left out; then every
finding in a collapsed `<details>` table, errors first, one row per group of findings (see
`text.entries`). Each location links to its line: on github.com when `env` (the process
environment, passed in by the caller) names the server, repository and commit as GitHub
Actions does, otherwise relative to the current folder. GitHub refuses a step summary over
1 MiB, so the output is kept under `max_bytes` (UTF-8): rows that do not fit are left out
and a closing note says how many.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

from roadmap_lint.model import Finding, Report, Section, Severity
from roadmap_lint.reporters import rulemeta
from roadmap_lint.reporters.entries import Entry, errors_first, message, plural
from roadmap_lint.reporters.places import repository_path
from roadmap_lint.reporters.summary import hidden_warnings, notes, summary_line

if TYPE_CHECKING:
    from roadmap_lint.rules.base import Rule

MAX_BYTES = 1024 * 1024 - 1  # GitHub's limit for one step's summary is 1 MiB
MAX_SECTIONS = 10
_RESERVE = 1024  # kept free for the closing tags and the truncation note
_ESCAPED = "\\`|*[]<"
_BACKSLASH = "\\"


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


def _groups(findings: Sequence[Finding]) -> list[tuple[_Group, bool]]:
    groups: dict[tuple[str, int], tuple[_Group, bool]] = {}
    for finding in findings:
        section = finding.section
        key = (finding.path, section.line if section else 0)
        if key not in groups:
            known = finding.line_text is not None
            groups[key] = (_Group(finding.path, section), known)
        group = groups[key][0]
        if finding.severity is Severity.ERROR:
            group.errors += 1
        else:
            group.warnings += 1
        group.rules[finding.rule] += 1
    return list(groups.values())


def _section_row(group: _Group, known: bool) -> str:
    rules_cell = ", ".join(f"{_code(rule)} {count}" for rule, count in group.rules.items())
    return (
        f"| {cell(group.path)} | {_section_label(group, known)} | {group.errors} | "
        f"{group.warnings} | {rules_cell} |"
    )


def _section_rows(findings: Sequence[Finding]) -> list[str]:
    """The sections with the most findings, then one row for the rest.

    Among sections with as many findings, those with more errors come first, then document order.
    """
    ranked = sorted(
        _groups(findings),
        key=lambda item: (-item[0].errors - item[0].warnings, -item[0].errors),
    )
    rows = [_section_row(group, known) for group, known in ranked[:MAX_SECTIONS]]
    rest = [group for group, _ in ranked[MAX_SECTIONS:]]
    if rest:
        errors, warnings = sum(g.errors for g in rest), sum(g.warnings for g in rest)
        rules: Counter[str] = sum((g.rules for g in rest), Counter())
        rules_cell = ", ".join(f"{_code(rule)} {count}" for rule, count in rules.most_common())
        rows.append(
            f"| … | {plural(len(rest), 'more section')} | {errors} | {warnings} | {rules_cell} |"
        )
    return rows


def line_link(finding: Finding, env: Mapping[str, str]) -> str | None:
    """The URL of a finding's line: on github.com under GitHub Actions, else relative; None
    if unknown."""
    path, line = finding.path, finding.line
    server, repository, commit = (
        env.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")
    )
    if server and repository and commit:
        repo_path = repository_path(finding)
        if repo_path is None:
            return None
        base = f"{_quoted(server.rstrip('/'), ':/')}/{_quoted(repository)}/blob/{_quoted(commit)}"
        return f"{base}/{_quoted(repo_path)}#L{line}"
    return f"{_quoted(path.replace(_BACKSLASH, '/'))}#L{line}"


def _quoted(text: str, safe: str = "/") -> str:
    return quote(text, safe=safe, errors="replace")


def _by_rule(findings: Sequence[Finding], rules: Sequence[Rule]) -> list[str]:
    codes = {rule.name: rule.code for rule in rules}
    counts: Counter[tuple[str, str]] = Counter((f.rule, f.severity.value) for f in findings)
    ordered = sorted(counts.items(), key=lambda item: (item[0][1] != "error", -item[1], item[0]))
    return [
        f"| {_code(rule)} | {codes.get(rule, '')} | {severity} | {count} |"
        for (rule, severity), count in ordered
    ]


def _finding_row(entry: Entry, env: Mapping[str, str]) -> str:
    finding = entry.first
    location = cell(f"{finding.path}:{finding.line}:{finding.column}")
    link = line_link(finding, env)
    if link is not None:
        location = f"[{location}]({link})"
    return (
        f"| {location} | {finding.severity.value} | {_code(finding.rule)} | "
        f"{cell(message(entry))} |"
    )


def _add_notes(out: _Writer, report: Report) -> None:
    """The warnings `--quiet` left out and the external URLs not checked, as a list."""
    lines = [f"- {cell(note)}" for note in notes(report)]
    if lines:
        out.add(*lines, "")


def _add_counts(out: _Writer, findings: Sequence[Finding], rules: Sequence[Rule]) -> None:
    out.add("### Findings per rule", "", "| Rule | Code | Severity | Findings |")
    out.add("| --- | --- | --- | ---: |")
    for row in _by_rule(findings, rules):
        out.add(row)
    out.add("", "### Findings per section", "")
    out.add("| File | Section | Errors | Warnings | Rules |", "| --- | --- | ---: | ---: | --- |")
    for row in _section_rows(findings):
        out.add(row)


def _add_findings(
    out: _Writer,
    findings: Sequence[Finding],
    env: Mapping[str, str],
    max_bytes: int,
) -> None:
    """Every finding in a `<details>` table (one row per entry), as many as fit; then a note."""
    opened = out.add("", f"<details><summary>All {plural(len(findings), 'finding')}</summary>", "")
    shown = 0
    if opened and out.add("| Location | Severity | Rule | Message |", "| --- | --- | --- | --- |"):
        for entry in errors_first(findings):
            if not out.add(_finding_row(entry, env)):
                break
            shown += len(entry.findings)
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


def render(
    report: Report,
    *,
    rules: Sequence[Rule] | None = None,
    max_bytes: int = MAX_BYTES,
    env: Mapping[str, str] | None = None,
) -> str:
    """The Markdown report; `env` is the environment to read GitHub's variables from."""
    findings = sorted(report.findings, key=Finding.sort_key)
    out = _Writer(max(max_bytes - _RESERVE, 0))
    out.add("## roadmap-lint", "")
    if not findings:
        clean = "No errors" if hidden_warnings(report) else "No problems found"
        out.add(f"{clean}: {summary_line(report)}", "")
        _add_notes(out, report)
        return "\n".join(out.lines) + "\n"
    out.add(f"**{summary_line(report)}**", "")
    _add_notes(out, report)
    _add_counts(out, findings, rulemeta.catalogue(rules))
    _add_findings(out, findings, env or {}, max_bytes)
    return "\n".join(out.lines) + "\n"
