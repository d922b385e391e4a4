"""The archive snapshots looked up for dead pages, kept in the cache file's `snapshots` table.

A snapshot found is kept for good (a capture from before the page broke does not change);
"the archive has none" is kept for a week, after which the archive is asked again (it may
have been given a copy meanwhile). A lookup that got no answer is not kept at all.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterable

from roadmap_lint.store.cache import VerdictCache, in_chunks

NOTHING_KEPT_FOR = 7 * 86400.0  # seconds "no snapshot" is believed


class Snapshots:
    def __init__(self, cache: VerdictCache, clock: Callable[[], float] = time.time):
        self._cache = cache
        self._clock = clock

    def get_many(self, urls: Iterable[str]) -> dict[str, str | None]:
        """What is known of those pages: a snapshot's address, or None for "none found"
        (while that is recent enough); pages not known are left out."""
        wanted = list(urls)
        found: dict[str, str | None] = {}
        oldest = self._clock() - NOTHING_KEPT_FOR
        try:
            for chunk, marks in in_chunks(wanted):
                rows = self._cache.connection.execute(
                    f"SELECT url, snapshot FROM snapshots WHERE url IN ({marks})"
                    " AND (snapshot IS NOT NULL OR looked_up_at > ?)",
                    (*chunk, oldest),
                )
                for url, snapshot in rows:
                    found[url] = snapshot if isinstance(snapshot, str) else None
        except sqlite3.DatabaseError as error:
            self._cache.failed("read", error)
            return {}
        return found

    def put_many(self, answers: Iterable[tuple[str, str | None]]) -> None:
        """Keep each (page, snapshot or None) looked up; stale "none found" rows go."""
        now = self._clock()
        rows = [(url, snapshot, now) for url, snapshot in answers]
        if self._cache.read_only or not rows:
            return
        db = self._cache.connection
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)", rows)
            db.execute(
                "DELETE FROM snapshots WHERE snapshot IS NULL AND looked_up_at <= ?",
                (now - NOTHING_KEPT_FOR,),
            )
            db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            with contextlib.suppress(sqlite3.DatabaseError):
                db.execute("ROLLBACK")
            self._cache.failed("write", error)
