"""The rule catalogue: every check, its name, default severity and documentation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model import Finding, LinkResult, Location, Position, Severity
from .context import LintContext

DocumentCheck = Callable[[LintContext], Iterable[Finding]]
LinksCheck = Callable[[list[LinkResult]], Iterable[Finding]]


def _no_document_check(context: LintContext) -> Iterable[Finding]:
    return ()


@dataclass(frozen=True)
class Rule:
    """A rule checks either one document or the verdicts on the external links."""

    name: str
    severity: Severity
    check: DocumentCheck
    summary: str
    check_links: LinksCheck | None = None

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
        )


def all_rules() -> list[Rule]:
    from . import (
        anchor_case,
        blocked_link,
        broken_anchor,
        broken_fragment,
        broken_link,
        missing_file,
        redirected_link,
        toc_missing_entry,
        toc_order,
        toc_text_mismatch,
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
    ]


def rule_names() -> list[str]:
    return [rule.name for rule in all_rules()]
