"""`--format json`: the report as `roadmap-lint/report@1` (see CONTRACT.md)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
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
        # From the cache's history of runs: when the link's current run of failures began
        # and how many runs it holds (null and 0 for a link not broken, or with no cache).
        "broken_since": _utc(result.broken_since),
        "failures_in_a_row": result.failures_in_a_row,
        "snapshot": result.snapshot,
        "locations": [
            {"path": loc.path, "line": loc.line, "column": loc.column} for loc in result.locations
        ],
    }


def _utc(seconds: float | None) -> str | None:
    """`2026-11-20T08:00:00Z`"""
    if seconds is None:
        return None
    return datetime.fromtimestamp(int(seconds), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


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
