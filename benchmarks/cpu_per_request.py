"""CPU per request: what roadmap-lint's link checking costs this machine, one request at a time.

The network benchmark's wall times move by a tenth from run to run on a shared machine, which
hides a change of a few per cent in CPU. Here one process checks URLs against local servers
that answer at once (after `--latency`), and the figure is the CPU time of that process per
request, the median of `--runs` runs. No faults: this measures the client's own cost, not
how it meets a misbehaving internet (that is `network_speed.py`).

    python benchmarks/cpu_per_request.py [--hosts 20] [--per-host 250] [--runs 5]

The servers run in a process of their own on 127.0.0.2 … (one port) and stop with the script.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import multiprocessing
import resource
import statistics
import sys
import time
from multiprocessing.connection import Connection

_BODY = b"<html><head><title>A page</title></head><body>" + b"x" * 2000 + b"</body></html>"
_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(_BODY)


class _Page(asyncio.Protocol):
    """Answers every request on the connection with the same page, after the latency."""

    def __init__(self, latency: float):
        self._latency = latency
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while b"\r\n\r\n" in self._buffer:
            head, _, self._buffer = self._buffer.partition(b"\r\n\r\n")
            answer = _HEAD if head.startswith(b"HEAD") else _HEAD + _BODY
            assert self._transport is not None
            asyncio.get_running_loop().call_later(self._latency, self._transport.write, answer)


def _serve(hosts: int, latency: float, lifetime: float, ready: Connection) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        port = 0
        for index in range(hosts):
            server = await loop.create_server(
                lambda: _Page(latency), f"127.0.0.{index + 2}", port, backlog=1024
            )
            port = port or server.sockets[0].getsockname()[1]
        ready.send(port)
        await asyncio.sleep(lifetime)

    asyncio.run(main())


def _one_run(urls: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, requests) of checking the URLs in this process."""
    import anyio

    from roadmap_lint.model import LinkState
    from roadmap_lint.net.policy import AddressPolicy, parse_networks
    from roadmap_lint.net.run import LinkRun
    from roadmap_lint.net.settings import NetSettings

    settings = dataclasses.replace(
        NetSettings(), policy=AddressPolicy(parse_networks(["127.0.0.0/8"]))
    )
    before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    outcome = anyio.run(LinkRun(settings).check, urls)
    after, ended = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    alive = sum(1 for verdict in outcome.verdicts.values() if verdict.state is LinkState.OK)
    if alive != len(urls):
        sys.exit(f"only {alive} of {len(urls)} URLs were found alive: the figures would mislead")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return ended - started, cpu, outcome.requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=20, help="local hosts (default: 20)")
    parser.add_argument("--per-host", type=int, default=250, help="URLs a host (default: 250)")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds (default: 0.02)")
    parser.add_argument("--runs", type=int, default=5, help="runs, median shown (default: 5)")
    options = parser.parse_args()
    if not 1 <= options.hosts <= 200:
        parser.error("--hosts must be between 1 and 200")

    receiver, sender = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(
        target=_serve, args=(options.hosts, options.latency, 600.0, sender), daemon=True
    )
    server.start()
    try:
        if not receiver.poll(10):
            sys.exit("the local servers did not start")
        port = receiver.recv()
        urls = [
            f"http://127.0.0.{index % options.hosts + 2}:{port}/page/{index}"
            for index in range(options.hosts * options.per_host)
        ]
        _one_run(urls[: options.hosts])  # imports and first connections, not counted
        per_request = []
        for run in range(1, options.runs + 1):
            wall, cpu, requests = _one_run(urls)
            per_request.append(1000 * cpu / requests)
            print(
                f"run {run}: {requests} requests, wall {wall:.2f} s, CPU {cpu:.2f} s, "
                f"{per_request[-1]:.3f} ms CPU a request"
            )
        print(
            f"median: {statistics.median(per_request):.3f} ms CPU a request "
            f"(spread {min(per_request):.3f}-{max(per_request):.3f})"
        )
    finally:
        server.terminate()
        server.join(5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
