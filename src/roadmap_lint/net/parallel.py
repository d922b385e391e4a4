"""Checking a long list of URLs in more than one process, when the machine has the cores.

Python's HTTP stack costs most of a millisecond of CPU per request. On a list of thousands
of URLs one process is busy enough that answers wait their turn to be read, and the host
with the most pages, whose chain of requests bounds the run, waits with them. So a long
list is split between processes, one per core (at most `_MAX_WORKERS`), and one more for
the few sites with far more URLs than the others, if there are such (see `_long_sites`):

- by site (the last two labels of the host name), so that every request to a host, and the
  redirects within a site, stay in one process and keep that host's limits and pauses;
- with the global limit on requests in flight shared out in proportion to the work;
- by `fork`, and only where forking is safe: on Linux, and when this process runs no other
  thread (a library user's threads are never forked). Elsewhere one process does it all.

The parent checks one share itself and gathers the verdicts of the others; only it touches
the cache and the terminal.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import math
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection, wait
from typing import Any

import anyio

from roadmap_lint.net.run import LinkRun, RunResult
from roadmap_lint.net.settings import NetSettings
from roadmap_lint.net.shared_slots import SharedSlots
from roadmap_lint.urls import host_of

Progress = Callable[[int, int, int], None]

_URLS_PER_WORKER = 500  # below this, a process of its own costs more than it saves
_MAX_WORKERS = 4
_LONG = 2.0  # a site with this many times the average site's URLs sets a long chain
_LIGHT = 0.125  # the most of all URLs the share of the long chains takes
_PROGRESS_EVERY = 0.1  # seconds between a worker's progress messages


def check_urls(
    settings: NetSettings, urls: Iterable[str], progress: Progress | None = None
) -> RunResult:
    """Check the URLs, in several processes when that is both safe and worth it."""
    wanted = list(dict.fromkeys(urls))
    shares = plan(wanted, worker_count(len(wanted)))
    if len(shares) == 1:
        return anyio.run(LinkRun(settings, progress=progress).check, wanted)
    return _check_in_processes(settings, shares, progress)


def worker_count(urls: int) -> int:
    if not _can_fork():
        return 1
    return max(1, min(os.cpu_count() or 1, _MAX_WORKERS, urls // _URLS_PER_WORKER))


def _can_fork() -> bool:
    return (
        sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def site_of(url: str) -> str:
    """The part of a URL's host that a site's hosts share: `docs.python.org` → `python.org`."""
    host = host_of(url)
    labels = host.split(".")
    if host.replace(".", "").isdigit() or ":" in host or len(labels) <= 2:
        return host  # an address, or already a site
    return ".".join(labels[-2:])


def plan(urls: list[str], workers: int) -> list[list[str]]:
    """URLs split into shares of whole sites: `workers` shares as even in size as it goes
    (the biggest sites placed first, each into the share with the least so far), and
    before them, when some sites have far more URLs than the others, a light share of the
    biggest of them (see `_long_sites`)."""
    if workers <= 1:
        return [urls]
    by_site: dict[str, list[str]] = {}
    for url in urls:
        by_site.setdefault(site_of(url), []).append(url)
    ordered = sorted(by_site.values(), key=len, reverse=True)
    long_sites = _long_sites(ordered, len(urls))
    shares: list[list[str]] = [[] for _ in range(workers)]
    for site_urls in ordered[long_sites:]:
        min(shares, key=len).extend(site_urls)
    light = [url for site_urls in ordered[:long_sites] for url in site_urls]
    return [share for share in (light, *shares) if share]


def _long_sites(ordered: list[list[str]], total: int) -> int:
    """How many of the biggest sites (`ordered` by size, biggest first) get a process with
    little else to do. A site's pages are asked a few at a time, one round trip after
    another: the site with the most pages is the longest chain, and bounds the run. In a
    process busy with thousands of other requests, each of its answers waits its turn to
    be read (10-20 ms on each 0.1 s round trip, a fifth of its pace). It is set apart when
    it has at least `_LONG` times as many URLs as the average site, with the next biggest
    ones while the share stays under `_LIGHT` of all URLs."""
    if len(ordered) < 3 or len(ordered[0]) < _LONG * total / len(ordered):
        return 0
    count, size = 1, len(ordered[0])
    while count < len(ordered) - 2 and size + len(ordered[count]) <= _LIGHT * total:
        size += len(ordered[count])
        count += 1
    return count


def _share_settings(settings: NetSettings, size: int, total: int) -> NetSettings:
    concurrency = max(1, math.ceil(settings.max_concurrency * size / total))
    return dataclasses.replace(settings, max_concurrency=concurrency)


def _check_in_processes(
    settings: NetSettings, shares: list[list[str]], progress: Progress | None
) -> RunResult:
    total = sum(len(share) for share in shares)
    context = multiprocessing.get_context("fork")
    workers: list[tuple[Any, Connection]] = []
    counts: dict[int, tuple[int, int]] = {}  # share → (done, failures)

    def report(share: int, done: int, failures: int) -> None:
        counts[share] = (done, failures)
        if progress is not None:
            progress(sum(d for d, _ in counts.values()), total, sum(f for _, f in counts.values()))

    result = RunResult()
    errors: list[str] = []
    slots = SharedSlots(context)
    for stream in (sys.stdout, sys.stderr):  # or a worker would write their buffers again
        with contextlib.suppress(AttributeError, OSError, ValueError):
            stream.flush()
    try:
        # Objects the collector never visits stay shared with the workers instead of being
        # copied into each of them as soon as it runs.
        gc.freeze()
        try:
            for share in shares[1:]:
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(
                    target=_worker,
                    args=(_share_settings(settings, len(share), total), share, sender, slots),
                    daemon=True,
                )
                process.start()
                sender.close()
                workers.append((process, receiver))
        finally:
            gc.unfreeze()
        pending = {index: receiver for index, (_process, receiver) in enumerate(workers, 1)}

        def own_progress(done: int, _total: int, failures: int) -> None:
            _drain(pending, report, result, errors, block=False)
            report(0, done, failures)

        own_run = LinkRun(
            _share_settings(settings, len(shares[0]), total),
            progress=own_progress,
            shared_slots=slots,
        )
        own = anyio.run(own_run.check, shares[0])
        _merge(result, own)
        while pending:
            _drain(pending, report, result, errors, block=True)
        if errors:
            raise RuntimeError(errors[0])
    finally:
        for process, receiver in workers:
            receiver.close()
            if process.is_alive():
                process.terminate()  # only when something went wrong: each ends by itself
            process.join()
    return result


def _drain(
    pending: dict[int, Connection],
    report: Callable[[int, int, int], None],
    result: RunResult,
    errors: list[str],
    block: bool,
) -> None:
    """Take in the workers' messages: progress, and at the end each worker's verdicts.

    A worker that failed is noted in `errors` (raised once the parent's own share is done:
    raised in the middle of it, from a progress callback, it would arrive wrapped).
    """
    ready = wait(list(pending.values()), timeout=None if block else 0)
    for index, connection in list(pending.items()):
        if connection not in ready:
            continue
        try:
            kind, *payload = connection.recv()
        except EOFError:
            kind, payload = "error", ["it ended without its results"]
        if kind == "progress":
            report(index, *payload)
            continue
        del pending[index]
        if kind == "result":
            _merge(result, payload[0])
        else:
            errors.append(f"a link-checking process failed: {payload[0]}")


def _merge(result: RunResult, part: RunResult) -> None:
    result.verdicts.update(part.verdicts)
    result.requests += part.requests


def _worker(settings: NetSettings, urls: list[str], sender: Connection, slots: SharedSlots) -> None:
    """A forked process: check its share and send back the verdicts."""
    last = 0.0

    def progress(done: int, _total: int, failures: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done == len(urls) or now - last >= _PROGRESS_EVERY:
            last = now
            sender.send(("progress", done, failures))

    try:
        outcome = anyio.run(LinkRun(settings, progress=progress, shared_slots=slots).check, urls)
        sender.send(("result", outcome))
    except BaseException as error:  # the parent says so and stops the run
        with contextlib.suppress(OSError):
            sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()
