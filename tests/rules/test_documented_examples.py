"""Each local rule's documented examples (`--explain`, docs/rules.md) do what they say:
the "Fails" example gets a finding of that rule, the "Passes" example none."""

from __future__ import annotations

import re
import textwrap

import pytest

from roadmap_lint.config.settings import Config
from roadmap_lint.pipeline.run import lint_text
from roadmap_lint.rules import all_rules
from roadmap_lint.rules.base import Rule

# Examples that need what lint_text has not: linked files on disk, or a server's answer.
NEEDS_MORE = {"missing-file": "linked files", "insecure-url": "a server's answer"}
# "Fails:" or "Fails (why):", a blank line, then the example indented by four spaces.
_EXAMPLE = re.compile(r"^(Fails|Passes)\b[^\n]*:\n\n((?:    [^\n]*\n|\n)+)", re.MULTILINE)


def example(rule: Rule, label: str) -> str | None:
    """The rule's documented example under `label`; None when it is told in words only."""
    for found in _EXAMPLE.finditer(rule.doc + "\n"):
        if found[1] == label:
            return textwrap.dedent(found[2]).strip("\n") + "\n"
    return None


LOCAL_RULES = [r for r in all_rules() if r.check is not None and r.name not in NEEDS_MORE]


def findings_of(rule: Rule, text: str) -> list[str]:
    config = Config(offline=True, select=frozenset({rule.name}))
    report = lint_text(text, "README.md", config)
    return [f"{f.line}: {f.message}" for f in report.findings if f.rule == rule.name]


@pytest.mark.parametrize("rule", LOCAL_RULES, ids=lambda r: r.name)
def test_the_failing_example_fails(rule: Rule) -> None:
    failing = example(rule, "Fails")
    assert failing is not None, "every rule shows an example that fails"
    assert findings_of(rule, failing), failing


@pytest.mark.parametrize("rule", LOCAL_RULES, ids=lambda r: r.name)
def test_the_passing_example_passes(rule: Rule) -> None:
    passing = example(rule, "Passes")
    if passing is None:
        pytest.skip("the passing cases are told in words")
    assert findings_of(rule, passing) == [], passing
