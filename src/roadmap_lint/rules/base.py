"""What a rule is: its code, name, severity, documentation, checks and optional hooks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from roadmap_lint.model import Edit, Finding, LinkResult, Location, Position, Severity
from roadmap_lint.rules.context import LintContext

DocumentCheck = Callable[[LintContext], Iterable[Finding]]
LinksCheck = Callable[[list[LinkResult]], Iterable[Finding]]


@dataclass(frozen=True)
class RunVerdicts:
    """The run's verdicts, for rules that complete their findings once they are known."""

    by_url: Mapping[str, LinkResult]  # empty offline
    # Whether the online part applies to a finding (not on lines --changed-since leaves out).
    covers: Callable[[Finding], bool] = lambda finding: True


# URLs a run that prepares fixes requests besides the documents' own, to verify a fix.
Probe = Callable[[Sequence[LinkResult]], Iterable[str]]
# The findings once the verdicts are known; `named`: the rule was asked for by name.
Settle = Callable[[list[Finding], RunVerdicts, bool], list[Finding]]


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
    probe: Probe | None = None
    settle: Settle | None = None
    # Its findings are links found broken (`Finding.url`): the pipeline adds how long each
    # has been broken, and `--fail-after` keeps them warnings until it has been long enough.
    dead_links: bool = False

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
