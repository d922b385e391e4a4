"""The per-host gate: how many requests it lets through at once, and how that adapts."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
import anyio.lowlevel
import pytest

from roadmap_lint.net import politeness
from roadmap_lint.net.habits import HostHabits
from roadmap_lint.net.politeness import (
    CEILING_LASTS,
    DEFAULT_START,
    PAUSE_AFTER,
    HostGate,
    HostGivenUp,
    Pacing,
    PriorityLimiter,
)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await anyio.lowlevel.checkpoint()


def gate(cap: int = 8, start: int = DEFAULT_START) -> HostGate:
    clock = Clock()
    return HostGate(cap, 0.0, clock, clock.sleep, start=start)


async def send(
    host: HostGate,
    clock: Clock,
    starts: list[float],
    count: int,
    answered: int = 0,
    seconds: float = 0.5,
) -> None:
    """`count` requests one after another, their starts noted in `starts`; the first
    `answered` of them answered fine after `seconds`."""
    for index in range(count):
        async with host.slot():
            starts.append(clock.now)
            if index < answered:
                host.answered(seconds)


def prompt_answers(host: HostGate, count: int, seconds: float = 0.1) -> None:
    for _ in range(count):
        host.answered(seconds)


def test_starts_polite_and_never_above_the_cap() -> None:
    assert gate().window == DEFAULT_START
    assert gate(cap=2).window == 2
    assert gate(cap=0).window == 1


def test_grows_by_one_per_window_of_prompt_answers_up_to_the_cap() -> None:
    host = gate(cap=6)
    prompt_answers(host, DEFAULT_START - 1)
    assert host.window == DEFAULT_START
    prompt_answers(host, 1)
    assert host.window == DEFAULT_START + 1
    prompt_answers(host, DEFAULT_START + 1)
    assert host.window == 6
    prompt_answers(host, 100)
    assert host.window == 6


def test_answers_late_only_because_this_process_was_busy_are_prompt() -> None:
    host = gate()
    host.answered(0.1)  # the fastest answer sets what "prompt" means
    for _ in range(DEFAULT_START - 1):
        host.answered(0.5, lag=0.4)  # read 0.4 s after it came: the host itself took 0.1 s
    assert host.window == DEFAULT_START + 1
    prompt_answers(host, 50, seconds=0.5)  # no lag to explain these: they queued at the host
    assert host.window == DEFAULT_START + 1


def test_answers_that_queued_at_the_host_do_not_grow_it() -> None:
    host = gate()
    host.answered(0.1)  # the fastest answer sets what "prompt" means
    window = host.window
    prompt_answers(host, 50, seconds=0.5)  # five times slower: they waited in the host's queue
    assert host.window == window


class PausesNoted(HostGate):
    """A gate that notes each pause of its host."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pauses: list[float] = []

    def pause(self, seconds: float) -> None:
        self.pauses.append(seconds)
        super().pause(seconds)


def slowed_down_with(host: HostGate, in_flight: int) -> None:
    """`slow_down` as the last of `in_flight` requests holding the host's slots hears it."""
    heard_with(host, in_flight, lambda: host.slow_down(1.0))


def answered_with(host: HostGate, in_flight: int) -> None:
    """A prompt answer to the last of `in_flight` requests holding the host's slots."""
    heard_with(host, in_flight, lambda: host.answered(0.1))


def heard_with(host: HostGate, in_flight: int, hear: Callable[[], None]) -> None:
    async def main() -> None:
        async with anyio.create_task_group() as group:
            holding = anyio.Event()
            for _ in range(in_flight - 1):
                group.start_soon(hold, holding)
            await anyio.sleep(0.01)
            async with host.slot():
                hear()
            holding.set()

    async def hold(until: anyio.Event) -> None:
        async with host.slot():
            await until.wait()

    anyio.run(main)


def test_a_slow_down_halves_and_the_level_that_provoked_it_is_not_reached_for_a_while() -> None:
    clock = Clock()
    host = HostGate(16, 0.0, clock, clock.sleep, start=8)
    slowed_down_with(host, in_flight=6)
    assert host.window == 4
    prompt_answers(host, 1000)
    assert host.window == 5  # grows back, but stays under the 6 at which the host said stop
    clock.now += CEILING_LASTS
    prompt_answers(host, 1000)
    assert host.window == 16  # a limit may have been lifted: tried again, slowly


def test_a_slow_down_with_one_request_in_flight_sets_no_ceiling() -> None:
    clock = Clock()
    host = HostGate(16, 0.0, clock, clock.sleep, start=8)
    slowed_down_with(host, in_flight=1)  # a limit on requests per second, not at once
    assert host.window == 4
    assert host.pacing.rate() is not None
    clock.now += Pacing.RETURN
    prompt_answers(host, 1000)
    assert host.pacing.rate() is None
    assert host.window == 16


def test_a_first_429_sets_a_ceiling_and_one_under_that_ceiling_a_pace() -> None:
    """Counted here, the number on the wire can be one off the host's: a limit at once is
    taken first. Refused again under the ceiling that set, the host limits requests a
    second; then, while paced, only a request sent with more than the host ever served at
    once says a limit at once."""
    clock = Clock()
    host = HostGate(16, 0.0, clock, clock.sleep, start=8)
    host.answered(0.1, on_the_wire=6)
    host.slow_down(1.0, on_the_wire=6)
    assert (host.ceiling, host.pacing.rate()) == (5, None)
    clock.now += 0.5
    host.answered(0.1, on_the_wire=5)
    host.slow_down(1.0, on_the_wire=5)  # under the ceiling still in force
    assert host.ceiling == 5
    assert host.pacing.rate() is not None
    clock.now += CEILING_LASTS
    host.answered(0.1, on_the_wire=1)  # the ceiling ran out: lifted
    assert host.ceiling == 16
    host.slow_down(1.0, on_the_wire=6)  # paced, at no more than it served: the pace again
    assert host.ceiling == 16
    host.answered(0.1, on_the_wire=1)
    host.slow_down(1.0, on_the_wire=7)  # more than it ever served
    assert host.ceiling == 6


def test_a_429_again_under_the_ceiling_before_any_answer_sets_a_pace_at_once() -> None:
    """The first 429 set a ceiling; a request sent after it came back, under that ceiling,
    is refused as well, with no answer in between: the host limits requests a second. The
    pace holds from that moment: the next start waits one interval."""
    clock = Clock()
    host = HostGate(16, 0.0, clock, clock.sleep, start=8)
    starts: list[float] = []

    anyio.run(send, host, clock, starts, 4, 4)  # four let through within a second
    host.slow_down(1.0, sent_at=clock.now - 0.1, on_the_wire=5)
    assert (host.ceiling, host.pacing.rate()) == (4, None)
    clock.now += 0.1
    refused_at = clock.now
    host.slow_down(1.0, sent_at=clock.now - 0.05, on_the_wire=1)
    assert host.ceiling == 4
    assert host.pacing.rate() is not None
    anyio.run(send, host, clock, starts, 1)
    assert starts[-1] - refused_at == pytest.approx(0.5, abs=0.01)  # half of four a second


def test_the_host_is_paused_only_when_slow_downs_keep_coming() -> None:
    clock = Clock()
    host = PausesNoted(8, 0.0, clock, clock.sleep, start=8)
    pauses = host.pauses
    for _ in range(PAUSE_AFTER - 1):
        host.slow_down(2.0)
    host.answered(0.1)  # an answer in between: the streak is over
    for _ in range(PAUSE_AFTER - 1):
        host.slow_down(2.0)
    assert pauses == []
    host.slow_down(2.0)
    assert pauses == [2.0]
    assert host.window == 1


def test_never_more_in_flight_than_the_window() -> None:
    host = gate(cap=8, start=3)
    in_flight = 0
    most = 0

    async def request() -> None:
        nonlocal in_flight, most
        async with host.slot():
            in_flight += 1
            most = max(most, in_flight)
            await anyio.sleep(0.001)
            in_flight -= 1

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for _ in range(30):
                group.start_soon(request)

    anyio.run(main)
    assert most == 3


def test_a_grown_window_lets_waiting_requests_in_at_once() -> None:
    host = gate(cap=8, start=1)
    started: list[int] = []

    async def request(index: int) -> None:
        async with host.slot():
            started.append(index)
            await anyio.sleep(0.05)

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for index in range(3):
                group.start_soon(request, index)
            await anyio.sleep(0.01)
            assert started == [0]
            host.answered(0.01)  # one prompt answer is a whole window of one: room for two
            await anyio.sleep(0.01)
            assert started == [0, 1]

    anyio.run(main)


# ---------------------------------------------------------------------------------------------
# habits: which question a host is asked first


def test_head_first_until_the_host_refuses_it() -> None:
    habits = HostHabits()
    assert habits.first_method(want_body=False) == "HEAD"
    assert habits.first_method(want_body=True) == "GET"
    habits.rechecked(405, 200)
    assert habits.first_method(want_body=False) == "GET"


def test_a_head_that_says_not_found_where_get_finds_the_page_is_never_trusted_again() -> None:
    habits = HostHabits()
    habits.first_method(want_body=False)
    habits.rechecked(404, 200)
    assert habits.head_unreliable


@pytest.mark.parametrize(("heads", "rechecks", "unreliable"), [(30, 2, False), (30, 5, True)])
def test_get_at_once_when_rechecks_cost_more_than_a_tenth(
    heads: int, rechecks: int, unreliable: bool
) -> None:
    habits = HostHabits()
    for _ in range(heads):
        habits.first_method(want_body=False)
    for _ in range(rechecks):
        habits.rechecked(404, 404)  # each one right, but each one two requests
    assert habits.head_unreliable is unreliable


def test_hedges_may_use_the_room_above_the_window_but_never_pass_the_cap() -> None:
    host = gate(cap=5, start=2)
    in_flight = 0
    most = 0

    async def request(hedge: bool) -> None:
        nonlocal in_flight, most
        async with host.slot(hedge):
            in_flight += 1
            most = max(most, in_flight)
            await anyio.sleep(0.02)
            in_flight -= 1

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for _ in range(4):
                group.start_soon(request, False)
            await anyio.sleep(0.005)
            assert in_flight == 2  # the window
            for _ in range(6):
                group.start_soon(request, True)
            await anyio.sleep(0.005)
            assert in_flight == 5  # hedges filled the room up to the cap, no further

    anyio.run(main)
    assert most == 5


def test_a_host_that_never_answered_is_given_up_with_its_requests_under_way_and_waiting() -> None:
    host = gate(cap=1, start=1)
    outcomes: list[str] = []

    async def request() -> None:
        try:
            async with host.slot():
                await anyio.sleep(5)  # a request that hangs
                outcomes.append("answered")
        except HostGivenUp:
            outcomes.append("given up")

    async def main() -> None:
        with anyio.fail_after(2):
            async with anyio.create_task_group() as group:
                group.start_soon(request)  # under way
                group.start_soon(request)  # waiting for its turn
                await anyio.sleep(0.01)
                host.timed_out()
                assert outcomes == []
                host.timed_out()

    anyio.run(main)
    assert outcomes == ["given up", "given up"]
    assert host.given_up


def test_a_host_that_answered_once_is_never_given_up() -> None:
    host = gate()
    host.answered(0.1)
    for _ in range(10):
        host.timed_out()
    assert not host.given_up


def test_a_429_also_halves_the_rate_of_starts_and_it_recovers() -> None:
    clock = Clock()
    host = HostGate(8, 0.0, clock, clock.sleep, start=8)
    starts: list[float] = []

    anyio.run(send, host, clock, starts, 4, 4)  # four let through within a second
    host.slow_down(None, rate_limited=True)
    anyio.run(send, host, clock, starts, 2)
    assert starts[-1] - starts[-2] == pytest.approx(0.5, abs=0.01)  # half of four a second
    clock.now += Pacing.RETURN  # back at the rate of the 429, and beyond it with each answer
    for _ in range(15):  # to 16.7 a second: eight in flight (the window came back with the
        host.answered(0.5)  # answers), half a second each, need only 16
    starts.clear()
    anyio.run(send, host, clock, starts, 3)
    assert starts[-1] - starts[0] < 0.01  # no pacing left


def test_the_pace_after_a_429_is_what_the_host_let_through_not_what_was_sent() -> None:
    clock = Clock()
    host = HostGate(8, 0.0, clock, clock.sleep, start=8)
    starts: list[float] = []

    anyio.run(
        send, host, clock, starts, 8, 2, 0.1
    )  # eight sent within a second, two let through: a limit of two
    host.slow_down(None, rate_limited=True)
    anyio.run(send, host, clock, starts, 2)
    assert starts[-1] - starts[-2] == pytest.approx(1.0, abs=0.01)  # half of two a second


def test_429s_of_requests_sent_together_halve_the_window_once() -> None:
    clock = Clock()
    host = PausesNoted(8, 0.0, clock, clock.sleep, start=8)
    pauses = host.pauses
    clock.now = 10.0
    for _ in range(4):  # all four sent at 9.9, before the first 429 came
        host.slow_down(1.0, sent_at=9.9)
    assert host.window == 4
    assert pauses == []  # one refusal, not four in a row
    clock.now = 10.5
    host.slow_down(1.0, sent_at=10.2)  # sent after the first came: the host says it again
    assert host.window == 2


def test_a_503_asking_to_wait_slows_down_but_sets_no_pace_or_ceiling() -> None:
    clock = Clock()
    host = HostGate(8, 0.0, clock, clock.sleep, start=8)
    host.slow_down(1.0, rate_limited=False)
    assert host.window == 4
    assert host.pacing.rate() is None
    prompt_answers(host, 100)
    assert host.window == 8


def test_after_a_slow_down_the_former_window_comes_back_fast_and_beyond_it_slowly() -> None:
    host = HostGate(12, 0.0, Clock(), Clock().sleep, start=8)
    host.slow_down(1.0, rate_limited=False)
    assert host.window == 4
    prompt_answers(host, 4)  # one per prompt answer, back to the 8 it served before
    assert host.window == 8
    prompt_answers(host, 7)
    assert host.window == 8  # beyond: one per round of 8 prompt answers
    prompt_answers(host, 1)
    assert host.window == 9


def test_refusals_of_requests_in_flight_together_count_once_towards_refusing() -> None:
    from roadmap_lint.net.politeness import REFUSING_AFTER

    clock = Clock()
    host = HostGate(8, 0.0, clock, clock.sleep, start=8)
    # A burst: eight requests sent at once, all refused as they come back.
    clock.now = 1.0
    for _ in range(8):
        host.slow_down(1.0, sent_at=0.9)
        clock.now += 0.01
    assert not host.refusing  # one refusal, said eight times
    # Asked again after each refusal came, and refused again each time: the host refuses.
    for _ in range(REFUSING_AFTER - 2):
        host.slow_down(1.0, sent_at=clock.now)
        clock.now += 1.0
    assert not host.refusing
    host.slow_down(1.0, sent_at=clock.now)
    assert host.refusing
    host.answered(0.1)
    assert not host.refusing


def test_a_freed_slot_goes_to_the_longest_backlog_and_further_attempts_go_first() -> None:
    backlog = {"small.example": 3, "big.example": 700, "mid.example": 50}
    limiter = PriorityLimiter(1, lambda host: backlog[host])
    order: list[str] = []

    async def request(host: str, first: bool = False) -> None:
        async with limiter.slot(host, first):
            order.append(host + (" (beside)" if first else ""))
            await anyio.sleep(0.01)

    async def main() -> None:
        # The first slot is held while all the others queue.
        async with anyio.create_task_group() as group, limiter.slot("mid.example"):
            for host in ("small.example", "big.example", "mid.example"):
                group.start_soon(request, host)
            group.start_soon(request, "small.example", True)
            await anyio.sleep(0.05)

    anyio.run(main)
    assert order == ["small.example (beside)", "big.example", "mid.example", "small.example"]


def test_a_hedge_goes_out_though_the_window_is_full_of_requests_waiting_for_their_turn() -> None:
    host = gate(cap=2, start=2)
    turn_given = anyio.Event()
    sent: list[str] = []

    @contextlib.asynccontextmanager
    async def later() -> AsyncIterator[None]:  # the run has no slot free for them yet
        await turn_given.wait()
        yield

    async def request(name: str, hedge: bool, turn: Callable[[], Any]) -> None:
        async with host.slot(hedge, turn):
            sent.append(name)
            await anyio.sleep(0.05)

    async def main() -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(request, "first", False, later)
            group.start_soon(request, "second", False, later)
            await anyio.sleep(0.01)
            group.start_soon(request, "beside", True, contextlib.nullcontext)
            await anyio.sleep(0.01)
            assert sent == ["beside"]
            turn_given.set()  # one of them may go out beside it, the other when it is answered
            await anyio.sleep(0.02)
            assert len(sent) == 2
            await anyio.sleep(0.1)

    anyio.run(main)
    assert sorted(sent) == ["beside", "first", "second"]


def answered_fine(pacing: Pacing, count: int) -> None:
    for _ in range(count):
        pacing.answered(fast_enough=1000.0)


def test_beyond_the_limit_the_pace_grows_with_each_answer_not_with_the_clock() -> None:
    clock = Clock()
    pacing = Pacing(clock)
    pacing.limited(4.0)
    assert pacing.rate() == pytest.approx(2.0)  # half the rate the host refused
    answered_fine(pacing, 10)
    clock.now += Pacing.RETURN / 2
    rate = pacing.rate()
    assert rate is not None and 2.0 < rate < 4.0  # on its way back; answers do not hurry it
    clock.now += Pacing.RETURN
    assert pacing.rate() == pytest.approx(4.0)
    clock.now += 60.0
    assert pacing.rate() == pytest.approx(4.0)  # no answers: no evidence the limit lifted
    answered_fine(pacing, 1)
    assert pacing.rate() == pytest.approx(4.0 * Pacing.GROWTH)


def test_a_limit_that_lifted_is_found_out_within_a_few_seconds() -> None:
    """Four a second, then eighty: the pace follows the answers up, and drops out once the
    window alone keeps within what the host serves (8 at once, 0.1 s each)."""
    clock = Clock()
    pacing = Pacing(clock)
    pacing.limited(4.0)
    clock.now += Pacing.RETURN
    while (rate := pacing.rate()) is not None:
        clock.now += 1 / rate  # an answer at the pace of the requests
        pacing.answered(fast_enough=80.0)
    assert clock.now - Pacing.RETURN < 3.0


def test_a_limit_run_into_again_holds_the_pace_there_longer_each_time() -> None:
    clock = Clock()
    pacing = Pacing(clock)
    pacing.limited(4.0)
    clock.now += Pacing.RETURN
    answered_fine(pacing, 2)  # just beyond the rate that was refused
    for hold in (Pacing.HOLD, 2 * Pacing.HOLD, 4 * Pacing.HOLD):
        pacing.limited(4.0)  # refused again after letting as many through: the limit lasts
        clock.now += Pacing.RETURN
        answered_fine(pacing, 5)
        assert pacing.rate() == pytest.approx(4.0)  # held at the limit
        clock.now += hold
        answered_fine(pacing, 2)  # then beyond it again
        rate = pacing.rate()
        assert rate is not None and 4.0 < rate < 4.0 * Pacing.NEAR


def test_a_limit_that_lifted_is_not_held_the_next_time() -> None:
    clock = Clock()
    pacing = Pacing(clock)
    pacing.limited(4.0)
    clock.now += Pacing.RETURN
    answered_fine(pacing, 2)
    pacing.limited(4.0)  # a lasting limit: held for a while from now on
    clock.now += 10.0
    pacing.answered(fast_enough=4.2)  # beyond it since, and the window is the limit
    assert pacing.rate() is None
    pacing.limited(40.0)  # a new limit, ten times as high: not yet known to last
    clock.now += Pacing.RETURN
    answered_fine(pacing, 1)
    rate = pacing.rate()
    assert rate is not None and rate > 40.0


def test_a_slot_tells_how_many_requests_are_on_the_wire_with_its_own() -> None:
    host = gate(cap=8, start=8)
    seen: list[int] = []

    async def main() -> None:
        holding = anyio.Event()

        async def hold() -> None:
            async with host.slot() as place:
                seen.append(place.on_the_wire)
                await holding.wait()

        async with anyio.create_task_group() as group:
            for _ in range(3):
                group.start_soon(hold)
            await anyio.sleep(0.01)
            holding.set()
        async with host.slot() as place:
            seen.append(place.on_the_wire)

    anyio.run(main)
    assert seen == [1, 2, 3, 1]


def test_an_answer_read_just_after_a_request_went_out_is_not_counted_as_served_with_it() -> None:
    """A paced host that serves 4 at once: a 5th request went out while the answer to
    another was on its way, and came back fine. The host served 4 at once, not 5, and a
    429 for a request sent with 5 on the wire is a limit on requests at once."""
    for first_read, ceiling in ((10.002, 4), (10.05, 8)):
        clock = Clock()
        host = HostGate(8, 0.0, clock, clock.sleep, start=8)
        clock.now = 9.0
        host.slow_down(1.0, on_the_wire=1)  # one request refused: a limit per second
        assert host.pacing.rate() is not None
        clock.now = first_read
        host.answered(0.1, on_the_wire=1)  # the 5th went out at 10.0
        clock.now = 10.1
        host.answered(0.1, on_the_wire=5)  # the 5th, back fine
        clock.now = 10.2
        host.slow_down(1.0, sent_at=10.1, on_the_wire=5)
        assert host.ceiling == ceiling


def test_while_paced_the_window_grows_only_when_all_of_it_is_on_the_wire() -> None:
    host = gate(cap=8, start=8)
    slowed_down_with(host, in_flight=1)
    assert host.pacing.rate() is not None and host.window == 4
    prompt_answers(host, 100)  # the pace held requests back: nothing to show more would do
    assert host.window == 4
    answered_with(host, in_flight=4)
    assert host.window == 5


def test_a_page_under_way_gets_the_next_place_before_pages_not_yet_begun() -> None:
    host = gate(cap=1, start=1)
    order: list[str] = []

    async def main() -> None:
        holding = anyio.Event()

        async def hold() -> None:
            async with host.slot():
                await holding.wait()

        async def request(name: str, under_way: bool = False) -> None:
            async with host.slot(under_way=under_way):
                order.append(name)

        async with anyio.create_task_group() as group:
            group.start_soon(hold)
            await anyio.sleep(0.01)
            for name, under_way in (("new 1", False), ("new 2", False), ("asked again", True)):
                group.start_soon(request, name, under_way)
                await anyio.sleep(0.01)
            holding.set()

    anyio.run(main)
    assert order == ["asked again", "new 1", "new 2"]


def test_a_page_that_has_just_asked_does_not_take_a_place_freed_for_one_waiting() -> None:
    """Pages that asked early are not passed again and again by later ones: a place freed
    goes to the first waiting, even when a new page asks before that one has woken."""
    host = gate(cap=1, start=1)
    order: list[str] = []

    async def main() -> None:
        holding = anyio.Event()

        async def hold() -> None:
            async with host.slot():
                await holding.wait()

        async def request(name: str) -> None:
            async with host.slot():
                order.append(name)

        async with anyio.create_task_group() as group:
            group.start_soon(hold)
            await anyio.sleep(0.01)
            group.start_soon(request, "early")
            await anyio.sleep(0.01)
            holding.set()  # the place is freed; "early" is woken but has not run yet
            group.start_soon(request, "late")

    anyio.run(main)
    assert order == ["early", "late"]


def test_a_request_set_aside_gives_its_place_in_the_window_but_not_on_the_wire() -> None:
    """An overdue request (one that may hang) lets the next page in at a host whose window
    it filled; it still counts against what the host serves at once."""
    host = HostGate(2, 0.0, Clock(), Clock().sleep, start=1)
    seen: list[int] = []

    async def main() -> None:
        hanging = anyio.Event()
        sent = anyio.Event()

        async def hang() -> None:
            async with host.slot() as place:
                sent.set()
                await hanging.wait()
                place.set_aside()  # twice: no place given twice
                place.set_aside()
                await anyio.sleep(0.05)

        async def request() -> None:
            async with host.slot() as place:
                seen.append(place.on_the_wire)

        async with anyio.create_task_group() as group:
            group.start_soon(hang)
            await sent.wait()
            group.start_soon(request)
            await anyio.sleep(0.01)
            assert seen == []  # the window of one is full
            hanging.set()
            await anyio.sleep(0.02)
            assert seen == [2]  # in, beside the one set aside, still on the wire
        assert host._in_flight == 0

    anyio.run(main)


def test_a_ceiling_runs_out_even_when_no_answer_comes_to_lift_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Requests that hang may hold all the room under a ceiling; it is lifted on time."""
    monkeypatch.setattr(politeness, "CEILING_LASTS", 0.1)
    host = HostGate(8, 0.0, time.monotonic, anyio.sleep, start=8)
    host.slow_down(1.0, on_the_wire=2)  # a first 429: a ceiling of one
    assert host.ceiling == 1
    started: list[float] = []

    async def main() -> None:
        hanging = anyio.Event()

        async def hang() -> None:
            async with host.slot():
                await hanging.wait()

        async def request() -> None:  # beside the one that hangs: it needs only the wire
            async with host.slot(hedge=True):
                started.append(time.monotonic())

        async with anyio.create_task_group() as group:
            group.start_soon(hang)
            await anyio.sleep(0.01)
            group.start_soon(request)
            with anyio.fail_after(2):
                while not started:
                    await anyio.sleep(0.01)
            hanging.set()

    anyio.run(main)
    assert host.ceiling == 8
