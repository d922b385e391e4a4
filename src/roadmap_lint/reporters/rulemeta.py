"""Rule metadata as the reporters need it: code, severity and documentation by rule name."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roadmap_lint.rules.base import Rule


def catalogue(rules: Sequence[Rule] | None = None) -> list[Rule]:
    """The given rules, or every registered rule."""
    if rules is not None:
        return list(rules)
    from roadmap_lint.rules import all_rules

    return all_rules()


def by_name(rules: Sequence[Rule]) -> dict[str, Rule]:
    return {rule.name: rule for rule in rules}


def documentation(rule: Rule) -> str:
    """The rule's documentation, dedented, with its options listed."""
    text = inspect.cleandoc(rule.doc).strip()
    if rule.options:
        text += "\n\nOptions (default values):\n\n" + "\n".join(
            f"- `{key}` = `{value!r}`" for key, value in rule.options.items()
        )
    return text


def description(rule: Rule) -> str:
    """The first two paragraphs of the documentation, each on one line, without `name: `."""
    paragraphs = [p for p in inspect.cleandoc(rule.doc).split("\n\n") if p.strip()]
    if not paragraphs:
        return rule.summary
    first = paragraphs[0].removeprefix(f"{rule.name}:").strip()
    first = first[:1].upper() + first[1:]
    chosen = [first]
    if len(paragraphs) > 1 and not paragraphs[1].startswith(("Fails", "Passes", "    ")):
        chosen.append(paragraphs[1])
    return " ".join(" ".join(p.split()) for p in chosen)
