"""Per-host politeness: how many requests may be in flight, how far apart they start, and
pauses a host asked for (429, `Retry-After`). Other hosts are never held up by one host.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import anyio

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class HostGate:
    def __init__(self, max_in_flight: int, min_interval: float, clock: Clock, sleep: Sleep):
        self._slots = anyio.Semaphore(max_in_flight)
        self._min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._next_start = 0.0
        self._paused_until = 0.0
        self._start_lock = anyio.Lock()
        self._users = 0  # requests waiting for or holding a slot
        self._idle = anyio.Event()
        self._idle.set()

    def pause(self, seconds: float) -> None:
        """Hold every new request to this host for `seconds` (e.g. after a 429)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def wait_idle(self) -> None:
        """Return once no request is waiting for or holding a slot of this host."""
        while self._users:
            await self._idle.wait()

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        # Counted before the first await: whoever took this host's client just before asking
        # for a slot is a user from that moment, so the client is not closed under it.
        if self._users == 0:
            self._idle = anyio.Event()
        self._users += 1
        try:
            async with self._slots:
                async with self._start_lock:
                    while True:
                        now = self._clock()
                        wait = max(self._next_start, self._paused_until) - now
                        if wait <= 0:
                            break
                        await self._sleep(wait)
                    self._next_start = now + self._min_interval
                yield
        finally:
            self._users -= 1
            if self._users == 0:
                self._idle.set()
