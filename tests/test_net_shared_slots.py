"""A host's requests in flight counted across the processes of a run."""

from __future__ import annotations

import multiprocessing
import sys

import anyio
import pytest

from roadmap_lint.net.politeness import HostGate
from roadmap_lint.net.shared_slots import SharedSlots

needs_fork = pytest.mark.skipif(
    sys.platform != "linux", reason="runs are split between processes only on Linux (fork)"
)


def _slots(size: int = 64) -> SharedSlots:
    return SharedSlots(multiprocessing.get_context("fork"), size=size)


@needs_fork
def test_no_more_than_the_cap_per_host_and_hosts_apart() -> None:
    slots = _slots()
    assert [slots.take("a.example", 2) for _ in range(3)] == [True, True, False]
    assert slots.take("b.example", 2)  # another host has its own count
    slots.give("a.example")
    assert slots.take("a.example", 2)
    assert not slots.take("a.example", 2)


@needs_fork
def test_a_full_table_stops_counting_rather_than_failing() -> None:
    slots = _slots(size=2)
    assert slots.take("a.example", 1) and slots.take("b.example", 1)
    assert all(slots.take("c.example", 1) for _ in range(5))  # no room: not shared
    slots.give("c.example")  # and nothing to give back


def _take_two(slots: SharedSlots, done: multiprocessing.synchronize.Event) -> None:
    slots.take("busy.example", 8)
    slots.take("busy.example", 8)
    done.set()


@needs_fork
def test_what_one_process_takes_the_others_see() -> None:
    context = multiprocessing.get_context("fork")
    slots = SharedSlots(context)
    done = context.Event()
    child = context.Process(target=_take_two, args=(slots, done))
    child.start()
    assert done.wait(10)
    child.join(10)
    assert sum(slots.take("busy.example", 8) for _ in range(10)) == 6


@needs_fork
def test_gates_of_two_processes_never_pass_the_host_cap_together() -> None:
    """Two gates for one host (as in two processes after a redirect): together at most the
    cap in flight, and each one's requests all go through in the end."""
    slots = _slots()
    gates = [
        HostGate(4, 0.0, anyio.current_time, anyio.sleep, start=4, shared=(slots, "h.example"))
        for _ in range(2)
    ]
    in_flight = 0
    most = 0
    done = 0

    async def request(gate: HostGate) -> None:
        nonlocal in_flight, most, done
        async with gate.slot():
            in_flight += 1
            most = max(most, in_flight)
            await anyio.sleep(0.01)
            in_flight -= 1
        done += 1

    async def main() -> None:
        with anyio.fail_after(10):
            async with anyio.create_task_group() as group:
                for index in range(40):
                    group.start_soon(request, gates[index % 2])

    anyio.run(main)
    assert most == 4
    assert done == 40
    assert [slots.take("h.example", 4) for _ in range(5)] == [True] * 4 + [False]
