"""Running one rule on Markdown written in the test, the way yamllint's rule tests do.

    check(text, "broken-anchor", [(3, 5)])            # a default run: (line, column) of each finding
    check_named(text, "insecure-url", [(1, 3)])        # as with `--select insecure-url`
    check(text, "broken-link", [(3, 3)], verdicts={url: Verdict(LinkState.BROKEN)})

`check` runs the rule as a default run would: offline, every rule on by default running
too (some rules hand findings to one another), the rule turned on without being named when
it is off by default (as `[rules] NAME = "warning"` does). `check_named` runs it as when
named with `--select NAME`, which makes some rules report more (see `Config.named`).

Options are given as keywords, `_` standing for `-` (`ignore_fragments=True` is the
`ignore-fragments` option); `severity=` sets the rule's severity as the config file does.
With `verdicts`, the external links are given those verdicts, as the network would; every
other external URL is excluded, so nothing is ever requested. With `folder`, the text is
written there as `README.md` and linted as a file (for relative links).

Both return the rule's findings, for the messages, suggestions and fixes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from roadmap_lint.config.settings import Config
from roadmap_lint.fix.edits import apply_edits
from roadmap_lint.model import Finding, Report, Verdict
from roadmap_lint.net.settings import NetSettings
from roadmap_lint.pipeline import SourceFile, lint_paths, lint_sources
from roadmap_lint.rules import find_rule

README = "README.md"
_EVERYTHING = re.compile("")  # an --exclude pattern every URL matches


def config(
    *rules: str,
    named: bool = False,
    severity: str | None = None,
    offline: bool = True,
    **options: Any,
) -> Config:
    """The settings of a run of `rules` (see the module's docstring)."""
    severities: dict[str, str] = {}
    for name in rules:
        rule = find_rule(name)
        assert rule is not None, f"no rule {name}"
        if severity is not None:
            severities[rule.name] = severity
        elif not rule.default and not named:
            severities[rule.name] = rule.severity.value  # on, but not named
    values = {key.replace("_", "-"): value for key, value in options.items()}
    settings: dict[str, Any] = {
        "offline": offline,
        "severities": severities,
        "rule_options": {name: values for name in rules} if values else {},
    }
    if named:
        settings["select"] = frozenset(rules)
    if not offline:
        settings.update(cache=False, net=NetSettings(excludes=(_EVERYTHING,)))
    return Config(**settings)


def run(
    text: str,
    *rules: str,
    named: bool = False,
    severity: str | None = None,
    verdicts: Mapping[str, Verdict] | None = None,
    folder: Path | None = None,
    path: str = README,
    **options: Any,
) -> Report:
    """The whole report of a run on `text` (see the module's docstring for the settings)."""
    settings = config(*rules, named=named, severity=severity, offline=verdicts is None, **options)
    if folder is not None:
        file = folder / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
        report = lint_paths([str(file)], settings)
    else:
        source = SourceFile(None, path, text)
        report = lint_sources([source], settings, known=dict(verdicts or {}))
    assert report.summary.requests == 0, "a rule test sent a request"
    return report


def lint(text: str, *rules: str, **settings: Any) -> list[Finding]:
    """The findings of `rules` (every rule's if none is given) on `text`, in report order."""
    report = run(text, *rules, **settings)
    return [f for f in report.findings if not rules or f.rule in rules]


def positions(findings: Sequence[Finding]) -> list[tuple[int, int]]:
    return [(f.line, f.column) for f in findings]


def check(
    text: str, rule: str, expected: Sequence[tuple[int, int]], **settings: Any
) -> list[Finding]:
    """`rule`'s findings on `text` in a default run, asserted to be at `expected` (line, column)."""
    found = lint(text, rule, **settings)
    assert positions(found) == list(expected), _explain(found)
    return found


def check_named(
    text: str, rule: str, expected: Sequence[tuple[int, int]], **settings: Any
) -> list[Finding]:
    """As `check`, with the rule named (`--select RULE`)."""
    return check(text, rule, expected, named=True, **settings)


def fixed(text: str, findings: Sequence[Finding]) -> str:
    """`text` with the fixes of `findings` applied."""
    return apply_edits(text, [edit for finding in findings for edit in finding.fix])[0]


def _explain(found: Sequence[Finding]) -> str:
    return (
        "found: " + "; ".join(f"{f.line}:{f.column} {f.rule} {f.message}" for f in found)
        if found
        else "found nothing"
    )
