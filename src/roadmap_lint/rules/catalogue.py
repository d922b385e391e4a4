"""The rule catalogue as documentation: `--list-rules`, `--explain`, and docs/rules.md.

Regenerate the document with `python -m roadmap_lint.rules.catalogue > docs/rules.md`.
"""

from __future__ import annotations

import inspect

from . import Rule, all_rules


def listing() -> str:
    lines = [f"{'code':<6} {'name':<26} {'severity':<8} summary"]
    for rule in all_rules():
        lines.append(f"{rule.code:<6} {rule.name:<26} {rule.severity.value:<8} {rule.summary}")
    return "\n".join(lines) + "\n"


def explain(rule: Rule) -> str:
    text = f"{rule.code} {rule.name} ({rule.severity.value} by default)\n\n{inspect.cleandoc(rule.doc)}\n"
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
