"""Run settings, with the defaults every entry point shares."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class Config:
    offline: bool = False
    select: frozenset[str] | None = None  # None: every rule
    ignore: frozenset[str] = frozenset()

    def enabled(self, rule: str) -> bool:
        return rule not in self.ignore and (self.select is None or rule in self.select)


def parse_rule_list(value: str | None, known: list[str], option: str) -> frozenset[str] | None:
    """Parse a comma-separated `--select`/`--ignore` value, refusing unknown names."""
    if value is None:
        return None
    names = frozenset(name.strip() for name in value.split(",") if name.strip())
    unknown = sorted(names - set(known))
    if unknown:
        raise UsageError(f"{option}: unknown rule {', '.join(unknown)} (see --list-rules)")
    return names
