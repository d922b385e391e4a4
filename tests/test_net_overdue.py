"""The one watch over every request under way."""

from __future__ import annotations

import time
from typing import Any

import anyio
import httpx

from roadmap_lint.model import LinkState, Verdict
from roadmap_lint.net import check as check_module
from roadmap_lint.net.check import PageChecker, PageResult
from roadmap_lint.net.overdue import TICK, OverdueWatch
from roadmap_lint.net.politeness import HostGate, PriorityLimiter
from roadmap_lint.net.settings import NetSettings


def test_each_callback_fires_once_when_due_and_discarded_ones_never() -> None:
    fired: list[tuple[str, float]] = []

    async def main() -> None:
        watch = OverdueWatch()
        async with anyio.create_task_group() as group:
            group.start_soon(watch.run)
            start = anyio.current_time()

            def note(name: str) -> None:
                fired.append((name, anyio.current_time() - start))

            watch.add("late", start + 0.3, lambda: note("late"))
            watch.add("soon", start + 0.1, lambda: note("soon"))
            watch.add("answered", start + 0.2, lambda: note("answered"))
            await anyio.sleep(0.15)
            watch.discard("answered")  # its answer came in time
            await anyio.sleep(0.4)
            watch.add("again", anyio.current_time(), lambda: note("again"))  # after idling
            await anyio.sleep(0.2)
            group.cancel_scope.cancel()

    anyio.run(main)
    assert [name for name, _ in fired] == ["soon", "late", "again"]
    assert 0.1 <= fired[0][1] < 0.1 + TICK + 0.1
    assert 0.3 <= fired[1][1] < 0.3 + TICK + 0.1


class _Deaf(httpx.AsyncBaseTransport):
    """Takes every request and never answers; notes the requests cancelled."""

    def __init__(self) -> None:
        self.methods: list[str] = []
        self.cancelled = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.methods.append(request.method)
        try:
            await anyio.sleep_forever()
        except anyio.get_cancelled_exc_class():
            self.cancelled += 1
            raise
        raise AssertionError("unreachable")


def _checker_of(transport: httpx.AsyncBaseTransport) -> PageChecker:
    """A checker of every host through `transport`: HEAD first, a 1 s timeout, one retry
    (so one attempt beside another, at half the timeout)."""
    return PageChecker(
        NetSettings(timeout=1.0, retries=1, soft_404=False),
        lambda host: transport,
        lambda host: HostGate(8, 0.0, time.monotonic, anyio.sleep),
        PriorityLimiter(8, lambda host: 0),
    )


def test_a_check_stopped_from_outside_stops_the_attempt_beside_it_too() -> None:
    deaf = _Deaf()
    checker = _checker_of(deaf)

    async def main() -> None:
        async with checker.running():
            with anyio.move_on_after(0.8):  # after the GET beside the HEAD (at half the timeout)
                await checker.check("https://deaf.example/page", False)
            await anyio.sleep(0.1)
            # both, though the GET runs in the run's task group, which goes on
            assert deaf.cancelled == 2

    anyio.run(main)
    assert deaf.methods == ["HEAD", "GET"]


def test_a_further_attempt_decided_before_its_turn_is_never_sent() -> None:
    deaf = _Deaf()
    checker = _checker_of(deaf)

    async def main() -> None:
        async with checker.running(), anyio.create_task_group() as group:
            flights: list[Any] = []
            original = check_module._Flight

            class Spy(original):  # type: ignore[misc, valid-type]
                def __init__(self, *args: Any) -> None:
                    super().__init__(*args)
                    flights.append(self)

            check_module._Flight = Spy
            try:
                group.start_soon(checker.check, "https://deaf.example/page", False)
                await anyio.sleep(0.05)  # the HEAD is under way
                (flight,) = flights
                # An answer decides the flight just as a GET beside it gets scheduled: the
                # GET's task starts only after the flight has ended.
                flight._decide(PageResult(Verdict(LinkState.OK, 200)))
                flight._start_beside()
                await anyio.sleep(0.1)
            finally:
                check_module._Flight = original
            assert deaf.methods == ["HEAD"]  # the GET was never sent
            group.cancel_scope.cancel()

    anyio.run(main)
