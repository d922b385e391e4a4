"""Per-host politeness: how many requests may be in flight, how far apart they start, and
pauses a host asked for (429, `Retry-After`). Other hosts are never held up by one host.
"""

from __future__ import annotations

import heapq
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import anyio
import anyio.lowlevel

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
                if (
                    self._min_interval > 0
                    or self._paused_until > self._clock()
                    or self._start_lock.locked()
                ):
                    await self._wait_for_start()
                yield
        finally:
            self._users -= 1
            if self._users == 0:
                self._idle.set()

    async def _wait_for_start(self) -> None:
        """Wait out the host's pause and the gap since the previous start, one at a time."""
        async with self._start_lock:
            while True:
                now = self._clock()
                wait = max(self._next_start, self._paused_until) - now
                if wait <= 0:
                    break
                await self._sleep(wait)
            self._next_start = now + self._min_interval


class PriorityLimiter:
    """At most `slots` requests in flight in all; a freed slot goes to the most urgent waiter.

    Urgency is the host's backlog: the host with the most pages left bounds the whole run,
    so its requests go first when the machine cannot keep every host busy at once (served
    in arrival order, a long host's every round would wait behind all the short ones).
    """

    def __init__(self, slots: int, backlog_of: Callable[[str], int]):
        self._free = slots
        self._backlog_of = backlog_of
        self._waiters: list[tuple[int, int, anyio.Event]] = []  # (-backlog, arrival, event)
        self._arrivals = 0

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        await self._acquire(host)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, host: str) -> None:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            await anyio.lowlevel.checkpoint()
            return
        self._arrivals += 1
        entry = (-self._backlog_of(host), self._arrivals, anyio.Event())
        heapq.heappush(self._waiters, entry)
        try:
            await entry[2].wait()
        except BaseException:
            if entry[2].is_set():
                self._release()  # the slot was handed over just as we were cancelled
            else:
                self._waiters.remove(entry)
                heapq.heapify(self._waiters)
            raise

    def _release(self) -> None:
        if self._waiters:
            heapq.heappop(self._waiters)[2].set()  # the slot passes straight to the waiter
        else:
            self._free += 1
