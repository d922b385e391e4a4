"""The rule catalogue: every check, its name, default severity and documentation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model import Finding, Position, Severity
from .context import LintContext


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity
    check: Callable[[LintContext], Iterable[Finding]]
    summary: str

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
        broken_anchor,
        missing_file,
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
    ]


def rule_names() -> list[str]:
    return [rule.name for rule in all_rules()]
