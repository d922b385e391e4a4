"""Which rules a run runs: the default set, `select`, `extend-select`, `ignore`, a severity in
the config file, and whether a rule was named; and the order the findings come in."""

from __future__ import annotations

from roadmap_lint import lint_text
from roadmap_lint.config.settings import Config
from roadmap_lint.rules import all_rules, find_rule
from roadmap_lint.rules.base import Rule


def _rule(name: str) -> Rule:
    rule = find_rule(name)
    assert rule is not None
    return rule


def test_style_rules_are_off_by_default_and_precise_ones_on() -> None:
    off = {rule.name for rule in all_rules() if not rule.default}
    assert off == {"bare-url", "empty-section", "list-item-style"}
    assert _rule("malformed-link").default and _rule("duplicate-url").default


def test_selection_by_name_code_and_family_prefix() -> None:
    toc_only = Config(select=frozenset({"RL2"}))
    assert toc_only.enabled("toc-order", "RL202")
    assert not toc_only.enabled("broken-anchor", "RL101")
    by_code = Config(ignore=frozenset({"RL101"}))
    assert not by_code.enabled("broken-anchor", "RL101")
    assert by_code.enabled("anchor-case", "RL102")


def test_select_and_ignore() -> None:
    text = "# P\n[x](#nope)\n[y](#P)\n"
    only_case = lint_text(text, config=Config(offline=True, select=frozenset({"anchor-case"})))
    assert {f.rule for f in only_case.findings} == {"anchor-case"}
    no_broken = lint_text(text, config=Config(offline=True, ignore=frozenset({"broken-anchor"})))
    assert {f.rule for f in no_broken.findings} == {"anchor-case"}


def test_selecting_runs_only_the_selected_and_extend_select_adds() -> None:
    text = "# T\n\n## Empty\n\n## Next\n\n- [a](https://a.org/) [docs] (https://b.org/)\n"
    defaults = {f.rule for f in lint_text(text, config=Config(offline=True)).findings}
    assert defaults == {"malformed-link"}
    only = Config(offline=True, select=frozenset({"empty-section"}))
    assert {f.rule for f in lint_text(text, config=only).findings} == {"empty-section"}
    more = Config(offline=True, extend_select=frozenset({"RL410"}))
    assert {f.rule for f in lint_text(text, config=more).findings} == {
        "malformed-link",
        "empty-section",
    }


def test_a_severity_in_the_config_turns_a_rule_on_without_naming_it() -> None:
    config = Config(offline=True, severities={"empty-section": "warning"})
    assert config.enabled("empty-section", "RL410", default=False)
    assert not config.named("empty-section", "RL410")
    assert Config(select=frozenset({"RL4"})).enabled("empty-section", "RL410", default=False)
    assert not Config(select=frozenset({"RL4"})).named("empty-section", "RL410")
    assert Config(extend_select=frozenset({"rl410"})).named("empty-section", "RL410")


def test_findings_are_sorted_by_position() -> None:
    text = "[b](#nope2)\n# P\n[a](#nope1) [c](#nope3)\n"
    found = lint_text(text).findings
    assert [(f.line, f.column) for f in found] == sorted((f.line, f.column) for f in found)
