"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

- `tool.driver.rules` describes every registered rule, not only those that fired, so that
  `ruleIndex` is stable and a viewer can show the documentation of any rule.
- A rule's SARIF `id` is its code (`RL101`) and its `name` the rule name (`broken-anchor`):
  SARIF asks for an opaque, stable `id` and a readable `name`; both are stable by contract.
  Results carry the code in `ruleId` and the name in `properties.rule`.
- Locations are relative to the repository root with `uriBaseId` `%SRCROOT%`; columns count
  Unicode code points, as everywhere in roadmap-lint.
- `partialFingerprints["roadmapLint/v1"]` hashes the rule, the path, the link target and the
  line's text with white space normalised, never the line number: editing lines above a
  finding does not make code scanning see it as a new alert. Identical findings on
  identical lines are told apart by an `:N` occurrence suffix, as GitHub does.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from roadmap_lint.model import Finding, Report
from roadmap_lint.reporters import rulemeta
from roadmap_lint.reporters.places import end_column, repository_path
from roadmap_lint.version import __version__

if TYPE_CHECKING:
    from roadmap_lint.rules.base import Rule

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://pypi.org/project/roadmap-lint/"
FINGERPRINT_KEY = "roadmapLint/v1"
SRCROOT = "%SRCROOT%"
_LEVELS = {"error": "error", "warning": "warning"}
_DIGITS = re.compile(r"\d+")


def _descriptor(rule: Rule) -> dict[str, Any]:
    documentation = rulemeta.documentation(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rulemeta.description(rule)},
        "help": {"text": documentation, "markdown": documentation},
        "defaultConfiguration": {"level": _LEVELS[rule.severity.value]},
        "properties": {"tags": [rule.name]},
    }


def _unknown_descriptor(name: str) -> dict[str, Any]:
    """A finding of a rule the registry does not know (a plugin, a test): describe it minimally."""
    return {"id": name, "name": name, "shortDescription": {"text": name}}


def normalised(text: str) -> str:
    return " ".join(text.split())


def fingerprint_basis(finding: Finding, path: str, line_text: str | None) -> str:
    """What a finding's identity is made of: never its line number."""
    where = normalised(line_text) if line_text is not None else _DIGITS.sub("#", finding.message)
    return "\0".join((finding.rule, path, finding.url or finding.target or "", where))


def _uri(finding: Finding) -> tuple[str, str | None]:
    path, relative = finding.path, repository_path(finding)
    if relative is not None:
        return quote(relative, safe="/"), SRCROOT
    posix = path.replace("\\", "/")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/"), None
    return quote(posix, safe="/:"), None


def _message(finding: Finding) -> str:
    if finding.suggestion:
        return f"{finding.message} (suggestion: {finding.suggestion})"
    return finding.message


def _result(finding: Finding, index: int, rule_id: str, seen: dict[str, int]) -> dict[str, Any]:
    uri, base = _uri(finding)
    line_text = finding.line_text
    region: dict[str, int] = {"startLine": finding.line, "startColumn": max(finding.column, 1)}
    end = end_column(finding)
    if end is not None and end > region["startColumn"]:
        region["endLine"] = finding.line
        region["endColumn"] = end
    artifact: dict[str, Any] = {"uri": uri}
    if base is not None:
        artifact["uriBaseId"] = base
    digest = hashlib.sha256(
        fingerprint_basis(finding, uri, line_text).encode("utf-8", "surrogatepass")
    ).hexdigest()[:32]
    seen[digest] = seen.get(digest, 0) + 1
    properties: dict[str, Any] = {"rule": finding.rule}
    for key in ("target", "suggestion", "url"):
        value = getattr(finding, key)
        if value is not None:
            properties[key] = value
    return {
        "ruleId": rule_id,
        "ruleIndex": index,
        "level": _LEVELS[finding.severity.value],
        "message": {"text": _message(finding)},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: f"{digest}:{seen[digest]}"},
        "properties": properties,
    }


def to_data(
    report: Report,
    *,
    rules: Sequence[Rule] | None = None,
) -> dict[str, Any]:
    catalogue = rulemeta.catalogue(rules)
    descriptors = [_descriptor(rule) for rule in catalogue]
    index_by_name = {rule.name: i for i, rule in enumerate(catalogue)}
    seen: dict[str, int] = {}
    results = []
    for finding in sorted(report.findings, key=Finding.sort_key):
        index = index_by_name.get(finding.rule)
        if index is None:
            index = len(descriptors)
            index_by_name[finding.rule] = index
            descriptors.append(_unknown_descriptor(finding.rule))
        rule_id = descriptors[index]["id"]
        results.append(_result(finding, index, rule_id, seen))
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "roadmap-lint",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "invocations": [{"executionSuccessful": True}],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(
    report: Report,
    *,
    rules: Sequence[Rule] | None = None,
) -> str:
    return json.dumps(to_data(report, rules=rules), ensure_ascii=False, indent=2) + "\n"
