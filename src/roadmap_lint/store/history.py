"""Each URL's recent verdicts, kept in the cache file: how long a broken link has been broken.

One row per URL and run that decided it: broken, or not (`ok`, `redirected`). Runs that
could say nothing of the URL (`unknown`, `blocked`, `excluded`, no network) add no row, so
they neither lengthen nor end a streak. Rows are bounded: the last `MAX_RUNS` runs of each
URL within `MAX_AGE`, older ones deleted whenever rows are written.

A streak is the run of broken rows up to the newest: its length and the first run's time. A
URL whose newest row is healthy has none. Like the rest of the cache, the history never
stops a run: a read that fails means no history (`None`), a write that fails is a warning.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from roadmap_lint.store.cache import VerdictCache, in_chunks

MAX_RUNS = 30
MAX_AGE = 90 * 86400.0


@dataclass(frozen=True)
class Streak:
    """How a URL has been broken: since when (epoch seconds) and for how many runs in a row."""

    since: float | None = None
    runs: int = 0


HEALTHY = Streak()


class History:
    """The `history` table of a cache. `clock` gives a run's time (tests inject their own)."""

    def __init__(
        self,
        cache: VerdictCache,
        clock: Callable[[], float] = time.time,
        max_runs: int = MAX_RUNS,
        max_age: float = MAX_AGE,
    ):
        self._cache = cache
        self._clock = clock
        self._max_runs = max_runs
        self._max_age = max_age

    @property
    def kept(self) -> bool:
        """Whether there is a history to read: the cache is a file, not a run's own memory."""
        try:
            rows = self._cache.connection.execute("PRAGMA database_list").fetchall()
        except sqlite3.DatabaseError:
            return False
        return any(name == "main" and path for _, name, path in rows)

    def record(
        self, observed: Mapping[str, bool], now: float | None = None
    ) -> dict[str, Streak] | None:
        """Keep this run's observations (URL → broken) and return each URL's streak, this run
        included; None if the history cannot be read. A read-only cache is read, not written."""
        now = self._clock() if now is None else now
        earlier = self._read(observed, now)
        if earlier is None:
            return None
        streaks = {
            url: _streak([(now, broken), *earlier.get(url, [])][: self._max_runs])
            for url, broken in observed.items()
        }
        self._write(observed, earlier, now)
        return streaks

    def streaks(self, urls: Iterable[str], now: float | None = None) -> dict[str, Streak] | None:
        """Each URL's streak from the rows kept (the newest run that decided it, backwards)."""
        now = self._clock() if now is None else now
        earlier = self._read(list(urls), now, include_now=True)
        if earlier is None:
            return None
        return {url: _streak(rows) for url, rows in earlier.items()}

    def _read(
        self, urls: Iterable[str], now: float, include_now: bool = False
    ) -> dict[str, list[tuple[float, bool]]] | None:
        """Each URL's rows within the bounds, newest first (rows from later runs ignored)."""
        wanted = list(urls)
        found: dict[str, list[tuple[float, bool]]] = {}
        newest = "<=" if include_now else "<"
        try:
            for chunk, marks in in_chunks(wanted):
                rows = self._cache.connection.execute(
                    f"SELECT url, run_at, broken FROM history WHERE url IN ({marks})"
                    f" AND run_at >= ? AND run_at {newest} ? ORDER BY url, run_at DESC",
                    (*chunk, now - self._max_age, now),
                )
                for url, run_at, broken in rows:
                    if isinstance(run_at, (int, float)) and isinstance(broken, int):
                        found.setdefault(url, []).append((float(run_at), bool(broken)))
        except sqlite3.DatabaseError as error:
            self._cache.failed("history read", error)
            return None
        return {url: rows[: self._max_runs] for url, rows in found.items()}

    def _write(
        self,
        observed: Mapping[str, bool],
        earlier: Mapping[str, list[tuple[float, bool]]],
        now: float,
    ) -> None:
        if self._cache.read_only or not observed:
            return
        crowded = [url for url in observed if len(earlier.get(url, ())) >= self._max_runs]
        db = self._cache.connection
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT OR REPLACE INTO history VALUES (?, ?, ?)",
                [(url, now, int(broken)) for url, broken in observed.items()],
            )
            db.execute("DELETE FROM history WHERE run_at < ?", (now - self._max_age,))
            db.executemany(
                "DELETE FROM history WHERE url = ? AND run_at <= (SELECT run_at FROM history"
                " WHERE url = ? ORDER BY run_at DESC LIMIT 1 OFFSET ?)",
                [(url, url, self._max_runs) for url in crowded],
            )
            db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            with contextlib.suppress(sqlite3.DatabaseError):
                db.execute("ROLLBACK")
            self._cache.failed("history write", error)


def _streak(rows: list[tuple[float, bool]]) -> Streak:
    """The broken rows at the head of `rows` (newest first)."""
    since = None
    runs = 0
    for run_at, broken in rows:
        if not broken:
            break
        since = run_at
        runs += 1
    return Streak(since, runs) if runs else HEALTHY
