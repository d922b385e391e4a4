"""Per-host politeness: how many requests may be in flight (adapting to how the host
answers), how far apart they start, and pauses the host asked for. Other hosts are never
held up by one host.
"""

from __future__ import annotations

import contextlib
import heapq
import math
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import anyio
import anyio.lowlevel

from roadmap_lint.net.shared_slots import SharedSlots

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

# Requests in flight to a host at first, before it has shown how many it serves promptly.
DEFAULT_START = 4
# An answer is prompt when it comes within this factor of the host's fastest, plus a margin
# for jitter: slower, and it waited in the host's queue.
PROMPT_FACTOR = 2.0
PROMPT_MARGIN = 0.05
# Requests to slow down in a row before the whole host is paused, and the pause without a
# Retry-After.
PAUSE_AFTER = 3
DEFAULT_PAUSE = 1.0
# Seconds the number in flight at a 429 is kept as the most the host accepts; doubled each
# time the host says so again.
CEILING_LASTS = 4.0
# Requests to slow down in a row after which the host is taken to refuse robots altogether:
# the requests that got one are not asked again. The refusals of requests sent before the last
# one came count once: they were in flight together, and said the same thing.
REFUSING_AFTER = 6
# Seconds after a request went out within which an answer read is taken to have left the
# host before the request reached it (see `HostGate._served_with`).
READ_MARGIN = 0.005
# Seconds between looks at a host that other processes of the run keep busy to its limit.
SHARED_POLL = 0.01
# A host that has timed out on this many requests, and answered none, is given up: a server
# that hangs would otherwise cost a timeout for every one of its links.
SILENT_AFTER = 2


class Place:
    """A request's turn at its host, while it lasts: how many requests were on the wire
    with it when it went out (itself included), and its place in the host's window, which
    it may give up before it ends (see `set_aside`)."""

    def __init__(self, gate: HostGate, on_the_wire: int):
        self.on_the_wire = on_the_wire
        self._gate = gate
        self._in_window = True  # False once set aside, or the request is over

    def set_aside(self) -> None:
        """The request has had no answer for much longer than its host takes: its place in
        the window goes to the next page. It still counts on the wire, against the most
        the host serves at once. A request that hangs would otherwise hold up its host for
        a whole timeout when the window is small (a paced host's may be one)."""
        if self._in_window:
            self._in_window = False
            self._gate._release()


class HostGivenUp(Exception):
    """The host answered nothing and timed out again and again: it is not asked again."""

    def __init__(self, timeouts: int):
        super().__init__(
            f"timed out (the host answered none of {timeouts} earlier requests; not asked again)"
        )


class HostGate:
    """One host's requests: how many may be in flight, how far apart they start, its pauses.

    The number in flight adapts as TCP's window does. It starts polite (`start`), grows by
    one each time a window's worth of answers came back promptly, and halves when the host
    answers 429, or 503 with `Retry-After` ("slow down"); as in TCP CUBIC, it grows back
    quickly (one per prompt answer) to where it was when told so, cautiously beyond. It
    never exceeds `cap` (`--max-per-host`, or the host's own setting).

    A 429 is a limit on requests at once or on requests a second (see `_limit_at_once`).
    At once, the window stays below the number that provoked it for a while (longer each
    time). A second, the rate at which requests start is halved, then recovers (see
    `Pacing`); meanwhile the window grows only when all of it is on the wire. The whole
    host is paused only when such answers keep coming.

    A host that has never answered and has timed out `SILENT_AFTER` times is given up: the
    requests waiting for it and those under way end at once with `HostGivenUp`.
    """

    def __init__(
        self,
        cap: int,
        min_interval: float,
        clock: Clock,
        sleep: Sleep,
        start: int = DEFAULT_START,
        shared: tuple[SharedSlots, str] | None = None,
    ):
        self.cap = max(1, cap)
        self._shared = shared  # the run's count for this host across processes, and the host
        self.window = min(max(1, start), self.cap)
        self._ceiling = self.cap  # the most the host has shown it accepts
        self._ceiling_until = 0.0
        self._ceiling_lasts = CEILING_LASTS
        self._in_flight = 0  # requests with a place in the window
        self._sending = 0  # of them, those sent and not yet answered
        self._served_at_once = 0  # the most sent at once when an answer came back fine
        self._waiters: deque[anyio.Event] = deque()  # for a place in the window
        self._woken: set[anyio.Event] = set()  # taken from it for a freed place, not yet in
        self._hedge_waiters: deque[anyio.Event] = deque()
        self._wire_waiters: deque[anyio.Event] = deque()
        self._prompt_answers = 0  # answers since the window last grew
        self._regain = 0  # the window when the host last asked to slow down, until regained
        # Requests to slow down in a row, those of requests in flight together counted once.
        self._refusals_in_a_row = 0
        self._refused_at: float | None = None  # when the last request to slow down came
        self._recent_ok: deque[float] = deque()  # when requests answered fine were sent
        self._read_at: deque[float] = deque()  # when answers fine were read, the last second
        self.latencies = Latencies()
        self._min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._next_start = 0.0
        self._recent_starts: deque[float] = deque()  # of the last second
        self.pacing = Pacing(clock)
        self._paused_until = 0.0
        self._start_lock = anyio.Lock()
        self._users = 0  # requests waiting for or holding a slot
        self._idle = anyio.Event()
        self._idle.set()
        self._answers = 0
        self._timeouts = 0
        self._under_way: set[anyio.CancelScope] = set()
        self.given_up = False

    @property
    def ceiling(self) -> int:
        """The most requests at once the host is sent for now (see `slow_down`)."""
        return self._ceiling

    def pause(self, seconds: float) -> None:
        """Hold every new request to this host for `seconds`."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def answered(self, seconds: float, lag: float = 0.0, on_the_wire: int | None = None) -> None:
        """An answer came back (not a request to slow down), after `seconds`, of which
        about `lag` were this process being too busy to read it (see `LoopLag`).
        `on_the_wire`: how many requests were sent and unanswered when this one went out,
        itself included (what `slot` gave); unknown, those now."""
        self._answers += 1
        self._refusals_in_a_row = 0
        self._recent_ok.append(self._clock() - seconds)
        _forget_before(self._recent_ok, self._clock() - 1.0)
        if on_the_wire is not None:
            self._served_at_once = max(
                self._served_at_once, self._served_with(on_the_wire, seconds, lag)
            )
        else:
            self._served_at_once = max(self._served_at_once, self._sending)
        self._read_at.append(self._clock())
        _forget_before(self._read_at, self._clock() - 1.0)
        self.latencies.add(seconds)
        if seconds - lag > PROMPT_FACTOR * self.latencies.fastest + PROMPT_MARGIN:
            return  # queued at the host: more in flight would only queue longer
        self._prompt_answers += 1
        self._lift_ceiling_if_run_out()
        self.pacing.answered(fast_enough=self.window / max(self.latencies.fastest, 1e-3))
        # Back to the window the host last asked to slow down at, one per prompt answer (it
        # served that many then: a slow-down may have been about one request, or a burst);
        # beyond, by one a round. While paced, only when the window is all on the wire: grown
        # while the pace held requests back, it would let them out all at once when the pace
        # no longer held them.
        regaining = self.window < self._regain
        used = self.pacing.rate() is None or self._sending >= self.window
        if (
            (regaining or self._prompt_answers >= self.window)
            and self.window < self._ceiling
            and used
        ):
            self.window += 1
            self._prompt_answers = 0
            self._wake()
        elif not regaining:
            self._regain = 0

    def slow_down(
        self,
        retry_after: float | None,
        rate_limited: bool = True,
        sent_at: float | None = None,
        on_the_wire: int | None = None,
    ) -> None:
        """The host answered 429 (`rate_limited`), or 503 with Retry-After: fewer requests
        at once and, after a 429, fewer at once or fewer a second. `sent_at`: when the
        request that got it was sent; `on_the_wire`: as for `answered`. A request sent
        before the last such answer came says nothing new: it was in flight with the one
        that got it, and the host's limits were already lowered."""
        self._answers += 1
        if sent_at is not None and self._refused_at is not None and sent_at < self._refused_at:
            return
        self._refused_at = self._clock()
        self._refusals_in_a_row += 1
        first = self._refusals_in_a_row == 1
        sent_with = self._sending if on_the_wire is None else on_the_wire
        if first and rate_limited and self._limit_at_once(sent_with):
            self._ceiling = min(self._ceiling, sent_with - 1)
            self._ceiling_until = self._clock() + self._ceiling_lasts
            self._ceiling_lasts *= 2  # the next time it is said again, believed for longer
        elif rate_limited and (first or self.pacing.rate() is None):
            # A limit on requests a second. The pace drops to half of what the host let
            # through in the last second (of half what was sent, if it let none through),
            # then recovers (see `Pacing`).
            self.pacing.limited(self._let_through_last_second())
            if not first:
                # Refused again, under the ceiling the first refusal set, before any answer
                # came back fine: the ceiling was not the limit. The next start waits one
                # interval: requests that had their places would go out at once, into the
                # same limit, as those sent since the first refusal did.
                self._next_start = max(self._next_start, self._clock() + self.pacing.interval)
        self._regain = max(self._regain, self.window)
        self.window = max(1, min(self.window // 2, self._ceiling))
        self._prompt_answers = 0
        if self._refusals_in_a_row >= PAUSE_AFTER:
            self.pause(retry_after if retry_after is not None else DEFAULT_PAUSE)

    def _limit_at_once(self, sent_with: int) -> bool:
        """Whether a 429 for a request sent with `sent_with` requests on the wire (itself
        included) is about how many the host takes at once, not how many a second.

        A single request refused says a limit per second; so does a refusal under a ceiling
        already in force, which kept the number at once below what was refused before.
        While paced (a limit per second is known), only a request sent with more than the
        host has ever served at once says a limit at once. Otherwise a limit at once is
        taken first: counted here, the number on the wire can be one off the host's (an
        answer on its way, a request from another process), so the number a host serves
        at once cannot be told from one refusal; and a ceiling wrongly set costs a second
        refusal, while a pace wrongly set holds a host to half of what it serves.
        """
        if sent_with < 2 or self._clock() < self._ceiling_until:
            return False
        if self.pacing.rate() is not None:
            return sent_with > self._served_at_once
        return True

    def _served_with(self, on_the_wire: int, seconds: float, lag: float) -> int:
        """How many requests the host served at once with one answered fine after `seconds`,
        sent with `on_the_wire` (itself included). Counted here, that can be one too many:
        an answer already on its way when the request went out, and read just after, was
        no longer at the host. Answers read within twice the loop's lag of the sending
        (`READ_MARGIN` at least) are not counted."""
        sent_at = self._clock() - seconds
        until = sent_at + max(2 * lag, READ_MARGIN)
        on_its_way = 0
        for read_at in reversed(self._read_at):
            if read_at <= sent_at:
                break
            if read_at <= until:
                on_its_way += 1
        return max(1, on_the_wire - on_its_way)

    def _let_through_last_second(self) -> int:
        now = self._clock()
        _forget_before(self._recent_starts, now - 1.0)
        _forget_before(self._recent_ok, now - 1.0)
        return len(self._recent_ok) or max(1, len(self._recent_starts) // 2)

    def timed_out(self) -> None:
        """A request got no answer from any of its attempts."""
        self._timeouts += 1
        if self._answers == 0 and self._timeouts >= SILENT_AFTER and not self.given_up:
            self.given_up = True
            for scope in self._under_way:
                scope.cancel()
            for waiter in (*self._waiters, *self._hedge_waiters, *self._wire_waiters):
                waiter.set()
            self._waiters.clear()

    def give_up_error(self) -> HostGivenUp:
        return HostGivenUp(self._timeouts)

    @property
    def refusing(self) -> bool:
        """Whether the host has asked to slow down so often in a row that it never serves."""
        return self._refusals_in_a_row >= REFUSING_AFTER

    async def wait_idle(self) -> None:
        """Return once no request is waiting for or holding a slot of this host."""
        while self._users:
            await self._idle.wait()

    @asynccontextmanager
    async def slot(
        self,
        hedge: bool = False,
        turn: Callable[[], AbstractAsyncContextManager[None]] | None = None,
        under_way: bool = False,
    ) -> AsyncIterator[Place]:
        """A turn to send one request: a place in the host's window, then (after any pause
        or pacing) the run's `turn`, then room on the wire. Gives the request's `Place`:
        how many requests are on the wire with this one, itself included (for `answered`
        and `slow_down`), and a way to give its place in the window up when overdue.

        A request for a page `under_way` (asked again, or a redirect's next hop) waits for
        its place before those of pages not yet begun. A hedge, a further attempt beside
        one that has had no answer for too long, needs only room on the wire, up to the
        most the host has accepted: a request that hangs should not hold back the attempt
        that may get an answer, nor should requests still waiting for their turn."""
        # Counted before the first await: whoever took this host's client just before asking
        # for a slot is a user from that moment, so the client is not closed under it.
        if self._users == 0:
            self._idle = anyio.Event()
        self._users += 1
        try:
            await self._acquire(hedge, under_way)
            place: Place | None = None
            try:
                if (
                    self._min_interval > 0
                    or self.pacing.rate() is not None
                    or self._paused_until > self._clock()
                    or self._start_lock.locked()
                ):
                    await self._wait_for_start()
                async with turn() if turn is not None else contextlib.nullcontext():
                    await self._on_the_wire()
                    place = Place(self, self._sending)
                    try:
                        self._recent_starts.append(self._clock())
                        _forget_before(self._recent_starts, self._clock() - 1.0)
                        with anyio.CancelScope() as scope:
                            if self.given_up:
                                scope.cancel()
                            self._under_way.add(scope)
                            try:
                                yield place
                            finally:
                                self._under_way.discard(scope)
                        if scope.cancelled_caught:
                            raise self.give_up_error()
                    finally:
                        self._off_the_wire()
            finally:
                if place is None:
                    self._release()
                else:
                    place.set_aside()  # its place in the window, unless given up already
        finally:
            self._users -= 1
            if self._users == 0:
                self._idle.set()

    async def _acquire(self, hedge: bool, under_way: bool) -> None:
        if not hedge:
            await self._take_place(under_way)
            return
        while self._sending >= self._ceiling:
            await self._wait_for_room(self._hedge_waiters)
        if self.given_up:  # while this request was being woken
            raise self.give_up_error()
        self._in_flight += 1

    async def _take_place(self, under_way: bool) -> None:
        """A place in the window, in turn: a page under way before pages not yet begun, the
        others in the order they asked. A page that has just asked does not take a place
        freed for one already waiting (nor does one woken and beaten to it lose its turn):
        taken that way, pages that asked early could wait behind later ones again and
        again, and one that hangs there would start its timeout late. A page under way
        (its GET after a refused HEAD, a redirect's next hop) may take it: it goes first."""
        woken = False
        while True:
            if self.given_up:
                raise self.give_up_error()
            waiting_ahead = bool(self._waiters or self._woken)
            if self._in_flight < self.window and (under_way or woken or not waiting_ahead):
                self._in_flight += 1
                return
            event = anyio.Event()
            if under_way or woken:
                self._waiters.appendleft(event)
            else:
                self._waiters.append(event)
            try:
                await event.wait()
            except BaseException:
                if event in self._waiters:
                    self._waiters.remove(event)
                elif event in self._woken:  # woken just as it was cancelled: the turn passes on
                    self._woken.discard(event)
                    self._wake()
                raise
            self._woken.discard(event)
            woken = True

    async def _wait_for_room(self, waiters: deque[anyio.Event]) -> None:
        """Wait in `waiters` until woken, or until a ceiling in force runs out: requests
        that hang may hold all the room below it, and no answer would come to lift it."""
        if self._ceiling >= self.cap:
            await self._wait_in(waiters)
            return
        with anyio.move_on_after(max(self._ceiling_until - self._clock(), 0.0)):
            await self._wait_in(waiters)
        self._lift_ceiling_if_run_out()

    def _lift_ceiling_if_run_out(self) -> None:
        """Limits are lifted too: once the ceiling's time is over, the host is tried above
        it again (slowly: the window still grows one at a time)."""
        if self._ceiling < self.cap and self._clock() >= self._ceiling_until:
            self._ceiling = self.cap

    async def _wait_in(self, waiters: deque[anyio.Event]) -> None:
        if self.given_up:
            raise self.give_up_error()
        event = anyio.Event()
        waiters.append(event)
        try:
            await event.wait()
        except BaseException:
            if event in waiters:
                waiters.remove(event)
            else:
                self._wake()  # woken just as it was cancelled: the turn passes on
            raise

    async def _on_the_wire(self) -> None:
        """Room to send: fewer than the most the host accepts are sent and unanswered (a
        hedge may have taken the room a request waiting for its turn had); with other
        processes in the run, counted with theirs."""
        while self._sending >= self._ceiling:
            await self._wait_for_room(self._wire_waiters)
        self._sending += 1
        if self._shared is not None:
            try:
                await self._take_shared()
            except BaseException:
                self._off_the_wire(shared=False)
                raise

    async def _take_shared(self) -> None:
        """Wait until the other processes of the run leave room at this host."""
        assert self._shared is not None
        slots, host = self._shared
        while not slots.take(host, self.cap):
            if self.given_up:
                raise self.give_up_error()
            await anyio.sleep(SHARED_POLL)

    def _off_the_wire(self, shared: bool = True) -> None:
        self._sending -= 1
        if shared and self._shared is not None:
            slots, host = self._shared
            slots.give(host)
        self._wake()

    def _release(self) -> None:
        self._in_flight -= 1
        self._wake()

    def _wake(self) -> None:
        # Hedges first: each belongs to a request already under way.
        room = self._ceiling - self._sending
        while room > 0 and self._wire_waiters:
            self._wire_waiters.popleft().set()
            room -= 1
        while room > 0 and self._hedge_waiters:
            self._hedge_waiters.popleft().set()
            room -= 1
        while self._in_flight + len(self._woken) < self.window and self._waiters:
            waiter = self._waiters.popleft()
            self._woken.add(waiter)
            waiter.set()

    async def _wait_for_start(self) -> None:
        """Wait out the host's pause and the gap since the previous start, one at a time."""
        async with self._start_lock:
            while True:
                now = self._clock()
                wait = max(self._next_start, self._paused_until) - now
                if wait <= 0:
                    break
                await self._sleep(wait)
            self._next_start = now + max(self._min_interval, self.pacing.interval)


def _forget_before(moments: deque[float], moment: float) -> None:
    """Drop the moments before `moment` from the front of a deque kept in time order (the
    send times of answers are kept in the order answered, nearly that of sending: one
    answered after a request sent later may be kept a moment too long)."""
    while moments and moments[0] < moment:
        moments.popleft()


class Pacing:
    """How many requests a second a host is sent once it has answered 429: at once half
    the rate that provoked the 429, back to that rate after `RETURN` seconds; beyond it,
    a tenth faster for each answer that comes back fine (as TCP's slow start grows by
    what is acknowledged, not by the clock). A rate limit is often lifted after a while (a
    burst allowance, a window that ends): growing by a fixed amount a second instead, a
    host that went from four requests a second to eighty would take the rest of the run to
    be found out; growing by the clock alone, a host that still refuses would get many
    requests more than it allows before its refusal came back.

    A host that says no again soon after the rate passes where it said so before has a
    lasting limit there: each time, the rate stays at that limit for longer (`HOLD`, then
    twice as long…) before it tries beyond, so a limit that never lifts is run into a few
    times a run, not every few seconds.
    """

    RETURN = 1.0  # seconds from the 429 until the rate that provoked it is reached again
    GROWTH = 1.1  # the rate beyond it, times this for each answer that came back fine
    HOLD = 1.0  # seconds at the limit, the first time it proves to last
    NEAR = 2.0  # a 429 after letting through less than this share beyond the last limit
    # is the same limit again

    def __init__(self, clock: Clock):
        self._clock = clock
        self._limit: float | None = None  # the rate at which the host last said no
        self._since = 0.0
        self._hold = 0.0  # seconds the rate stays at the limit before it grows beyond
        self._beyond = 1.0  # the rate's share of the limit, once past it

    def rate(self) -> float | None:
        """Requests a second now; None when not paced."""
        if self._limit is None:
            return None
        elapsed = self._clock() - self._since
        if elapsed < self.RETURN:
            return self._limit * (1 - 0.5 * (1 - elapsed / self.RETURN) ** 3)
        return self._limit * self._beyond

    @property
    def interval(self) -> float:
        rate = self.rate()
        return 0.0 if rate is None else 1.0 / rate

    def limited(self, recent_rate: float) -> None:
        """A 429 came after `recent_rate` starts in the last second."""
        current = self.rate()
        if current is not None and self._limit is not None:
            # Judged by what the host let through, not by the pace: past the limit, the
            # pace grows fast, and is far beyond it by the time a refusal comes back.
            past_the_limit = self._clock() - self._since >= self.RETURN
            if past_the_limit and recent_rate <= self.NEAR * self._limit:
                self._hold = max(self.HOLD, 2 * self._hold)
        self._limit = recent_rate if current is None else min(recent_rate, current)
        self._since = self._clock()
        self._beyond = 1.0

    def answered(self, fast_enough: float) -> None:
        """A request came back fine. Past `fast_enough` requests a second, the host's window
        alone is the limit."""
        if self._limit is None:
            return
        if self._clock() - self._since >= self.RETURN + self._hold:
            self._beyond *= self.GROWTH
        rate = self.rate()
        if rate is not None and rate >= fast_enough:
            self._limit = None
            self._hold = 0.0


class LoopLag:
    """How late this process wakes up from a short sleep: how long an answer that has
    arrived waits before it is read. A host is not to be taken for slow for that."""

    INTERVAL = 0.05

    def __init__(self) -> None:
        self.current = 0.0  # seconds, a running mean

    async def run(self) -> None:
        """Measure until cancelled."""
        while True:
            before = anyio.current_time()
            await anyio.sleep(self.INTERVAL)
            late = max(anyio.current_time() - before - self.INTERVAL, 0.0)
            self.current = 0.7 * self.current + 0.3 * late


class Latencies:
    """How long a host takes to answer: the fastest answer, and a running typical time."""

    def __init__(self) -> None:
        self.fastest = math.inf
        self.typical: float | None = None  # an exponentially weighted mean, in seconds

    def add(self, seconds: float) -> None:
        self.fastest = min(self.fastest, seconds)
        self.typical = seconds if self.typical is None else 0.8 * self.typical + 0.2 * seconds


class PriorityLimiter:
    """At most `slots` requests in flight in all; a freed slot goes to the most urgent waiter.

    Urgency is the host's backlog: the host with the most pages left bounds the whole run,
    so its requests go first when the machine cannot keep every host busy at once (served
    in arrival order, a long host's every round would wait behind all the short ones).
    """

    def __init__(self, slots: int, backlog_of: Callable[[str], int]):
        self._free = slots
        self._backlog_of = backlog_of
        self._waiters: list[tuple[float, int, anyio.Event]] = []  # (-backlog, arrival, event)
        self._arrivals = 0

    @asynccontextmanager
    async def slot(self, host: str, first: bool = False) -> AsyncIterator[None]:
        """A slot for a request to `host`; `first`, before any other waiting (a further
        attempt beside a request already under way)."""
        await self._acquire(host, first)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, host: str, first: bool) -> None:
        if self._free > 0 and not self._waiters:
            self._free -= 1
            await anyio.lowlevel.checkpoint()
            return
        self._arrivals += 1
        urgency = math.inf if first else self._backlog_of(host)
        entry = (-urgency, self._arrivals, anyio.Event())
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
