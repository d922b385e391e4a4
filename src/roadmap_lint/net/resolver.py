"""Name lookups: the resolver the guarded transport asks, and the threads lookups block.

getaddrinfo blocks a thread for as long as the resolver takes: milliseconds on a working
network, 5 s and more per name where DNS queries go unanswered (a laptop offline, a
sandbox). A run that has concluded there is no network stops waiting for such lookups,
and the threads they still block must then hold up neither the end of the run nor the
end of the process.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import ipaddress
import queue
import socket
import threading
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import anyio

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""A name and a port to IP addresses; raises socket.gaierror when there are none."""

_P = ParamSpec("_P")
_T = TypeVar("_T")

_THREADS = 32


async def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's answer (getaddrinfo), each address once, in its order."""
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def is_ip_literal(host: str) -> bool:
    """Whether `host` is an address already, which needs no lookup."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class LookupThreads(concurrent.futures.ThreadPoolExecutor):
    """The event loop's default executor during a run: where getaddrinfo blocks.

    Each call runs on a daemon thread of a small pool, and `shutdown` never waits for a
    call still running: asyncio shuts its default executor down when the event loop ends,
    and Python waits for a ThreadPoolExecutor's threads when the process ends, which would
    both mean waiting out every resolver timeout the run itself no longer waits for.
    After `retire` it is a plain ThreadPoolExecutor (asyncio accepts no other type), for
    whatever else the event loop still runs.
    """

    def __init__(self, size: int = _THREADS) -> None:
        super().__init__(max_workers=size, thread_name_prefix="roadmap-lint")
        self._daemons: _DaemonPool | None = _DaemonPool(size)

    def submit(
        self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs
    ) -> concurrent.futures.Future[_T]:
        daemons = self._daemons
        if daemons is None:
            return super().submit(fn, *args, **kwargs)
        future: concurrent.futures.Future[_T] = concurrent.futures.Future()
        daemons.put(lambda: _run(future, fn, *args, **kwargs))
        return future

    def retire(self) -> None:
        """Let the daemon threads go once their calls return; later calls use plain threads."""
        daemons, self._daemons = self._daemons, None
        if daemons is not None:
            daemons.stop()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.retire()
        super().shutdown(wait, cancel_futures=cancel_futures)


class _DaemonPool:
    def __init__(self, size: int) -> None:
        self._size = size
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._idle = threading.Semaphore(0)  # released once by each thread waiting for a job
        self._lock = threading.Lock()
        self._threads = 0

    def put(self, job: Callable[[], None]) -> None:
        self._jobs.put(job)
        with self._lock:
            if not self._idle.acquire(blocking=False) and self._threads < self._size:
                self._threads += 1
                threading.Thread(target=self._work, name="roadmap-lint-dns", daemon=True).start()

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            job()
            self._idle.release()

    def stop(self) -> None:
        """Let every thread end once it is done with its current job."""
        with self._lock:
            for _ in range(self._threads):
                self._jobs.put(None)


def _run(
    future: concurrent.futures.Future[_T], fn: Callable[..., _T], *args: Any, **kwargs: Any
) -> None:
    if not future.set_running_or_notify_cancel():
        return  # its caller stopped waiting before it started
    try:
        result = fn(*args, **kwargs)
    except BaseException as error:
        future.set_exception(error)
    else:
        future.set_result(result)


def install_lookup_threads() -> LookupThreads | None:
    """Make the running event loop look names up on `LookupThreads`; None on trio.

    The default executor has a handful of threads on a small machine; with a lookup that
    takes seconds holding each, a list of many hosts would wait in line.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # not on asyncio (trio): it has its own thread limits
        return None
    threads = LookupThreads()
    loop.set_default_executor(threads)
    return threads
