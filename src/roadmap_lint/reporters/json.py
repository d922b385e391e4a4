"""`--format json`: the report as `roadmap-lint/report@1` (see CONTRACT.md)."""

from __future__ import annotations

import json
from typing import Any

from roadmap_lint.model import Finding, LinkResult, Report
from roadmap_lint.version import __version__

SCHEMA = "roadmap-lint/report@1"


def _finding(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
    }
    for key in ("target", "suggestion", "url"):
        value = getattr(finding, key)
        if value is not None:
            data[key] = value
    return data


def _link(result: LinkResult) -> dict[str, Any]:
    return {
        "url": result.url,
        "state": result.state.value,
        "http_status": result.http_status,
        "final_url": result.final_url,
        "error": result.error,
        "reason": result.reason,
        "cached": result.cached,
        "elapsed_ms": result.elapsed_ms,
        "locations": [
            {"path": loc.path, "line": loc.line, "column": loc.column} for loc in result.locations
        ],
    }


def to_data(report: Report) -> dict[str, Any]:
    summary = report.summary
    return {
        "schema": SCHEMA,
        "tool": {"name": "roadmap-lint", "version": __version__},
        "summary": {
            "files": summary.files,
            "links": summary.links,
            "urls": summary.urls,
            "requests": summary.requests,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "duration_s": summary.duration_s,
        },
        "findings": [_finding(f) for f in report.findings],
        "links": [_link(link) for link in report.links],
    }


def render(report: Report) -> str:
    return json.dumps(to_data(report), ensure_ascii=False) + "\n"
