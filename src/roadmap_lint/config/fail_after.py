"""`--fail-after` / `[links] fail-after`: how long a link must stay broken to be an error.

A number of runs in a row (`3`) or a time (`3d`, `12h`, `2w`) since the first run of those
that found it broken. The cache remembers at most 30 runs and 90 days of each URL, so those
are the limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_RUNS = 30  # runs the history keeps per URL
MAX_DAYS = 90  # days the history keeps
_UNITS = {"h": 3600.0, "d": 86400.0, "w": 7 * 86400.0}
_RUNS = re.compile(r"^\s*(\d+)\s*$")
_TIME = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([hdw])\s*$", re.IGNORECASE)
_SYNTAX = "a number of runs in a row (3) or a time (3d, 12h, 2w)"


@dataclass(frozen=True)
class FailAfter:
    """Exactly one of `runs` and `seconds` is set; `text` is the value as written."""

    text: str
    runs: int | None = None
    seconds: float | None = None

    def reached(self, runs: int, since: float, now: float) -> bool:
        """Whether a link broken for `runs` runs in a row, the first at `since`, is an error."""
        if self.runs is not None:
            return runs >= self.runs
        return now - since >= (self.seconds or 0.0)


def parse_fail_after(value: object) -> FailAfter:
    """`3`, `"3"` → 3 runs; `"3d"`, `"12h"`, `"2w"` → that time. ValueError says what is wrong."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"must be {_SYNTAX}, not {value!r}")
    runs = _RUNS.match(value)
    if runs:
        count = int(runs.group(1))
        if not 1 <= count <= MAX_RUNS:
            raise ValueError(
                f"must be from 1 to {MAX_RUNS} runs (the cache remembers {MAX_RUNS}), not {count}"
            )
        return FailAfter(value.strip(), runs=count)
    time = _TIME.match(value)
    if not time:
        raise ValueError(f"must be {_SYNTAX}, not {value!r}")
    seconds = float(time.group(1)) * _UNITS[time.group(2).lower()]
    if not 0 < seconds <= MAX_DAYS * 86400.0:
        raise ValueError(
            f"must be more than 0 and at most {MAX_DAYS} days (the cache remembers "
            f"{MAX_DAYS}), not {value.strip()!r}"
        )
    return FailAfter(value.strip().replace(" ", ""), seconds=seconds)
