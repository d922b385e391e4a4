"""Archive snapshots kept in the cache file: found ones for good, "none found" for a week."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from roadmap_lint.store.cache import VerdictCache
from roadmap_lint.store.snapshots import NOTHING_KEPT_FOR, Snapshots

PAGE = "https://old.example.org/guide"
GONE = "https://old.example.org/never-archived"
COPY = "https://web.archive.org/web/20200101000000/https://old.example.org/guide"


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_snapshot_is_kept_for_good_and_none_found_for_a_week(tmp_path: Path) -> None:
    clock = Clock()
    cache = VerdictCache(tmp_path / "c.sqlite3", 86400.0, clock=clock)
    store = Snapshots(cache, clock=clock)
    store.put_many([(PAGE, COPY), (GONE, None)])
    assert store.get_many([PAGE, GONE, "https://unknown.example/"]) == {PAGE: COPY, GONE: None}
    clock.now += NOTHING_KEPT_FOR + 1
    assert store.get_many([PAGE, GONE]) == {PAGE: COPY}
    store.put_many([("https://other.example/", None)])  # stale "none found" rows go
    rows = cache.connection.execute("SELECT url FROM snapshots ORDER BY url").fetchall()
    assert rows == [(PAGE,), ("https://other.example/",)]
    cache.close()


def test_a_read_only_cache_is_read_and_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite3"
    cache = VerdictCache(path, 86400.0)
    Snapshots(cache).put_many([(PAGE, COPY)])
    cache.close()
    before = path.read_bytes()
    # The file as a user who may not write it sees it (root may write anything).
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    warnings: list[str] = []
    cache = VerdictCache(path, 86400.0, warn=warnings.append)
    assert cache.read_only
    store = Snapshots(cache)
    assert store.get_many([PAGE]) == {PAGE: COPY}
    store.put_many([(GONE, None)])  # nothing written, nothing raised
    assert store.get_many([GONE]) == {}
    cache.close()
    assert path.read_bytes() == before


def test_a_failing_database_costs_one_warning_and_no_answer(tmp_path: Path) -> None:
    warnings: list[str] = []
    cache = VerdictCache(tmp_path / "c.sqlite3", 86400.0, warn=warnings.append)
    cache.connection.execute("DROP TABLE snapshots")
    store = Snapshots(cache)
    assert store.get_many([PAGE]) == {}
    store.put_many([(PAGE, COPY)])
    assert len(warnings) == 2  # one for reading, one for writing
    assert all("going on without it" in warning for warning in warnings)
    cache.close()


def test_an_in_memory_cache_has_the_table(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    cache = VerdictCache(folder, 86400.0)  # a folder: the run goes on without a file
    store = Snapshots(cache)
    store.put_many([(PAGE, COPY)])
    assert store.get_many([PAGE]) == {PAGE: COPY}
    assert isinstance(cache.connection, sqlite3.Connection)
    cache.close()
