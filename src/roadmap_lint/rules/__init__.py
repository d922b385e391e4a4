"""The rule catalogue: every check, its code, name, default severity, options and documentation.

Codes are grouped by family: RL1xx links inside the repository, RL2xx the table of
contents, RL3xx external links, RL4xx content. A rule module's docstring is its user
documentation (with a failing and a passing example).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Edit, Finding, LinkResult, Location, Position, Severity
from .context import LintContext

DocumentCheck = Callable[[LintContext], Iterable[Finding]]
LinksCheck = Callable[[list[LinkResult]], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule checks either one document or the verdicts on the external links."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: DocumentCheck | None = None
    check_links: LinksCheck | None = None
    options: Mapping[str, Any] = field(default_factory=dict)  # option name → default value
    # On in a run that selects nothing: rules right at least 9 times in 10 on real lists.
    # The others run only when selected (`--select`, `--extend-select`, a severity set).
    default: bool = True

    @property
    def needs_network(self) -> bool:
        return self.check_links is not None

    def link_finding(
        self, location: Location, message: str, url: str, suggestion: str | None = None
    ) -> Finding:
        return Finding(
            rule=self.name,
            severity=self.severity,
            path=location.path,
            line=location.line,
            column=location.column,
            message=message,
            target=url,
            suggestion=suggestion,
            url=url,
            group=url,
        )

    def finding(
        self,
        context: LintContext,
        position: Position,
        message: str,
        *,
        target: str | None = None,
        suggestion: str | None = None,
        severity: Severity | None = None,
        fix: tuple[Edit, ...] = (),
        group: str | None = None,
    ) -> Finding:
        return Finding(
            rule=self.name,
            severity=severity or self.severity,
            path=context.display_path,
            line=position.line,
            column=position.column,
            message=message,
            target=target,
            suggestion=suggestion,
            fix=fix,
            group=group,
        )


def all_rules() -> list[Rule]:
    from . import (
        anchor_case,
        bare_url,
        blocked_link,
        broken_anchor,
        broken_fragment,
        broken_link,
        duplicate_url,
        duplicate_url_title,
        empty_link_text,
        empty_section,
        heading_level_skip,
        image_alt_missing,
        insecure_url,
        list_item_style,
        malformed_link,
        missing_file,
        mojibake,
        non_descriptive_link_text,
        redirected_link,
        toc_missing_entry,
        toc_order,
        toc_text_mismatch,
        tracking_parameter,
    )

    return [
        broken_anchor.RULE,
        anchor_case.RULE,
        missing_file.RULE,
        toc_missing_entry.RULE,
        toc_order.RULE,
        toc_text_mismatch.RULE,
        broken_link.RULE,
        broken_fragment.RULE,
        redirected_link.RULE,
        blocked_link.RULE,
        duplicate_url.RULE,
        duplicate_url_title.RULE,
        insecure_url.RULE,
        tracking_parameter.RULE,
        mojibake.RULE,
        empty_link_text.RULE,
        non_descriptive_link_text.RULE,
        bare_url.RULE,
        heading_level_skip.RULE,
        empty_section.RULE,
        image_alt_missing.RULE,
        list_item_style.RULE,
        malformed_link.RULE,
    ]


def rule_names() -> list[str]:
    return [rule.name for rule in all_rules()]


def rule_keys() -> list[tuple[str, str]]:
    """(name, code) of every rule."""
    return [(rule.name, rule.code) for rule in all_rules()]


_BY_KEY: dict[str, Rule] = {}


def find_rule(key: str) -> Rule | None:
    """The rule with this name or code."""
    if not _BY_KEY:
        for rule in all_rules():
            _BY_KEY[rule.name] = _BY_KEY[rule.code] = rule
    key = key.strip()
    return _BY_KEY.get(key) or _BY_KEY.get(key.upper())
