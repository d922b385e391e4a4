"""Rule selectors: a rule's name, its code, or a code prefix (`RL1` for every RL1xx rule).

Used alike by `--select`/`--ignore`, the config file and inline control comments.
"""

from __future__ import annotations

from roadmap_lint.errors import UsageError


def names_rule(selector: str, name: str, code: str) -> bool:
    """Whether a selector names a rule: its name, its code or a code prefix (`RL1` for RL1xx)."""
    if selector == name:
        return True
    upper = selector.upper()
    return bool(code) and upper.startswith("RL") and code.startswith(upper)


def selected(selectors: frozenset[str], name: str, code: str) -> bool:
    return any(names_rule(selector, name, code) for selector in selectors)


def parse_rule_list(
    value: str | None, known: list[tuple[str, str]], option: str
) -> frozenset[str] | None:
    """Parse a comma-separated `--select`/`--ignore` value of rule names, codes or code prefixes."""
    if value is None:
        return None
    selectors = frozenset(name.strip() for name in value.split(",") if name.strip())
    unknown = sorted(s for s in selectors if not any(names_rule(s, n, c) for n, c in known))
    if unknown:
        raise UsageError(f"{option}: unknown rule {', '.join(unknown)} (see --list-rules)")
    return selectors
