"""A simulated internet on loopback: many slow HTTP/1.1 hosts on 127.0.0.x, some misbehaving.

The simulator runs in a process of its own (so that it shares neither an event loop nor a
CPU with the tool measured) and listens on 127.0.0.2 ... 127.0.0.(N+1), one port for all.
Each address is one host. What each host and each path does is set per run by a `SimConfig`
sent over the control pipe; the simulator then logs every request it receives.

Host behaviours (`HostSpec.kind`):

- `healthy`: every answer takes `latency`; at most `budget` requests are served at once;
  a request beyond the budget waits for a free slot (`over_budget="wait"`) or is answered
  429 with `Retry-After: 1` (`over_budget="429"`).
- `hung`: accepts the TCP connection and reads the request, then never answers.
- `head-405`, `head-501`, `head-404`: answers HEAD with that status, GET normally.
- `bot-wall`: 403 to any User-Agent that does not start with `Mozilla/`; normal otherwise.
- `challenge`: 403 with `cf-mitigated: challenge` and a "Just a moment..." page, to all.

Any host may also have a burst limit: during the first `burst_seconds` after its first
request, at most `burst_rate` requests are accepted per second (counted in whole seconds
from that first request); the others are answered 429 with `Retry-After: 1`.

Path behaviours (`PathRule.kind`), on hosts that answer at all: `ok` (200), `status` (that
status to HEAD and GET: 404, 410), `hang` (never answered), `fail-once` (`status` the first
time, with `Retry-After: 1` if `retry_after`, then 200), `redirect` (`status` with
`Location: location`). A path the config does not name is 404.

The simulator stops on its own after `lifetime` seconds, within a second of its parent
going away, or when told to; it then closes every listening socket and every connection.
Standard library only.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any, NamedTuple

MAX_HOSTS = 250  # 127.0.0.2 ... 127.0.0.251
_MAX_HEAD = 16 * 1024
_PAGE = b'<!doctype html><html><head><title>page</title></head><body><h1 id="top">page</h1></body></html>\n'
_CHALLENGE = (
    b"<!doctype html><html><head><title>Just a moment...</title></head>"
    b"<body>Checking your browser before accessing the site.</body></html>\n"
)
_REASONS = {
    200: b"OK",
    301: b"Moved Permanently",
    302: b"Found",
    307: b"Temporary Redirect",
    308: b"Permanent Redirect",
    400: b"Bad Request",
    403: b"Forbidden",
    404: b"Not Found",
    405: b"Method Not Allowed",
    410: b"Gone",
    429: b"Too Many Requests",
    500: b"Internal Server Error",
    501: b"Not Implemented",
    503: b"Service Unavailable",
}
RETRY_AFTER = 1  # seconds, in every 429 and in the 503s that carry Retry-After


def address(host: int) -> str:
    """The loopback address of host number `host` (0-based)."""
    return f"127.0.0.{host + 2}"


@dataclass(frozen=True)
class HostSpec:
    kind: str = "healthy"  # healthy | hung | head-405 | head-501 | head-404 | bot-wall | challenge
    budget: int = 8  # requests served at once
    over_budget: str = "429"  # beyond the budget: "429" or "wait"
    latency: float = 0.1  # seconds per answer
    burst_rate: int = 0  # > 0: requests accepted per second at the start ...
    burst_seconds: float = 0.0  # ... for this long after the host's first request


@dataclass(frozen=True)
class PathRule:
    kind: str = "ok"  # ok | status | hang | fail-once | redirect
    status: int = 200
    retry_after: bool = False
    location: str = ""


@dataclass
class SimConfig:
    hosts: list[HostSpec]
    rules: dict[tuple[int, str], PathRule] = field(default_factory=dict)  # (host, path) → rule


class LogEntry(NamedTuple):
    """One request as the simulator saw it. Times are time.monotonic() (system-wide)."""

    start: float  # the request's head was read
    end: float  # the answer was sent, or (never answered) the client closed the connection
    host: int
    method: str
    path: str
    browser: bool  # the User-Agent starts with "Mozilla/"
    status: int  # 0: never answered
    retry_after: bool  # the answer carried Retry-After
    cause: str  # for a 429: "budget" or "burst"; "hang" when never answered; else ""


@dataclass
class HostStats:
    requests: int = 0
    too_many_budget: int = 0  # 429s for going over the budget in flight
    too_many_burst: int = 0  # 429s for going over the burst rate
    in_flight: int = 0  # received, not answered yet (waiting, served, hung)
    max_in_flight: int = 0
    serving: int = 0  # holding one of the budget's slots
    connections: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "too_many_budget": self.too_many_budget,
            "too_many_burst": self.too_many_burst,
            "too_many": self.too_many_budget + self.too_many_burst,
            "max_in_flight": self.max_in_flight,
            "connections": self.connections,
        }


class _Host:
    """One host's behaviour and state for the current run."""

    def __init__(self, index: int, spec: HostSpec):
        self.index = index
        self.spec = spec
        self.stats = HostStats()
        self.slots = asyncio.Semaphore(spec.budget)
        self.first_request: float | None = None
        self.accepted_in_second: dict[int, int] = {}

    def over_burst(self, now: float) -> bool:
        """Whether this request goes over the burst rate (and if not, count it)."""
        spec = self.spec
        if spec.burst_rate <= 0:
            return False
        if self.first_request is None:
            self.first_request = now
        elapsed = now - self.first_request
        if elapsed >= spec.burst_seconds:
            return False
        second = int(elapsed)
        accepted = self.accepted_in_second.get(second, 0)
        if accepted >= spec.burst_rate:
            return True
        self.accepted_in_second[second] = accepted + 1
        return False


def _response(
    status: int, body: bytes, send_body: bool, keep_alive: bool, extra: bytes = b""
) -> bytes:
    head = b"HTTP/1.1 %d %s\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n" % (
        status,
        _REASONS.get(status, b"Status"),
        len(body),
    )
    head += extra
    head += b"Connection: keep-alive\r\n\r\n" if keep_alive else b"Connection: close\r\n\r\n"
    return head + body if send_body else head


class _Run:
    """The hosts, path rules, log and open connections of one configured run."""

    def __init__(self, config: SimConfig):
        self.hosts = [_Host(i, spec) for i, spec in enumerate(config.hosts)]
        self.rules = config.rules
        self.failed_once: set[tuple[int, str]] = set()
        self.log: list[LogEntry] = []
        self.writers: set[asyncio.StreamWriter] = set()

    def close(self) -> None:
        """Drop every connection of this run, so that nothing lingers into the next."""
        for writer in list(self.writers):
            writer.transport.abort()
        self.writers.clear()


class Simulation:
    def __init__(self) -> None:
        self.run = _Run(SimConfig([]))

    def configure(self, config: SimConfig) -> None:
        self.run.close()
        self.run = _Run(config)

    async def serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, index: int
    ) -> None:
        run = self.run  # a connection belongs to the run during which it was opened
        if index >= len(run.hosts):
            writer.transport.abort()
            return
        host = run.hosts[index]
        host.stats.connections += 1
        run.writers.add(writer)
        try:
            while True:  # one request after another on a kept-alive connection
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                if not await self._request(run, host, head, reader, writer):
                    return
        except (ConnectionError, ValueError, asyncio.IncompleteReadError):
            return
        finally:
            run.writers.discard(writer)
            writer.close()

    async def _request(
        self,
        run: _Run,
        host: _Host,
        head: bytes,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> bool:
        """Answer one request; False when the connection is to be closed."""
        start = time.monotonic()
        lines = head[:-4].split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
            writer.write(_response(400, b"", True, False))
            return False
        method = parts[0].decode("latin-1")
        path = parts[1].decode("latin-1")
        keep_alive = parts[2] == b"HTTP/1.1"
        length = 0
        browser = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"connection":
                token = value.strip().lower()
                keep_alive = token != b"close" and (keep_alive or token == b"keep-alive")
            elif name == b"content-length":
                length = int(value.strip() or b"0")
            elif name == b"user-agent":
                browser = value.strip().startswith(b"Mozilla/")
        if length:
            await reader.readexactly(length)
        stats = host.stats
        stats.requests += 1
        stats.in_flight += 1
        stats.max_in_flight = max(stats.max_in_flight, stats.in_flight)
        spec = host.spec
        rule = run.rules.get((host.index, path))
        status = 0
        retry_after = False
        cause = ""
        try:
            if spec.kind == "hung":
                cause = "hang"
                await _until_closed(reader)
                return False
            if host.over_burst(start):
                stats.too_many_burst += 1
                status, retry_after, cause = 429, True, "burst"
                await asyncio.sleep(spec.latency)
                writer.write(_too_many(method, keep_alive))
                await writer.drain()
                return keep_alive
            if spec.over_budget == "429" and stats.serving >= spec.budget:
                stats.too_many_budget += 1
                status, retry_after, cause = 429, True, "budget"
                await asyncio.sleep(spec.latency)
                writer.write(_too_many(method, keep_alive))
                await writer.drain()
                return keep_alive
            async with host.slots:  # "wait" mode queues here; "429" mode never has to
                stats.serving += 1
                try:
                    if rule is not None and rule.kind == "hang":
                        cause = "hang"
                        await _until_closed(reader)
                        return False
                    await asyncio.sleep(spec.latency)
                    status, retry_after, answer = self._answer(
                        run, host, method, path, browser, rule, keep_alive
                    )
                    writer.write(answer)
                    await writer.drain()
                finally:
                    stats.serving -= 1
            return keep_alive
        finally:
            stats.in_flight -= 1
            if run is self.run:
                run.log.append(
                    LogEntry(
                        start,
                        time.monotonic(),
                        host.index,
                        method,
                        path,
                        browser,
                        status,
                        retry_after,
                        cause,
                    )
                )

    @staticmethod
    def _answer(
        run: _Run,
        host: _Host,
        method: str,
        path: str,
        browser: bool,
        rule: PathRule | None,
        keep_alive: bool,
    ) -> tuple[int, bool, bytes]:
        """(status, whether Retry-After was sent, the bytes of the answer)."""
        send_body = method != "HEAD"
        kind = host.spec.kind
        if kind == "challenge":
            extra = b"cf-mitigated: challenge\r\n"
            return 403, False, _response(403, _CHALLENGE, send_body, keep_alive, extra)
        if kind == "bot-wall" and not browser:
            return 403, False, _response(403, b"Forbidden\n", send_body, keep_alive)
        if kind.startswith("head-") and method == "HEAD":
            status = int(kind[len("head-") :])
            return status, False, _response(status, b"", send_body, keep_alive)
        if rule is None:
            return 404, False, _response(404, b"Not found\n", send_body, keep_alive)
        if rule.kind == "status":
            return rule.status, False, _response(rule.status, b"Not here\n", send_body, keep_alive)
        if rule.kind == "redirect":
            extra = b"Location: %s\r\n" % rule.location.encode("latin-1")
            return rule.status, False, _response(rule.status, b"", send_body, keep_alive, extra)
        if rule.kind == "fail-once" and (host.index, path) not in run.failed_once:
            run.failed_once.add((host.index, path))
            extra = b"Retry-After: %d\r\n" % RETRY_AFTER if rule.retry_after else b""
            answer = _response(rule.status, b"Try again\n", send_body, keep_alive, extra)
            return rule.status, rule.retry_after, answer
        return 200, False, _response(200, _PAGE, send_body, keep_alive)


def _too_many(method: str, keep_alive: bool) -> bytes:
    extra = b"Retry-After: %d\r\n" % RETRY_AFTER
    return _response(429, b"Slow down\n", method != "HEAD", keep_alive, extra)


async def _until_closed(reader: asyncio.StreamReader) -> None:
    """Never answer: wait until the client gives up and closes the connection."""
    with contextlib.suppress(ConnectionError):
        while await reader.read(65536):
            pass


async def _simulate(conn: Any, hosts: int, lifetime: float, parent: int) -> None:
    loop = asyncio.get_running_loop()
    simulation = Simulation()
    servers: list[asyncio.AbstractServer] = []
    port = 0
    for _attempt in range(10):  # bounded: find one port free on every address
        servers.clear()
        port = 0
        try:
            for index in range(hosts):

                def handler(
                    r: asyncio.StreamReader, w: asyncio.StreamWriter, i: int = index
                ) -> Any:
                    return simulation.serve(r, w, i)

                server = await asyncio.start_server(
                    handler,
                    address(index),
                    port,
                    backlog=1024,
                    limit=_MAX_HEAD,
                    reuse_address=True,
                )
                servers.append(server)
                if port == 0:
                    port = server.sockets[0].getsockname()[1]
            break
        except OSError:
            for opened in servers:
                opened.close()
            servers.clear()
    if not servers:
        conn.send(("error", "no port free on every simulated address"))
        return
    conn.send(("ready", port))

    stop = asyncio.Event()

    def on_message() -> None:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            stop.set()
            return
        if isinstance(message, tuple) and message[0] == "configure":
            simulation.configure(message[1])
            conn.send("ok")
        elif message == "stats":
            run = simulation.run
            conn.send(([h.stats.as_dict() for h in run.hosts], list(run.log)))
        elif message == "drop":  # close the run's connections (hung ones included)
            simulation.run.close()
            conn.send("ok")
        else:
            stop.set()

    loop.add_reader(conn.fileno(), on_message)
    deadline = loop.time() + lifetime
    try:
        while not stop.is_set() and loop.time() < deadline and os.getppid() == parent:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), 1.0)
    finally:
        loop.remove_reader(conn.fileno())
        for opened in servers:
            opened.close()
        simulation.run.close()
        # Let the aborted connections' handlers see it and finish.
        for _ in range(3):
            await asyncio.sleep(0)


def simulator_main(conn: Any, hosts: int, lifetime: float, parent: int) -> None:
    asyncio.run(_simulate(conn, hosts, lifetime, parent))


class Simulator:
    """The simulator process and its control pipe. Use as a context manager, or call stop()."""

    def __init__(self, hosts: int, lifetime: float):
        if not 1 <= hosts <= MAX_HOSTS:
            raise ValueError(f"hosts must be between 1 and {MAX_HOSTS}")
        self.hosts = hosts
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=simulator_main,
            args=(child, hosts, lifetime, os.getpid()),
            daemon=True,
        )
        self._process.start()
        child.close()
        if not self._conn.poll(30):
            self.stop()
            sys.exit("simulator: did not start within 30 s")
        kind, value = self._conn.recv()
        if kind != "ready":
            self.stop()
            sys.exit(f"simulator: {value}")
        self.port: int = value

    def __enter__(self) -> Simulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _ask(self, message: Any) -> Any:
        self._conn.send(message)
        if not self._conn.poll(60):
            sys.exit(
                f"simulator: no answer to {message if isinstance(message, str) else message[0]!r}"
            )
        return self._conn.recv()

    def configure(self, config: SimConfig) -> None:
        """Start a new run: these hosts and paths, fresh counters and log."""
        if len(config.hosts) > self.hosts:
            raise ValueError(f"the simulator has {self.hosts} hosts, not {len(config.hosts)}")
        self._ask(("configure", config))

    def drop_connections(self) -> None:
        self._ask("drop")

    def stats(self) -> tuple[list[dict[str, int]], list[LogEntry]]:
        """Per-host counters and every request of the run so far."""
        hosts, log = self._ask("stats")
        return hosts, [LogEntry(*entry) for entry in log]

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self._conn.send("stop")
        self._process.join(10)
        if self._process.is_alive():
            self._process.terminate()  # our own child, by its handle
            self._process.join(5)
        self._conn.close()

    @property
    def exitcode(self) -> int | None:
        return self._process.exitcode
