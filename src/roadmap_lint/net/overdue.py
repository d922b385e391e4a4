"""One watch over every request under way: which has had no answer for too long.

A timer task per request would cost a task, a task group and a cancel scope for each of
thousands of requests that nearly all answer in time; one task looking over them all, a few
times a second, costs nothing per request but a dictionary entry.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import anyio

# How often the watch looks, at most: a request is found overdue up to this much late.
TICK = 0.05


class OverdueWatch:
    """Calls each registered callback once, when its moment (on anyio's clock) has passed."""

    def __init__(self) -> None:
        self._due: dict[object, tuple[float, Callable[[], None]]] = {}
        self._added: anyio.Event | None = None

    def add(self, key: object, due: float, callback: Callable[[], None]) -> None:
        self._due[key] = (due, callback)
        if self._added is not None:
            self._added.set()

    def discard(self, key: object) -> None:
        self._due.pop(key, None)

    async def run(self) -> None:
        """Watch until cancelled."""
        while True:
            if not self._due:
                self._added = anyio.Event()
                await self._added.wait()
                self._added = None
            now = anyio.current_time()
            soonest = math.inf
            for key, (due, callback) in list(self._due.items()):
                if due <= now:
                    del self._due[key]
                    callback()
                else:
                    soonest = min(soonest, due)
            if self._due:
                await anyio.sleep(min(max(soonest - now, 0.0), TICK))
