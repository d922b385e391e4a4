"""The rule catalogue as documentation: `--list-rules`, `--explain`, and docs/rules.md.

Regenerate the document with `python -m roadmap_lint.rules.catalogue > docs/rules.md`.
"""

from __future__ import annotations

import difflib
import inspect

from roadmap_lint.rules import all_rules
from roadmap_lint.rules.base import Rule

FAMILIES = {
    "RL1": "links inside the repository",
    "RL2": "the table of contents",
    "RL3": "external links",
    "RL4": "content",
}


def listing() -> str:
    return "\n".join(_table(all_rules())) + "\n"


def _table(rules: list[Rule]) -> list[str]:
    """One aligned line per rule: code, name, default severity, on by default, summary."""
    rows = [("code", "name", "severity", "default", "summary")]
    rows += [
        (rule.code, rule.name, rule.severity.value, "on" if rule.default else "off", rule.summary)
        for rule in rules
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    return [
        " ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + " " + row[4]
        for row in rows
    ]


def family(prefix: str) -> list[Rule]:
    """The rules whose code starts with `prefix` (`RL4`, `RL40`); none for anything else."""
    upper = prefix.strip().upper()
    if not upper.startswith("RL"):
        return []
    return [rule for rule in all_rules() if rule.code.startswith(upper)]


def explain_family(prefix: str, rules: list[Rule]) -> str:
    """A family's rules, in a table, for `--explain RL4`."""
    upper = prefix.strip().upper()
    label = upper.ljust(5, "x")  # RL4 → RL4xx
    subject = FAMILIES.get(upper[:3], "every family")
    count = f"{len(rules)} rule{'s' if len(rules) != 1 else ''}"
    return (
        f"{label}: {subject}, {count}\n\n"
        + "\n".join(_table(rules))
        + f"\n\nFor one rule's documentation and examples: --explain NAME"
        f" (e.g. --explain {rules[0].name}).\n"
    )


def suggestion(key: str) -> str | None:
    """The rule most like a mistyped name or code: `broken-link`, `RL301 (broken-link)`."""
    rules = all_rules()
    by_key = {rule.name: rule.name for rule in rules}
    by_key.update((rule.code.lower(), f"{rule.code} ({rule.name})") for rule in rules)
    matches = difflib.get_close_matches(key.strip().lower(), by_key, n=1, cutoff=0.6)
    return by_key[matches[0]] if matches else None


def explain(rule: Rule) -> str:
    default = f"{rule.severity.value} by default"
    if not rule.default:
        default += f"; off unless selected, e.g. --extend-select {rule.name}"
    text = f"{rule.code} {rule.name} ({default})\n\n{inspect.cleandoc(rule.doc)}\n"
    if rule.options:
        text += "\nOptions:\n" + "".join(
            f"  {key} = {value!r}\n" for key, value in rule.options.items()
        )
    return text


def markdown() -> str:
    parts = [
        "# Rules\n",
        "Generated from the rule registry by `python -m roadmap_lint.rules.catalogue`;",
        "do not edit by hand.\n",
        "| code | name | default severity | summary |",
        "| --- | --- | --- | --- |",
    ]
    rules = all_rules()
    for rule in rules:
        parts.append(
            f"| {rule.code} | [`{rule.name}`](#{rule.code.lower()}-{rule.name}) | {rule.severity.value} | {rule.summary} |"
        )
    for rule in rules:
        parts.append(f"\n## {rule.code} {rule.name}\n")
        parts.append(f"Default severity: {rule.severity.value}.\n")
        parts.append(inspect.cleandoc(rule.doc).strip() + "\n")
        if rule.options:
            parts.append("Options (default values):\n")
            parts.extend(f"- `{key}` = `{value!r}`" for key, value in rule.options.items())
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
