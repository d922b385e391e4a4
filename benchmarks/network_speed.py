#!/usr/bin/env python3
"""Network speed benchmark: roadmap-lint against a local simulator of many slow hosts.

Usage:
    python benchmarks/network_speed.py [--urls 2000] [--hosts 60] [--budget 8]
                                       [--latency 0.1] [--also-10k] [--profile]

Steps:
1. Start a simulator in its own process: N loopback addresses 127.0.0.2 ... 127.0.0.(N+1),
   one port, each address one "host". Every answer is delayed by the latency; a host answers
   429 (Retry-After: 1) when more than BUDGET requests would be in flight to it. The
   simulator counts requests, 429s and the largest number in flight, per host.
2. Generate a roadmap (seeded, so the same every time) with U unique URLs spread unevenly
   over the hosts.
3. Run `roadmap-lint --allow-network 127.0.0.0/8 --no-cache --no-progress --max-per-host
   BUDGET --format json FILE`, timed, with its peak RSS, and compare with the physical
   limit of the work. Optionally again with 10,000 URLs. Then a cold and a warm run with
   one cache file. Before all timed runs, one small untimed run, so that Python's bytecode
   of every module is compiled, as it is in an installed package (PYTHONDONTWRITEBYTECODE
   is removed from the tool's environment for this).
4. Print a table of figures, targets and MET / NOT MET.

Standard library only. Everything generated lives in benchmarks/.work/ (git-ignored).
Traffic goes to 127.0.0.0/8 only. The simulator stops by itself after --sim-lifetime
seconds, or as soon as this script goes away.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import multiprocessing
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import default_roadmap_lint

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work" / "network"
SEED = 20241125
TOOL_DEFAULT_MAX_CONCURRENCY = 64  # used only when `roadmap-lint --help` does not say

# Targets
RATIO_TARGET = 1.5  # wall / physical limit
REQUESTS_PER_URL_TARGET = 1.1
RSS_TARGET_MB = 150.0
SCALING_TARGET = 6.0  # time(10k) / time(2k): "about 5x", i.e. no worse than linear (+20 %)
WARM_RATIO_TARGET = 20.0


# ---------------------------------------------------------------------------------------
# 1. The simulator (runs in a child process)
# ---------------------------------------------------------------------------------------

_BODY = b'<!doctype html><html><head><title>page</title></head><body><h1 id="top">page</h1></body></html>\n'
_REASONS = {200: b"OK", 400: b"Bad Request", 429: b"Too Many Requests"}
_MAX_HEAD = 16 * 1024


@dataclass
class HostStats:
    requests: int = 0
    too_many: int = 0
    in_flight: int = 0
    max_in_flight: int = 0  # the most requests at once, counting those answered 429
    connections: int = 0
    paths: set[bytes] = field(default_factory=set)

    def reset(self) -> None:
        self.requests = self.too_many = self.max_in_flight = self.connections = 0
        self.paths = set()

    def as_dict(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "too_many": self.too_many,
            "max_in_flight": self.max_in_flight,
            "connections": self.connections,
            "unique_paths": len(self.paths),
        }


def _response(status: int, body: bytes, send_body: bool, keep_alive: bool, extra: bytes) -> bytes:
    head = b"HTTP/1.1 %d %s\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n" % (
        status,
        _REASONS[status],
        len(body),
    )
    head += extra
    head += b"Connection: keep-alive\r\n\r\n" if keep_alive else b"Connection: close\r\n\r\n"
    return head + body if send_body else head


async def _serve(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    stats: HostStats,
    budget: int,
    latency: float,
) -> None:
    stats.connections += 1
    try:
        while True:  # one request after another on a kept-alive connection
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                return
            lines = head[:-4].split(b"\r\n")
            parts = lines[0].split(b" ")
            if len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
                writer.write(_response(400, b"", True, False, b""))
                return
            method, target, version = parts
            keep_alive = version == b"HTTP/1.1"
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"connection":
                    token = value.strip().lower()
                    keep_alive = token != b"close" and (keep_alive or token == b"keep-alive")
                elif name == b"content-length":
                    length = int(value.strip() or b"0")
            if length:
                await reader.readexactly(length)
            send_body = method != b"HEAD"
            stats.requests += 1
            stats.max_in_flight = max(stats.max_in_flight, stats.in_flight + 1)
            if stats.in_flight >= budget:
                stats.too_many += 1
                await asyncio.sleep(latency)
                writer.write(_response(429, b"", send_body, keep_alive, b"Retry-After: 1\r\n"))
            else:
                stats.in_flight += 1
                try:
                    await asyncio.sleep(latency)
                    writer.write(_response(200, _BODY, send_body, keep_alive, b""))
                    stats.paths.add(target)
                finally:
                    stats.in_flight -= 1
            await writer.drain()
            if not keep_alive:
                return
    except (ConnectionError, ValueError):
        return
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


async def _simulate(
    conn: Any, hosts: int, budget: int, latency: float, lifetime: float, parent: int
) -> None:
    loop = asyncio.get_running_loop()
    stats = [HostStats() for _ in range(hosts)]
    servers: list[asyncio.AbstractServer] = []
    port = 0
    for _attempt in range(10):  # bounded: find one port free on every address
        servers.clear()
        port = 0
        try:
            for index in range(hosts):
                address = f"127.0.0.{index + 2}"

                def handler(r, w, s=stats[index]):  # type: ignore[no-untyped-def]
                    return _serve(r, w, s, budget, latency)

                server = await asyncio.start_server(
                    handler, address, port, backlog=1024, limit=_MAX_HEAD, reuse_address=True
                )
                servers.append(server)
                if port == 0:
                    port = server.sockets[0].getsockname()[1]
            break
        except OSError:
            for server in servers:
                server.close()
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
        if message == "reset":
            for host in stats:
                host.reset()
            conn.send("ok")
        elif message == "stats":
            conn.send([host.as_dict() for host in stats])
        else:
            stop.set()

    loop.add_reader(conn.fileno(), on_message)
    deadline = loop.time() + lifetime
    while not stop.is_set() and loop.time() < deadline and os.getppid() == parent:
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)
    loop.remove_reader(conn.fileno())
    for server in servers:
        server.close()


def simulator_main(
    conn: Any, hosts: int, budget: int, latency: float, lifetime: float, parent: int
) -> None:
    asyncio.run(_simulate(conn, hosts, budget, latency, lifetime, parent))


class Simulator:
    """The simulator process and its control pipe."""

    def __init__(self, hosts: int, budget: int, latency: float, lifetime: float):
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=simulator_main,
            args=(child, hosts, budget, latency, lifetime, os.getpid()),
            daemon=True,
        )
        self._process.start()
        child.close()
        if not self._conn.poll(30):
            self.stop()
            sys.exit("network_speed: the simulator did not start within 30 s")
        kind, value = self._conn.recv()
        if kind != "ready":
            self.stop()
            sys.exit(f"network_speed: simulator: {value}")
        self.port: int = value

    def _ask(self, message: str) -> Any:
        self._conn.send(message)
        if not self._conn.poll(30):
            sys.exit(f"network_speed: the simulator did not answer {message!r}")
        return self._conn.recv()

    def reset(self) -> None:
        self._ask("reset")

    def stats(self) -> list[dict[str, int]]:
        result: list[dict[str, int]] = self._ask("stats")
        return result

    def stop(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self._conn.send("stop")
        self._process.join(10)
        if self._process.is_alive():
            self._process.terminate()  # our own child, by its handle
            self._process.join(5)


# ---------------------------------------------------------------------------------------
# 2. The roadmap
# ---------------------------------------------------------------------------------------

_TOPICS = (
    "Basics",
    "Tooling",
    "Testing",
    "Networking",
    "Storage",
    "Security",
    "Deployment",
    "Observability",
    "Performance",
    "Design",
    "Community",
    "Reading",
)


def spread(urls: int, hosts: int, skew: float) -> list[int]:
    """URLs per host: weight (rank)^-skew, at least one each when there are enough URLs."""
    weights = [(rank + 1) ** -skew for rank in range(hosts)]
    total = sum(weights)
    counts = [int(urls * w / total) for w in weights]
    if urls >= hosts:
        counts = [max(1, c) for c in counts]
    rank = 0
    while sum(counts) < urls:  # largest shares first; bounded by `hosts` passes at most
        counts[rank % hosts] += 1
        rank += 1
    while sum(counts) > urls:
        index = max(range(hosts), key=lambda i: counts[i])
        counts[index] -= 1
    return counts


def write_roadmap(path: Path, urls: int, hosts: int, port: int, skew: float) -> list[int]:
    rng = random.Random(SEED + urls)
    counts = spread(urls, hosts, skew)
    owners = [host for host, count in enumerate(counts) for _ in range(count)]
    rng.shuffle(owners)
    lines = ["# Generated roadmap", "", "Links to many hosts, for the network benchmark.", ""]
    for index, host in enumerate(owners):
        if index % 200 == 0:
            lines += [f"## {_TOPICS[(index // 200) % len(_TOPICS)]} {index // 200 + 1}", ""]
        if index % 25 == 0:
            lines += ["", f"### Part {index // 25 + 1}", ""]
        url = f"http://127.0.0.{host + 2}:{port}/page/{index}"
        lines.append(f"- [Resource {index}]({url}) - item {index} of the list.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts


# ---------------------------------------------------------------------------------------
# 3. Running roadmap-lint
# ---------------------------------------------------------------------------------------


def tool_max_concurrency(command: list[str]) -> int:
    completed = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60)
    match = re.search(r"--max-concurrency.*?default:\s*(\d+)", completed.stdout, re.S)
    return int(match.group(1)) if match else TOOL_DEFAULT_MAX_CONCURRENCY


@dataclass
class Run:
    label: str
    urls: int
    wall: float
    cpu: float
    rss_mb: float
    status: int
    states: dict[str, int]
    reported_requests: int | None
    sim_requests: int
    sim_429: int
    sim_max_in_flight: int
    sim_connections: int
    sim_unique: int
    stderr: str


def tool_arguments(extra: list[str], roadmap: Path) -> list[str]:
    """roadmap-lint's arguments for a measured run: loopback allowed, a JSON report."""
    return [
        "--allow-network",
        "127.0.0.0/8",
        "--no-progress",
        *extra,
        "--format",
        "json",
        str(roadmap),
    ]


def tool_env() -> dict[str, str]:
    """The environment without PYTHONDONTWRITEBYTECODE, which some sandboxes set: an installed
    package has its bytecode compiled (pip does it on install), so no run should pay for
    compiling roadmap-lint's modules again."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def warm_up(sim: Simulator, command: list[str], extra: list[str], timeout: float) -> None:
    """One small untimed run, so that every module the timed runs import has its bytecode."""
    roadmap = WORK / "roadmap-warm-up.md"
    write_roadmap(roadmap, 30, 3, sim.port, 0.0)
    lint(sim, command, "warm-up", roadmap, 30, ["--no-cache", *extra], timeout)


def _tree_memory_kb(pid: int) -> int:
    """Memory of a process and all its descendants, in KiB (Linux /proc): the sum of their
    proportional set sizes, so that pages a forked worker shares with its parent count once."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))  # type: ignore[union-attr]
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError, ValueError):
            continue
    return total


class TreeMemory:
    """Samples the memory of a process tree every 10 ms (see _tree_memory_kb)."""

    def __init__(self, pid: int):
        self.peak_kb = 0
        self._pid = pid
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(0.01):
            self.peak_kb = max(self.peak_kb, _tree_memory_kb(self._pid))

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak_kb


def run_measured(command: list[str], stdout: Path, timeout: float) -> tuple[float, Any, int, str]:
    """Run, wait with wait4 for this child's rusage; killed after `timeout` seconds.

    rusage's CPU times include the worker processes roadmap-lint may fork. Peak memory is the
    larger of rusage's peak RSS (one process) and the peak of the whole tree's summed
    proportional set size, where /proc allows measuring it.
    """
    with open(stdout, "wb") as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=WORK, env=tool_env())
        memory = TreeMemory(process.pid)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
            peak_kb = memory.stop()
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        usage = _with_peak(usage, peak_kb)
        return wall, usage, process.returncode, err.read().decode("utf-8", "replace")


@dataclass
class _Usage:
    ru_utime: float
    ru_stime: float
    ru_maxrss: int


def _with_peak(usage: Any, tree_peak_kb: int) -> _Usage:
    return _Usage(usage.ru_utime, usage.ru_stime, max(usage.ru_maxrss, tree_peak_kb))


def lint(
    sim: Simulator,
    command: list[str],
    label: str,
    roadmap: Path,
    urls: int,
    extra: list[str],
    timeout: float,
) -> Run:
    sim.reset()
    report_path = WORK / f"report-{label}.json"
    wall, usage, status, stderr = run_measured(
        [*command, *tool_arguments(extra, roadmap)], report_path, timeout
    )
    hosts = sim.stats()
    states: dict[str, int] = {}
    reported = None
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        for link in report["links"]:
            states[link["state"]] = states.get(link["state"], 0) + 1
        reported = report["summary"]["requests"]
    except (OSError, ValueError, KeyError):
        states = {"(no report)": 1}
    return Run(
        label=label,
        urls=urls,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        rss_mb=usage.ru_maxrss / 1024,
        status=status,
        states=states,
        reported_requests=reported,
        sim_requests=sum(h["requests"] for h in hosts),
        sim_429=sum(h["too_many"] for h in hosts),
        sim_max_in_flight=max(h["max_in_flight"] for h in hosts),
        sim_connections=sum(h["connections"] for h in hosts),
        sim_unique=sum(h["unique_paths"] for h in hosts),
        stderr=stderr,
    )


def describe(run: Run) -> str:
    states = ", ".join(f"{k} {v}" for k, v in sorted(run.states.items()))
    text = (
        f"[{run.label}] {run.urls} URLs: wall {run.wall:.2f} s, CPU {run.cpu:.2f} s, "
        f"peak memory {run.rss_mb:.0f} MB, exit {run.status}; verdicts: {states}; "
        f"simulator: {run.sim_requests} requests ({run.sim_unique} distinct URLs answered), "
        f"{run.sim_429} x 429, max in flight per host {run.sim_max_in_flight}, "
        f"{run.sim_connections} connections; reported requests {run.reported_requests}"
    )
    if run.stderr.strip():
        text += "\n    stderr: " + run.stderr.strip().replace("\n", "\n    stderr: ")[:2000]
    return text


# ---------------------------------------------------------------------------------------
# 4. Figures and the table
# ---------------------------------------------------------------------------------------


@dataclass
class Row:
    figure: str
    value: str
    target: str
    met: bool | None  # None: for information


def limits(counts: list[int], budget: int, latency: float, concurrency: int) -> tuple[float, float]:
    """(per-host physical limit, limit once the tool's total concurrency is counted)."""
    per_host = max(math.ceil(c / budget) for c in counts) * latency
    total = sum(counts)
    return per_host, max(per_host, math.ceil(total / concurrency) * latency)


def speed_rows(
    run: Run, counts: list[int], budget: int, latency: float, concurrency: int
) -> list[Row]:
    tag = f"{run.urls:,} URLs"
    per_host, with_cap = limits(counts, budget, latency, concurrency)
    served = run.sim_requests - run.sim_429
    busiest = max(counts)
    all_ok = run.states.get("ok", 0) == run.urls and run.status == 0
    return [
        Row(f"{tag}: wall time", f"{run.wall:.2f} s", "", None),
        Row(
            f"{tag}: physical limit (busiest host {busiest} URLs)",
            f"{per_host:.2f} s",
            "",
            None,
        ),
        Row(
            f"{tag}: wall / physical limit",
            f"{run.wall / per_host:.2f}",
            "<= 1.5",
            all_ok and run.wall / per_host <= RATIO_TARGET,
        ),
        Row(
            f"{tag}: limit with --max-concurrency {concurrency}",
            f"{with_cap:.2f} s (wall/that {run.wall / with_cap:.2f})",
            "",
            None,
        ),
        Row(
            f"{tag}: requests per URL (w/o 429 retries)",
            f"{served / run.urls:.3f}",
            "<= 1.1",
            served / run.urls <= REQUESTS_PER_URL_TARGET,
        ),
        Row(f"{tag}: 429s provoked", str(run.sim_429), "0", run.sim_429 == 0),
        Row(
            f"{tag}: max in flight to one host",
            str(run.sim_max_in_flight),
            f"<= {budget}",
            run.sim_max_in_flight <= budget,
        ),
        Row(
            f"{tag}: TCP connections opened",
            f"{run.sim_connections} "
            f"({run.sim_connections / max(1, run.sim_requests):.2f} per request)",
            "",
            None,
        ),
        Row(f"{tag}: peak memory", f"{run.rss_mb:.0f} MB", "< 150 MB", run.rss_mb < RSS_TARGET_MB),
        Row(f"{tag}: CPU (user+sys)", f"{run.cpu:.2f} s", "", None),
        Row(
            f"{tag}: all verdicts ok",
            f"{run.states.get('ok', 0)}/{run.urls}, exit {run.status}",
            "all",
            all_ok,
        ),
    ]


def print_table(rows: list[Row]) -> None:
    width = max(len(r.figure) for r in rows)
    value_width = max(len(r.value) for r in rows)
    target_width = max(len(r.target) for r in rows)
    print(f"| {'figure':<{width}} | {'value':>{value_width}} | {'target':<{target_width}} | |")
    print(f"| {'-' * width} | {'-' * value_width} | {'-' * target_width} | --- |")
    for r in rows:
        status = "" if r.met is None else ("MET" if r.met else "NOT MET")
        print(
            f"| {r.figure:<{width}} | {r.value:>{value_width}} | {r.target:<{target_width}} "
            f"| {status} |"
        )


def profile(sim: Simulator, python: str, roadmap: Path, extra: list[str], timeout: float) -> None:
    import pstats

    out = WORK / "profile.pstats"
    sim.reset()
    command = [
        python,
        "-m",
        "cProfile",
        "-o",
        str(out),
        "-m",
        "roadmap_lint",
        *tool_arguments(extra, roadmap),
    ]
    wall, usage, status, stderr = run_measured(command, WORK / "report-profile.json", timeout)
    if stderr.strip():
        print(stderr.strip()[:2000])
    print(
        f"\nProfile ({shlex.join(command)}): wall {wall:.2f} s, "
        f"CPU {usage.ru_utime + usage.ru_stime:.2f} s, exit {status}; saved to {out}"
    )
    stats = pstats.Stats(str(out))
    stats.strip_dirs().sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=2000, help="unique URLs (default: 2000)")
    parser.add_argument("--hosts", type=int, default=60, help="simulated hosts (default: 60)")
    parser.add_argument(
        "--budget",
        type=int,
        default=8,
        help="requests in flight a host allows, and --max-per-host (default: 8)",
    )
    parser.add_argument(
        "--latency", type=float, default=0.1, help="seconds each answer takes (default: 0.1)"
    )
    parser.add_argument(
        "--skew",
        type=float,
        default=0.5,
        help="unevenness of URLs over hosts, 0 = even (default: 0.5)",
    )
    parser.add_argument("--also-10k", action="store_true", help="also run with 10,000 URLs")
    parser.add_argument("--no-cache-runs", action="store_true", help="skip the cold/warm runs")
    parser.add_argument(
        "--max-concurrency",
        type=int,
        default=None,
        help="pass --max-concurrency N to roadmap-lint (default: its own)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also run the first size under cProfile and print the hotspots",
    )
    parser.add_argument("--roadmap-lint", metavar="CMD", help="command to run roadmap-lint")
    parser.add_argument(
        "--run-timeout",
        type=float,
        default=300.0,
        help="kill a roadmap-lint run after this many seconds (default: 300)",
    )
    parser.add_argument(
        "--sim-lifetime",
        type=float,
        default=1800.0,
        help="the simulator stops by itself after this long (default: 1800)",
    )
    args = parser.parse_args()
    if not 1 <= args.hosts <= 250:
        parser.error("--hosts must be between 1 and 250 (127.0.0.2 ... 127.0.0.251)")
    if args.urls < 1 or args.budget < 1 or args.latency < 0:
        parser.error("--urls and --budget must be positive, --latency not negative")

    command = shlex.split(args.roadmap_lint) if args.roadmap_lint else default_roadmap_lint()
    extra = ["--max-per-host", str(args.budget)]
    concurrency = tool_max_concurrency(command)
    if args.max_concurrency is not None:
        extra += ["--max-concurrency", str(args.max_concurrency)]
        concurrency = args.max_concurrency
    WORK.mkdir(parents=True, exist_ok=True)
    print(
        f"roadmap-lint: {shlex.join(command)}; {args.hosts} hosts, budget {args.budget}, "
        f"latency {args.latency * 1000:.0f} ms, skew {args.skew}, "
        f"--max-concurrency {concurrency}; {os.cpu_count()} CPUs"
    )

    sim = Simulator(args.hosts, args.budget, args.latency, args.sim_lifetime)
    rows: list[Row] = []
    try:
        warm_up(sim, command, extra, args.run_timeout)
        sizes = [args.urls] + ([10_000] if args.also_10k and args.urls != 10_000 else [])
        walls: dict[int, float] = {}
        first_roadmap = None
        for size in sizes:
            roadmap = WORK / f"roadmap-{size}.md"
            counts = write_roadmap(roadmap, size, args.hosts, sim.port, args.skew)
            first_roadmap = first_roadmap or roadmap
            run = lint(
                sim, command, f"{size}", roadmap, size, ["--no-cache", *extra], args.run_timeout
            )
            print(describe(run))
            rows += speed_rows(run, counts, args.budget, args.latency, concurrency)
            walls[size] = run.wall
        if len(sizes) == 2:
            ratio = walls[sizes[1]] / walls[sizes[0]]
            rows.append(
                Row(
                    f"time({sizes[1]:,}) / time({sizes[0]:,})",
                    f"{ratio:.2f}",
                    f"about {sizes[1] / sizes[0]:.0f}x (<= {SCALING_TARGET:g})",
                    ratio <= SCALING_TARGET,
                )
            )
        if not args.no_cache_runs:
            assert first_roadmap is not None
            with tempfile.TemporaryDirectory(dir=WORK) as folder:
                cache = ["--cache-path", str(Path(folder) / "links.sqlite3"), *extra]
                cold = lint(sim, command, "cold", first_roadmap, args.urls, cache, args.run_timeout)
                print(describe(cold))
                warm = lint(sim, command, "warm", first_roadmap, args.urls, cache, args.run_timeout)
                print(describe(warm))
            ratio = cold.wall / warm.wall
            warm_ok = warm.states.get("ok", 0) == args.urls and warm.status == 0
            rows += [
                Row("cache: cold run wall", f"{cold.wall:.2f} s", "", None),
                Row("cache: warm run wall", f"{warm.wall:.3f} s", "", None),
                Row("cache: cold / warm", f"{ratio:.1f}x", ">= 20x", ratio >= WARM_RATIO_TARGET),
                Row(
                    "cache: simulator requests, warm run",
                    str(warm.sim_requests),
                    "0",
                    warm.sim_requests == 0,
                ),
                Row(
                    "cache: warm verdicts ok",
                    f"{warm.states.get('ok', 0)}/{args.urls}",
                    "all",
                    warm_ok,
                ),
            ]
        print()
        print_table(rows)
        if args.profile:
            assert first_roadmap is not None
            python = command[0] if command[0].endswith("python") else sys.executable
            profile(sim, python, first_roadmap, ["--no-cache", *extra], args.run_timeout)
    finally:
        sim.stop()
    return 0 if all(r.met is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
