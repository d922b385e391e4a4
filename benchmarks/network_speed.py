#!/usr/bin/env python3
"""Network speed benchmark: a link checker against a local simulator of many slow, faulty hosts.

Usage:
    python benchmarks/network_speed.py [--sizes 600,2000,10000] [--faults mix|none]
                                       [--fault NAME=VALUE ...] [--tool CMD] [--cache-runs]

Steps:
1. Start the simulator (simulator.py) in its own process: hosts on 127.0.0.2 ... on one port.
2. For each size, make a plan (fault_plan.py, seeded: the same every time): which hosts hang,
   rate-limit, refuse HEAD, wall off robots or challenge them; which URLs hang, fail once,
   redirect or are dead; and the right verdict on each URL. Write the roadmap.
3. Compute the physical limit of that plan: the least wall time any client respecting each
   host's budget could take, the tool's --timeout counting for never-answered requests.
4. Run the tool (roadmap-lint, or any checker given with --tool) on the roadmap, timed, with
   the peak memory of its process tree, and killed (with its whole process group) after
   --run-timeout seconds. Read every request the simulator received, and the verdicts.
5. Print what each fault cost (requests, 429s, seconds, verdicts), then a table of figures
   against the targets: wall / physical limit, requests per URL, 429s per host, in flight
   per host, peak memory, precision and recall of the verdicts.

Standard library only. Everything generated lives in benchmarks/.work/network/ (git-ignored).
Traffic goes to 127.0.0.0/8 only. The simulator stops by itself after --sim-lifetime seconds,
or as soon as this script goes away, and closes every socket it opened.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import default_roadmap_lint
from fault_plan import (
    ALIVE,
    BLOCKED,
    DEAD,
    PRESETS,
    SIZES,
    FaultMix,
    Limit,
    Plan,
    build_plan,
    fault_names,
    physical_limit,
    with_overrides,
    write_roadmap,
)
from simulator import MAX_HOSTS, RETRY_AFTER, LogEntry, Simulator, address

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work" / "network"
SEED = 20241125
TOOL_DEFAULT_MAX_CONCURRENCY = 128  # used only when `roadmap-lint --help` does not say

# Targets
RATIO_TARGET = 1.5  # wall / physical limit
VS_TARGET = 0.5  # wall / another checker's wall, at 10,000 URLs (--vs)
REQUESTS_PER_URL_TARGET = 1.15  # retries the servers asked for not counted
TOO_MANY_PER_HOST_TARGET = 1.0
RSS_TARGET_MB = 150.0
WARM_RATIO_TARGET = 20.0
VERDICT_CLASSES = (DEAD, BLOCKED, ALIVE)

# How a tool's verdicts are read.
VERDICT_FORMATS = ("roadmap-lint-json", "lychee-json", "listed", "none")
_STATE_CLASS = {
    "ok": ALIVE,
    "redirected": ALIVE,
    "broken": DEAD,
    "blocked": BLOCKED,
    "unknown": "unknown",
    "excluded": "excluded",
}


# ---------------------------------------------------------------------------------------
# Running the tool
# ---------------------------------------------------------------------------------------


@dataclass
class Tool:
    """How to run the checker measured: an argv template and how to read its verdicts."""

    template: list[str]  # tokens; {roadmap} {report} {timeout} {timeout_int} {max_per_host}
    verdicts: str
    stdout_is_report: bool  # roadmap-lint: the JSON report is its stdout
    is_roadmap_lint: bool
    max_per_host: int | None  # what the tool was told, when it was

    def argv(self, roadmap: Path, report: Path, timeout: float) -> list[str]:
        values = {
            "roadmap": str(roadmap),
            "report": str(report),
            "timeout": f"{timeout:g}",
            "timeout_int": str(max(1, round(timeout))),
            "max_per_host": str(self.max_per_host or ""),
            "work": str(WORK),
        }
        return [token.format_map(values) for token in self.template]


def roadmap_lint_tool(
    command: list[str], max_per_host: int | None, max_concurrency: int | None, extra: list[str]
) -> Tool:
    template = [
        *(token.replace("{", "{{").replace("}", "}}") for token in command),  # taken as is
        "--allow-network",
        "127.0.0.0/8",
        "--no-progress",
        "--no-cache",
        "--timeout",
        "{timeout}",
    ]
    if max_per_host is not None:
        template += ["--max-per-host", "{max_per_host}"]
    if max_concurrency is not None:
        template += ["--max-concurrency", str(max_concurrency)]
    template += [*extra, "--format", "json", "{roadmap}"]
    return Tool(template, "roadmap-lint-json", True, True, max_per_host)


def tool_max_concurrency(command: list[str]) -> int:
    completed = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60)
    match = re.search(r"--max-concurrency.*?default:\s*(\d+)", completed.stdout, re.S)
    return int(match.group(1)) if match else TOOL_DEFAULT_MAX_CONCURRENCY


def tool_env() -> dict[str, str]:
    """The environment without PYTHONDONTWRITEBYTECODE, which some sandboxes set: an installed
    package has its bytecode compiled (pip does it on install), so no run should pay for
    compiling roadmap-lint's modules again. No proxy either: everything is on loopback."""
    drop = {"PYTHONDONTWRITEBYTECODE", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"}
    return {k: v for k, v in os.environ.items() if k.upper() not in drop}


def _tree_memory_kb(pid: int) -> int:
    """Memory of a process and all its descendants, in KiB (Linux /proc): the sum of their
    proportional set sizes, so that pages a forked worker shares with its parent count once.
    Each process is counted once, however often the walk comes across it."""
    total = 0
    seen: set[int] = set()
    pending = [pid]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))  # type: ignore[union-attr]
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError, ValueError):
            continue
    return total


class TreeMemory:
    """Samples the memory of a process tree every 100 ms (see _tree_memory_kb).

    Not more often: reading a process's smaps_rollup walks its page tables under its memory
    map's lock. Every 10 ms this took a third of a core on a two-core machine, from the tool
    being measured, and held up its allocations. A Python process's memory hardly ever goes
    down during a run, so the peak is still seen.

    The peak is the most the tree held in two samples in a row. A single sample can be
    twice the truth: the processes are read one after another, and one that forks or exits
    between two reads changes how the pages they share are split (the parent read before a
    worker ends, the worker's half read again in the parent after). Seen once in about four
    runs at 10,000 URLs, as a lone sample of 156 MB between samples of 78 MB."""

    def __init__(self, pid: int):
        self.peak_kb = 0
        self._pid = pid
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        previous = 0
        while not self._done.wait(0.1):
            current = _tree_memory_kb(self._pid)
            self.peak_kb = max(self.peak_kb, min(previous, current))
            previous = current

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak_kb


@dataclass
class Measured:
    wall: float
    cpu: float
    rss_mb: float
    status: int
    stderr: str
    killed: bool  # ran past the run timeout
    leftovers: bool  # processes of its group were still alive after it exited


def run_measured(command: list[str], stdout: Path, timeout: float) -> Measured:
    """Run in a process group of its own, wait with wait4 for its rusage; after `timeout`
    seconds the whole group is killed. Whatever of the group outlives the main process is
    killed too, so that no run leaves processes (or their sockets) behind.

    rusage's CPU times include the worker processes the tool may fork and wait for. Peak
    memory is the larger of rusage's peak RSS (one process) and the peak of the whole tree's
    summed proportional set size, where /proc allows measuring it.
    """
    killed = threading.Event()
    with open(stdout, "wb") as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=out, stderr=err, cwd=WORK, env=tool_env(), start_new_session=True
        )
        group = process.pid  # start_new_session: the group's id is the child's pid

        def kill_group() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)

        # wait4 blocks in a thread of its own, which notes when it returned: the main thread
        # only waits for that, in short steps, so that Ctrl-C or SIGTERM (which another
        # thread may receive) are acted on at once and the group killed.
        waited: list[Any] = []

        def wait() -> None:
            waited.extend(os.wait4(process.pid, 0))
            waited.append(time.perf_counter())

        waiter = threading.Thread(target=wait, daemon=True)
        memory = TreeMemory(process.pid)
        timer = threading.Timer(timeout, kill_group)
        timer.start()
        waiter.start()
        try:
            while waiter.is_alive():
                waiter.join(0.1)
        except BaseException:  # its own session does not get Ctrl-C: end the group here
            kill_group()
            waiter.join(10)
            raise
        finally:
            timer.cancel()
            peak_kb = memory.stop()
        _pid, status, usage, ended = waited
        wall = ended - started
        process.returncode = os.waitstatus_to_exitcode(status)
        leftovers = False
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, 0)  # anyone left in the group?
            leftovers = True
            os.killpg(group, signal.SIGKILL)
        err.seek(0)
        return Measured(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            rss_mb=max(usage.ru_maxrss, peak_kb) / 1024,
            status=process.returncode,
            stderr=err.read().decode("utf-8", "replace"),
            killed=killed.is_set(),
            leftovers=leftovers,
        )


# ---------------------------------------------------------------------------------------
# Reading verdicts
# ---------------------------------------------------------------------------------------


def read_verdicts(tool: Tool, plan: Plan, report: Path, stdout: Path) -> dict[int, str] | None:
    """URL index → alive / dead / blocked / unknown / excluded, as the tool reported it.
    None when the tool's verdicts cannot be read (or --verdicts none)."""
    source = report if report.exists() and report.stat().st_size else stdout
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    index = {url: i for i, url in enumerate(plan.urls)}
    if tool.verdicts == "none":
        return None
    if tool.verdicts == "listed":  # every URL the output names is one it calls broken
        named = set(re.findall(r"http://127\.0\.0\.\d+:\d+/page/\d+", text))
        return {i: DEAD if url in named else ALIVE for url, i in index.items()}
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if tool.verdicts == "roadmap-lint-json":
        result: dict[int, str] = {}
        for link in data.get("links", []):
            i = index.get(link.get("url"))
            if i is not None:
                result[i] = _STATE_CLASS.get(link.get("state"), "unknown")
        return result
    return _lychee_verdicts(data, index)


def _lychee_verdicts(data: Any, index: dict[str, int]) -> dict[int, str]:
    """lychee's JSON: maps such as fail_map / error_map / excluded_map / success_map from
    each input to a list of {"url": ..., "status": ...}. Read tolerantly: a URL under a map
    whose name says fail, error or timeout is dead (lychee fails a run on each of them),
    under excluded excluded, anything else alive (lychee lists successes only when asked
    to)."""
    result = dict.fromkeys(index.values(), ALIVE)
    if not isinstance(data, dict):
        return result
    for name, by_input in data.items():
        if not (isinstance(name, str) and name.endswith("_map") and isinstance(by_input, dict)):
            continue
        verdict = ALIVE
        if "fail" in name or "error" in name or "timeout" in name:
            verdict = DEAD
        elif "exclu" in name:
            verdict = "excluded"
        for entries in by_input.values():
            for entry in entries if isinstance(entries, list) else []:
                url = entry.get("url") if isinstance(entry, dict) else None
                if url in index:
                    result[index[url]] = verdict
    return result


# ---------------------------------------------------------------------------------------
# What the run cost: the simulator's log against the plan
# ---------------------------------------------------------------------------------------


@dataclass
class UrlCost:
    requests: int = 0
    asked: int = 0  # retries after a 429 or a 503 with Retry-After
    early: int = 0  # of those, sent before the Retry-After had passed
    too_many: int = 0
    first: float = 0.0
    last: float = 0.0
    steps: list[str] = field(default_factory=list)

    @property
    def span(self) -> float:
        return self.last - self.first if self.requests else 0.0


@dataclass
class Analysis:
    requests: int
    asked: int
    early: int
    stray: int  # requests for paths the plan does not know
    per_url: list[UrlCost]
    too_many_by_host: list[int]
    last_answer: float  # seconds after the tool started


def analyse(plan: Plan, log: list[LogEntry], started: float) -> Analysis:
    per_url = [UrlCost() for _ in plan.urls]
    last_answer: dict[tuple[int, str], LogEntry] = {}
    asked = early = stray = 0
    too_many = [0] * len(plan.hosts)
    for entry in sorted(log, key=lambda e: e.start):
        key = (entry.host, entry.path)
        previous = last_answer.get(key)
        is_asked = previous is not None and previous.retry_after and previous.end <= entry.start
        is_early = is_asked and entry.start < previous.end + RETRY_AFTER - 0.05  # type: ignore[union-attr]
        asked += is_asked
        early += is_early
        if entry.status == 429:
            too_many[entry.host] += 1
        if entry.status:
            last_answer[key] = entry
        owner = plan.owner.get(key)
        if owner is None:
            stray += 1
            continue
        cost = per_url[owner]
        if not cost.requests:
            cost.first = entry.start
        cost.requests += 1
        cost.asked += is_asked
        cost.early += is_early
        cost.too_many += entry.status == 429
        cost.last = max(cost.last, entry.end)
        status = str(entry.status) if entry.status else "no answer"
        agent = " (browser UA)" if entry.browser else ""
        cost.steps.append(
            f"+{entry.start - started:.2f}s {entry.method} {entry.path}{agent} → {status} "
            f"after {entry.end - entry.start:.2f}s"
        )
    return Analysis(
        requests=len(log),
        asked=asked,
        early=early,
        stray=stray,
        per_url=per_url,
        too_many_by_host=too_many,
        last_answer=max((e.end for e in log), default=started) - started,
    )


@dataclass
class Scores:
    precision: dict[str, float | None]
    recall: dict[str, float | None]
    confusion: Counter[tuple[str, str]]  # (truth, verdict) → URLs
    redirected_exact: tuple[int, int]  # permanent-redirect URLs reported "redirected", of all


def score(plan: Plan, verdicts: dict[int, str], states: dict[int, str]) -> Scores:
    confusion: Counter[tuple[str, str]] = Counter()
    for i, truth in enumerate(plan.truth):
        confusion[(truth, verdicts.get(i, "missing"))] += 1
    precision: dict[str, float | None] = {}
    recall: dict[str, float | None] = {}
    for cls in VERDICT_CLASSES:
        hits = confusion[(cls, cls)]
        said = sum(n for (_, v), n in confusion.items() if v == cls)
        real = sum(n for (t, _), n in confusion.items() if t == cls)
        precision[cls] = hits / said if said else (1.0 if not real else None)
        recall[cls] = hits / real if real else None
    wanted = [i for i, r in enumerate(plan.redirected) if r]
    exact = sum(1 for i in wanted if states.get(i) == "redirected")
    return Scores(precision, recall, confusion, (exact, len(wanted)))


def roadmap_lint_states(plan: Plan, report: Path) -> dict[int, str]:
    """URL index → roadmap-lint's own state (ok, redirected, broken, ...)."""
    index = {url: i for i, url in enumerate(plan.urls)}
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        return {index[link["url"]]: link["state"] for link in data["links"] if link["url"] in index}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def write_log(path: Path, plan: Plan, log: list[LogEntry], started: float) -> None:
    """The simulator's log, one JSON object a line, for a closer look."""
    with open(path, "w", encoding="utf-8") as out:
        for e in sorted(log, key=lambda e: e.start):
            owner = plan.owner.get((e.host, e.path))
            record = {
                "t": round(e.start - started, 4),
                "took": round(e.end - e.start, 4),
                "host": address(e.host),
                "role": plan.roles[e.host],
                "method": e.method,
                "path": e.path,
                "browser": e.browser,
                "status": e.status or None,
                "retry_after": e.retry_after,
                "cause": e.cause or None,
                "url": owner,
                "fault": plan.category[owner] if owner is not None else None,
            }
            out.write(json.dumps(record) + "\n")


def print_breakdown(
    plan: Plan, analysis: Analysis, verdicts: dict[int, str] | None, slowest: int
) -> None:
    """What each fault cost: URLs, requests, asked retries, 429s, seconds, verdicts."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, category in enumerate(plan.category):
        groups[category].append(i)
    rows = []
    for category, members in sorted(groups.items(), key=lambda kv: kv[0]):
        costs = [analysis.per_url[i] for i in members]
        spans = [c.span for c in costs]
        verdict_counts = Counter((verdicts or {}).get(i, "missing") for i in members)
        truth = plan.truth[members[0]]
        right = sum(1 for i in members if (verdicts or {}).get(i) == plan.truth[i])
        rows.append(
            [
                category,
                str(len(members)),
                f"{sum(c.requests for c in costs) / len(members):.2f}",
                str(sum(c.asked for c in costs)),
                str(sum(c.early for c in costs)),
                str(sum(c.too_many for c in costs)),
                f"{statistics.mean(spans):.2f}",
                f"{max(spans):.2f}",
                truth,
                f"{right}/{len(members)}" if verdicts is not None else "n/a",
                ", ".join(f"{k} {v}" for k, v in sorted(verdict_counts.items()))
                if verdicts is not None
                else "n/a",
            ]
        )
    header = [
        "fault",
        "URLs",
        "req/URL",
        "asked",
        "early",
        "429s",
        "mean s",
        "max s",
        "truth",
        "right",
        "verdicts",
    ]
    _print_grid(header, rows)
    print(
        "  (req/URL: every request for the URL, its redirect hops and retries; asked: retries "
        "after a 429 or 503 with Retry-After; early: of those, sent before Retry-After passed; "
        "s: first request to last answer, or to the client closing a never-answered request)"
    )
    if analysis.stray:
        print(f"  requests for paths the plan does not know: {analysis.stray}")
    by_role: dict[str, int] = defaultdict(int)
    for host, count in enumerate(analysis.too_many_by_host):
        by_role[plan.roles[host]] += count
    shown = ", ".join(f"{role} {n}" for role, n in sorted(by_role.items()) if n)
    print(f"  429s by kind of host: {shown or 'none'}")
    if slowest:
        last = max(range(len(plan.urls)), key=lambda i: analysis.per_url[i].last)
        order = sorted(range(len(plan.urls)), key=lambda i: -analysis.per_url[i].span)
        order = [last] + [i for i in order if i != last]
        others = f", then the {slowest - 1} others that took longest" if slowest > 1 else ""
        print(f"  the URL answered last{others}:")
        for i in order[:slowest]:
            cost = analysis.per_url[i]
            verdict = (verdicts or {}).get(i, "n/a")
            print(
                f"    {plan.urls[i]} ({plan.category[i]}; truth {plan.truth[i]}, "
                f"verdict {verdict}): {cost.span:.2f}s, {cost.requests} requests"
            )
            for step in cost.steps[:8]:
                print(f"      {step}")
            if len(cost.steps) > 8:
                print(f"      ... {len(cost.steps) - 8} more")


def _print_grid(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[k]) for r in [header, *rows]) for k in range(len(header))]
    print("  " + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for row in rows:
        print("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


# ---------------------------------------------------------------------------------------
# Figures and the table
# ---------------------------------------------------------------------------------------


@dataclass
class Row:
    figure: str
    value: str
    target: str
    met: bool | None  # None: for information


@dataclass
class SizeResult:
    urls: int
    hosts: int
    measured: Measured
    limit: Limit
    analysis: Analysis
    scores: Scores | None
    host_stats: list[dict[str, int]]


def size_rows(
    result: SizeResult, plan: Plan, tool: Tool, concurrency: int | None, latency: float
) -> list[Row]:
    tag = f"{result.urls:,} URLs"
    m, limit, a = result.measured, result.limit, result.analysis
    ratio = m.wall / limit.seconds
    per_url = (a.requests - a.asked) / result.urls
    ideal = limit.ideal_requests / result.urls
    hosts = len(plan.hosts)
    too_many = sum(h["too_many"] for h in result.host_stats)
    worst = max(range(hosts), key=lambda h: result.host_stats[h]["too_many"])
    note = " (killed at --run-timeout)" if m.killed else ""
    rows = [
        Row(f"{tag}: wall time", f"{m.wall:.2f} s{note}", "", None),
        Row(f"{tag}: physical limit", f"{limit.seconds:.2f} s", "", None),
        Row(f"{tag}:   bounded by", limit.bound_by, "", None),
        Row(
            f"{tag}: limit in document order, for information",
            f"{limit.in_order:.2f} s (wall / it: {m.wall / limit.in_order:.2f})",
            "",
            None,
        ),
        Row(
            f"{tag}: wall / physical limit",
            f"{ratio:.2f}",
            "<= 1.5",
            ratio <= RATIO_TARGET and not m.killed,
        ),
    ]
    if concurrency is not None:
        with_cap = limit.with_concurrency(concurrency, latency)
        rows.append(
            Row(
                f"{tag}: limit with --max-concurrency {concurrency}",
                f"{with_cap:.2f} s",
                "",
                None,
            )
        )
    rows += [
        Row(
            f"{tag}: requests per URL (w/o asked retries)",
            f"{per_url:.3f} (ideal {ideal:.3f})",
            "<= 1.15",
            per_url <= REQUESTS_PER_URL_TARGET,
        ),
        Row(
            f"{tag}: 429s provoked per host",
            f"{too_many / hosts:.2f} ({too_many} in all; most {result.host_stats[worst]['too_many']}"
            f" at {address(worst)}, {plan.roles[worst]})",
            "<= 1",
            too_many / hosts <= TOO_MANY_PER_HOST_TARGET,
        ),
    ]
    if tool.max_per_host is not None:
        within = [h for h, spec in enumerate(plan.hosts) if spec.budget >= tool.max_per_host]
        over = sum(result.host_stats[h]["too_many_budget"] for h in within)
        rows.append(
            Row(
                f"{tag}: 429s over budget, hosts with budget >= {tool.max_per_host}",
                f"{over} (at {len(within)} hosts)",
                "0",
                over == 0,
            )
        )
    busiest = max(range(hosts), key=lambda h: result.host_stats[h]["max_in_flight"])
    peak = result.host_stats[busiest]["max_in_flight"]
    over_budget = sum(
        1
        for h, spec in enumerate(plan.hosts)
        if result.host_stats[h]["max_in_flight"] > spec.budget
    )
    rows.append(
        Row(
            f"{tag}: max in flight to one host",
            f"{peak} ({address(busiest)}, budget {plan.hosts[busiest].budget}); "
            f"{over_budget} hosts over their budget",
            f"<= {tool.max_per_host}" if tool.max_per_host is not None else "",
            peak <= tool.max_per_host if tool.max_per_host is not None else None,
        )
    )
    rows.append(
        Row(f"{tag}: peak memory", f"{m.rss_mb:.0f} MB", "< 150 MB", m.rss_mb < RSS_TARGET_MB)
    )
    if result.scores is None:
        unread = tool.verdicts != "none"  # the tool was to give verdicts, and did not
        rows.append(Row(f"{tag}: verdicts", "not read", "", False if unread else None))
    else:
        s = result.scores
        for cls in VERDICT_CLASSES:
            p, r = s.precision[cls], s.recall[cls]
            text = f"P {_fraction(p)} / R {_fraction(r)}"
            met = (p is None or p >= 1.0) and (r is None or r >= 1.0)
            rows.append(Row(f"{tag}: verdicts {cls}: precision / recall", text, "1.0 / 1.0", met))
        if tool.is_roadmap_lint:
            exact, wanted = s.redirected_exact
            rows.append(
                Row(
                    f"{tag}: permanent redirects reported redirected", f"{exact}/{wanted}", "", None
                )
            )
    rows += [
        Row(
            f"{tag}: requests in all / asked retries / TCP connections",
            f"{a.requests} / {a.asked} ({a.early} early) / "
            f"{sum(h['connections'] for h in result.host_stats)}",
            "",
            None,
        ),
        Row(
            f"{tag}: last answer / CPU / exit status",
            f"+{a.last_answer:.2f} s / {m.cpu:.2f} s / {m.status}",
            "",
            None,
        ),
    ]
    return rows


def _rival_tool(
    template_text: str, verdicts: str, max_per_host: int | None, parser: argparse.ArgumentParser
) -> Tool:
    template = shlex.split(template_text)
    if not any("{roadmap}" in token for token in template):
        parser.error("--vs: the command must contain {roadmap}")
    told = max_per_host if any("{max_per_host}" in t for t in template) else None
    return Tool(template, verdicts, False, False, told)


def rival_rows(
    sim: Simulator,
    rival: Tool,
    urls: int,
    plan: Plan,
    settings: Settings,
    ours: SizeResult,
    latency: float,
) -> list[Row]:
    """The other checker on the same plan, right after roadmap-lint: its figures, for
    information, and roadmap-lint's wall time as a ratio to its own."""
    print(f"\n--vs: {' '.join(rival.template)}")
    theirs = run_size(sim, rival, f"{urls}-vs", plan, settings)
    tag = f"{urls:,} URLs"
    rows = [
        Row(row.figure.replace(tag, f"{tag}, --vs"), row.value, "", None)
        for row in size_rows(theirs, plan, rival, None, latency)
    ]
    ratio = ours.measured.wall / theirs.measured.wall
    bound = " (it was killed at --run-timeout: at most this)" if theirs.measured.killed else ""
    at_10k = urls == 10_000
    rows.append(
        Row(
            f"{tag}: wall / the --vs checker's wall",
            f"{ratio:.2f}{bound}",
            "<= 0.5" if at_10k else "",
            ratio <= VS_TARGET if at_10k else None,
        )
    )
    return rows


def _fraction(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def print_table(rows: list[Row]) -> None:
    width = max(len(r.figure) for r in rows)
    value_width = max(len(r.value) for r in rows)
    target_width = max(len(r.target) for r in rows)
    print(f"| {'figure':<{width}} | {'value':<{value_width}} | {'target':<{target_width}} | |")
    print(f"| {'-' * width} | {'-' * value_width} | {'-' * target_width} | --- |")
    for r in rows:
        status = "" if r.met is None else ("MET" if r.met else "NOT MET")
        print(
            f"| {r.figure:<{width}} | {r.value:<{value_width}} | {r.target:<{target_width}} "
            f"| {status} |"
        )


# ---------------------------------------------------------------------------------------
# One run
# ---------------------------------------------------------------------------------------


@dataclass
class Settings:
    budget: int
    latency: float
    skew: float
    timeout: float
    run_timeout: float
    seed: int
    slowest: int


def make_plan(sim: Simulator, urls: int, hosts: int, mix: FaultMix, settings: Settings) -> Plan:
    return build_plan(
        urls,
        hosts,
        mix,
        budget=settings.budget,
        latency=settings.latency,
        skew=settings.skew,
        port=sim.port,
        seed=settings.seed,
    )


def run_size(
    sim: Simulator,
    tool: Tool,
    label: str,
    plan: Plan,
    settings: Settings,
    quiet: bool = False,
) -> SizeResult:
    urls, hosts = len(plan.urls), len(plan.hosts)
    roadmap = WORK / f"roadmap-{label}.md"
    write_roadmap(roadmap, plan)
    limit = physical_limit(plan, settings.timeout)
    report = WORK / f"report-{label}.json"
    stdout = report if tool.stdout_is_report else WORK / f"out-{label}.txt"
    report.unlink(missing_ok=True)
    sim.configure(plan.config())
    started = time.monotonic()
    measured = run_measured(
        tool.argv(roadmap, report, settings.timeout), stdout, settings.run_timeout
    )
    host_stats, log = sim.stats()
    sim.drop_connections()
    analysis = analyse(plan, log, started)
    verdicts = read_verdicts(tool, plan, report, stdout)
    states = roadmap_lint_states(plan, report) if tool.is_roadmap_lint else {}
    scores = score(plan, verdicts, states) if verdicts is not None else None
    write_log(WORK / f"log-{label}.jsonl", plan, log, started)
    result = SizeResult(urls, hosts, measured, limit, analysis, scores, host_stats)
    if not quiet:
        kinds = Counter(plan.roles)
        print(
            f"\n[{label}] {urls:,} URLs on {hosts} hosts ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}): "
            f"wall {measured.wall:.2f} s, limit {limit.seconds:.2f} s, CPU {measured.cpu:.2f} s, "
            f"peak memory {measured.rss_mb:.0f} MB, exit {measured.status}"
            + (" (killed at --run-timeout)" if measured.killed else "")
            + ("; processes of its group outlived it and were killed" if measured.leftovers else "")
        )
        if measured.stderr.strip():
            lines = measured.stderr.strip().splitlines()
            for line in lines[:20]:
                print(f"    stderr: {line[:300]}")
            if len(lines) > 20:
                print(f"    stderr: ... {len(lines) - 20} more lines")
        if scores is not None:
            confusion = ", ".join(
                f"{t}→{v} {n}" for (t, v), n in sorted(scores.confusion.items()) if t != v
            )
            print(f"  wrong verdicts (truth→verdict): {confusion or 'none'}")
        print_breakdown(plan, analysis, verdicts, settings.slowest)
        print(f"  the simulator's log: {(WORK / f'log-{label}.jsonl').relative_to(HERE.parent)}")
    return result


def port_closed(port: int) -> bool:
    """Whether nothing listens any more on the simulator's first address."""
    with socket.socket() as probe:
        probe.settimeout(2)
        try:
            probe.connect((address(0), port))
        except OSError:
            return True
        return False


def profile(sim: Simulator, tool: Tool, python: str, plan: Plan, settings: Settings) -> None:
    """Run roadmap-lint under cProfile on the plan's roadmap and print the hotspots."""
    import pstats

    roadmap = WORK / "roadmap-profile.md"
    write_roadmap(roadmap, plan)
    out = WORK / "profile.pstats"
    report = WORK / "report-profile.json"
    argv = tool.argv(roadmap, report, settings.timeout)
    arguments = argv[tool.template.index("--allow-network") :]
    command = [python, "-m", "cProfile", "-o", str(out), "-m", "roadmap_lint", *arguments]
    sim.configure(plan.config())
    measured = run_measured(command, report, settings.run_timeout)
    sim.drop_connections()
    print(
        f"\nProfile ({shlex.join(command)}): wall {measured.wall:.2f} s, "
        f"CPU {measured.cpu:.2f} s, exit {measured.status}; saved to {out}"
    )
    stats = pstats.Stats(str(out))
    stats.strip_dirs().sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(30)


def cache_rows(sim: Simulator, tool: Tool, plan: Plan, settings: Settings) -> list[Row]:
    """A cold and a warm run with one cache file, on a plan without faults."""
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(dir=WORK) as folder:
        at = tool.template.index("--no-cache")
        cached = Tool(
            [
                *tool.template[:at],
                "--cache-path",
                str(Path(folder) / "links.sqlite3"),
                *tool.template[at + 1 :],
            ],
            tool.verdicts,
            tool.stdout_is_report,
            tool.is_roadmap_lint,
            tool.max_per_host,
        )
        cold = run_size(sim, cached, "cold", plan, settings, quiet=True)
        warm = run_size(sim, cached, "warm", plan, settings, quiet=True)
    for name, result in (("cold", cold), ("warm", warm)):
        m = result.measured
        print(
            f"[{name}] {len(plan.urls):,} URLs, no faults: wall {m.wall:.3f} s, "
            f"{result.analysis.requests} requests, exit {m.status}"
        )
    ratio = cold.measured.wall / warm.measured.wall
    warm_alive = warm.scores is not None and warm.scores.recall[ALIVE] == 1.0
    rows += [
        Row("cache: cold run wall (no faults)", f"{cold.measured.wall:.2f} s", "", None),
        Row("cache: warm run wall", f"{warm.measured.wall:.3f} s", "", None),
        Row("cache: cold / warm", f"{ratio:.1f}x", ">= 20x", ratio >= WARM_RATIO_TARGET),
        Row(
            "cache: simulator requests, warm run",
            str(warm.analysis.requests),
            "0",
            warm.analysis.requests == 0,
        ),
        Row("cache: warm verdicts all alive", "yes" if warm_alive else "no", "yes", warm_alive),
    ]
    return rows


def parse_sizes(text: str) -> list[tuple[int, int]]:
    """`600,2000,10000` (hosts from SIZES) or `URLS:HOSTS` items."""
    sizes = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        urls_text, _, hosts_text = item.partition(":")
        urls = int(urls_text.replace("_", ""))
        hosts = int(hosts_text) if hosts_text else SIZES.get(urls, 60)
        if urls < 1 or not 1 <= hosts <= MAX_HOSTS:
            raise ValueError(f"size {item!r}: URLs must be positive, hosts 1 to {MAX_HOSTS}")
        sizes.append((urls, hosts))
    return sizes


def _stop_on_sigterm() -> None:
    """SIGTERM ends the script as Ctrl-C does: the run's process group is killed and the
    simulator stopped (by the finally clauses) instead of being left to their timeouts."""

    def stop(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def main() -> int:
    _stop_on_sigterm()
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        epilog=f"fault names for --fault: {', '.join(fault_names())}",
    )
    parser.add_argument(
        "--sizes",
        default="2000",
        help="comma-separated sizes: 600 (30 hosts), 2000 (60), 10000 (60), or URLS:HOSTS "
        "(default: 2000)",
    )
    parser.add_argument("--also-10k", action="store_true", help="add 10000 to --sizes")
    parser.add_argument(
        "--faults",
        choices=sorted(PRESETS),
        default="mix",
        help="mix: the realistic mix of every fault (default); none: healthy hosts only",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="change one fault's share or count, e.g. hung-hosts=0, dead=0.1 (repeatable)",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"plan seed (default: {SEED})")
    parser.add_argument(
        "--budget", type=int, default=8, help="requests a host serves at once (default: 8)"
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
    parser.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="the tool's --timeout, and what a never-answered request costs (default: 10)",
    )
    parser.add_argument(
        "--max-per-host",
        default=None,
        metavar="N|tool",
        help="--max-per-host passed to the tool (default: --budget); 'tool': pass none",
    )
    parser.add_argument(
        "--max-concurrency",
        type=int,
        default=None,
        help="pass --max-concurrency N to roadmap-lint (default: its own)",
    )
    parser.add_argument("--roadmap-lint", metavar="CMD", help="command to run roadmap-lint")
    parser.add_argument(
        "--tool",
        metavar="TEMPLATE",
        help="measure another checker: a command with {roadmap}, and optionally {report}, "
        "{timeout}, {timeout_int}, {max_per_host}, {work} (see benchmarks/README.md)",
    )
    parser.add_argument(
        "--verdicts",
        choices=VERDICT_FORMATS,
        default=None,
        help="how to read the tool's verdicts (default: roadmap-lint-json; listed with --tool)",
    )
    parser.add_argument(
        "--vs",
        metavar="TEMPLATE",
        help="also run another checker (a --tool template) on each size in the same run, and "
        "give the wall time as a ratio to it (target at 10,000 URLs: at most half)",
    )
    parser.add_argument(
        "--vs-verdicts",
        choices=VERDICT_FORMATS,
        default="listed",
        help="how to read the --vs checker's verdicts (default: listed)",
    )
    parser.add_argument(
        "--run-timeout",
        type=float,
        default=300.0,
        help="kill a run (its whole process group) after this many seconds (default: 300)",
    )
    parser.add_argument(
        "--sim-lifetime",
        type=float,
        default=1800.0,
        help="the simulator stops by itself after this long (default: 1800)",
    )
    parser.add_argument(
        "--slowest", type=int, default=5, help="show the N slowest URLs' requests (default: 5)"
    )
    parser.add_argument(
        "--cache-runs",
        action="store_true",
        help="also a cold and a warm run with one cache file (roadmap-lint, no faults)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also run the first size under cProfile and print the hotspots",
    )
    args = parser.parse_args()
    try:
        sizes = parse_sizes(args.sizes)
        mix = with_overrides(PRESETS[args.faults], args.fault)
    except ValueError as error:
        parser.error(str(error))
    if args.also_10k and all(urls != 10_000 for urls, _ in sizes):
        sizes.append((10_000, SIZES[10_000]))
    if not sizes:
        parser.error("--sizes names no size")
    if args.budget < 1 or args.latency < 0 or args.timeout <= 0:
        parser.error("--budget must be positive, --latency not negative, --timeout positive")
    if args.max_per_host in (None, ""):
        max_per_host: int | None = args.budget
    elif args.max_per_host == "tool":
        max_per_host = None
    elif args.max_per_host.isdigit() and int(args.max_per_host) > 0:
        max_per_host = int(args.max_per_host)
    else:
        parser.error("--max-per-host takes a positive number or 'tool'")
    settings = Settings(
        budget=args.budget,
        latency=args.latency,
        skew=args.skew,
        timeout=args.timeout,
        run_timeout=args.run_timeout,
        seed=args.seed,
        slowest=args.slowest,
    )

    rival = _rival_tool(args.vs, args.vs_verdicts, max_per_host, parser) if args.vs else None
    if rival is not None and args.tool:
        parser.error("--vs compares roadmap-lint with another checker: not with --tool")
    concurrency: int | None
    if args.tool:
        template = shlex.split(args.tool)
        if not any("{roadmap}" in token for token in template):
            parser.error("--tool: the command must contain {roadmap}")
        told = max_per_host if any("{max_per_host}" in t for t in template) else None
        tool = Tool(template, args.verdicts or "listed", False, False, told)
        concurrency = args.max_concurrency
        command = template
    else:
        command = shlex.split(args.roadmap_lint) if args.roadmap_lint else default_roadmap_lint()
        tool = roadmap_lint_tool(command, max_per_host, args.max_concurrency, [])
        if args.verdicts:
            tool.verdicts = args.verdicts
        concurrency = args.max_concurrency or tool_max_concurrency(command)
    WORK.mkdir(parents=True, exist_ok=True)
    changed = {k: v for k, v in vars(mix).items() if getattr(PRESETS["mix"], k) != v}
    print(
        f"tool: {' '.join(tool.template)}\n"
        f"faults: {args.faults}{f' with {changed}' if changed and args.faults == 'mix' else ''}; "
        f"budget {args.budget}, latency {args.latency * 1000:.0f} ms, skew {args.skew}, "
        f"--timeout {args.timeout:g}, --max-per-host {max_per_host or 'the tool default'}, "
        f"--max-concurrency {concurrency or 'the tool default'}; seed {args.seed}; "
        f"{os.cpu_count()} CPUs"
    )

    rows: list[Row] = []
    walls: dict[int, float] = {}
    sim = Simulator(max(hosts for _, hosts in sizes), args.sim_lifetime)
    port = sim.port
    try:
        warm_up = make_plan(sim, 30, min(3, sim.hosts), PRESETS["none"], settings)
        run_size(sim, tool, "warm-up", warm_up, settings, quiet=True)
        for urls, hosts in sizes:
            plan = make_plan(sim, urls, hosts, mix, settings)
            result = run_size(sim, tool, f"{urls}", plan, settings)
            rows += size_rows(result, plan, tool, concurrency, args.latency)
            walls[urls] = result.measured.wall
            if rival is not None:
                rows += rival_rows(sim, rival, urls, plan, settings, result, args.latency)
        if 2000 in walls and 10_000 in walls:
            rows.append(
                Row("time(10,000) / time(2,000)", f"{walls[10_000] / walls[2000]:.2f}", "", None)
            )
        if args.cache_runs:
            if tool.is_roadmap_lint:
                urls, hosts = sizes[0]
                rows += cache_rows(
                    sim, tool, make_plan(sim, urls, hosts, PRESETS["none"], settings), settings
                )
            else:
                print("--cache-runs: only with roadmap-lint; skipped")
        print()
        print_table(rows)
        if args.profile and tool.is_roadmap_lint:
            python = command[0] if Path(command[0]).name.startswith("python") else sys.executable
            urls, hosts = sizes[0]
            profile(sim, tool, python, make_plan(sim, urls, hosts, mix, settings), settings)
    finally:
        sim.stop()
        closed = port_closed(port)
        print(
            f"\ncleanup: simulator exited with {sim.exitcode}; "
            f"{'its sockets are closed' if closed else 'SOMETHING STILL LISTENS on its port'}"
        )
    return 0 if all(r.met is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
