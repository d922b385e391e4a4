"""The rule registry and the documentation generated from it; one test module per rule."""

from __future__ import annotations

import re
from pathlib import Path

from roadmap_lint.rules import all_rules, find_rule
from roadmap_lint.rules.catalogue import markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
HERE = Path(__file__).resolve().parent


def test_docs_rules_md_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == markdown(), (
        "docs/rules.md is stale: run `python -m roadmap_lint.rules.catalogue > docs/rules.md`"
    )


def test_codes_and_names_are_unique_and_well_formed() -> None:
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
    for rule in rules:
        assert re.fullmatch(r"RL[1-9]\d\d", rule.code), rule.code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
        assert (rule.check is None) != (rule.check_links is None), rule.name


def test_every_rule_documents_a_failing_and_a_passing_example() -> None:
    for rule in all_rules():
        assert rule.doc.startswith(f"{rule.name}:"), rule.name
        assert "Fails" in rule.doc and "Passes" in rule.doc, rule.name


def test_find_rule_by_name_or_code() -> None:
    assert find_rule("broken-anchor") is find_rule("RL101") is find_rule("rl101")
    assert find_rule("nope") is None


def test_list_rules_and_explain(run_cli) -> None:
    listed = run_cli("--list-rules")
    assert listed.exit_code == 0
    for rule in all_rules():
        assert rule.code in listed.stdout and rule.name in listed.stdout
    explained = run_cli("--explain", "toc-order")
    assert explained.exit_code == 0
    assert explained.stdout.startswith("RL202 toc-order (warning by default)")
    unknown = run_cli("--explain", "nope")
    assert unknown.exit_code == 2
    assert "unknown rule nope" in unknown.stderr


def test_every_rule_has_its_test_module() -> None:
    """tests/rules/test_<name>.py for each rule, so that a rule's tests are found by its name."""
    modules = {path.stem.removeprefix("test_") for path in HERE.glob("test_*.py")}
    missing = [r.name for r in all_rules() if r.name.replace("-", "_") not in modules]
    assert missing == [], f"rules without tests/rules/test_<name>.py: {missing}"
