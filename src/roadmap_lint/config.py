"""Run settings, with the defaults every entry point shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .net.settings import NetSettings

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


@dataclass(frozen=True)
class Config:
    offline: bool = False
    select: frozenset[str] | None = None  # None: every rule
    ignore: frozenset[str] = frozenset()
    net: NetSettings = field(default_factory=NetSettings)
    cache: bool = True
    cache_path: Path | None = None  # None: the default location (see cache.default_path)
    max_cache_age: float = 86400.0  # seconds

    def enabled(self, name: str, code: str = "") -> bool:
        if _selected(self.ignore, name, code):
            return False
        return self.select is None or _selected(self.select, name, code)


def _selected(selectors: frozenset[str], name: str, code: str) -> bool:
    """Whether a rule is named by a name, its code or a code prefix (`RL1` for RL1xx)."""
    return any(
        selector == name
        or (bool(code) and selector.upper().startswith("RL") and code.startswith(selector.upper()))
        for selector in selectors
    )


def parse_rule_list(
    value: str | None, known: list[tuple[str, str]], option: str
) -> frozenset[str] | None:
    """Parse a comma-separated `--select`/`--ignore` value of rule names, codes or code prefixes."""
    if value is None:
        return None
    selectors = frozenset(name.strip() for name in value.split(",") if name.strip())
    unknown = sorted(
        s for s in selectors if not any(_selected(frozenset({s}), n, c) for n, c in known)
    )
    if unknown:
        raise UsageError(f"{option}: unknown rule {', '.join(unknown)} (see --list-rules)")
    return selectors


def parse_duration(value: str, option: str) -> float:
    """`90`, `90s`, `30m`, `12h`, `1d`, `2w` → seconds."""
    match = _DURATION.match(value)
    if not match:
        raise UsageError(f"{option}: {value!r} is not a duration (examples: 3600, 30m, 12h, 1d)")
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


def compile_excludes(
    patterns: tuple[str, ...] | list[str], option: str
) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as error:
            raise UsageError(f"{option}: bad regular expression {pattern!r}: {error}") from None
    return tuple(compiled)
