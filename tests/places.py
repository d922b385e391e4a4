"""Findings given their place (line text, section, repository path) as the pipeline gives it,
for reporter tests that build their reports by hand."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Mapping

from roadmap_lint.markdown import parse
from roadmap_lint.model import Report, Section


def placed(report: Report, texts: Mapping[str, str]) -> Report:
    """The report with each finding in one of `texts` (display path → text) placed in it."""
    findings = []
    for finding in report.findings:
        text = texts.get(finding.path)
        if text is None:
            findings.append(finding)
            continue
        lines = text.split("\n")
        sections = [Section(h.position.line, h.text) for h in parse(text, finding.path).headings]
        index = bisect.bisect_right([s.line for s in sections], finding.line) - 1
        findings.append(
            dataclasses.replace(
                finding,
                line_text=lines[finding.line - 1] if 0 < finding.line <= len(lines) else None,
                section=sections[index] if index >= 0 else None,
                repo_path=finding.path,
            )
        )
    return Report(findings, report.links, report.summary)
