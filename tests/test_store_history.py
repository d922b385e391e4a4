"""Each URL's recent verdicts in the cache: bounded, streaks, and never a stopped run."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from roadmap_lint.config import fail_after
from roadmap_lint.store import history as history_module
from roadmap_lint.store.cache import VerdictCache
from roadmap_lint.store.history import HEALTHY, MAX_AGE, MAX_RUNS, History, Streak

DAY = 86400.0
START = 1_800_000_000.0  # 2027-01-15: any fixed time will do
URL = "https://example.org/page"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def step(self, seconds: float = DAY) -> float:
        self.now += seconds
        return self.now


def opened(path: Path, clock: Clock) -> tuple[VerdictCache, History, list[str]]:
    warnings: list[str] = []
    cache = VerdictCache(path, DAY, warn=warnings.append, clock=clock)
    return cache, History(cache, clock=clock), warnings


def rows(path: Path, url: str = URL) -> list[tuple[float, int]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT run_at, broken FROM history WHERE url = ? ORDER BY run_at", (url,)
        ).fetchall()


def runs(path: Path, clock: Clock, verdicts: list[bool | None], url: str = URL) -> list[Streak]:
    """One run per verdict, a day apart (None: the run could not decide the URL); the
    streak each run gives."""
    streaks = []
    for broken in verdicts:
        cache, history, warnings = opened(path, clock)
        observed = {} if broken is None else {url: broken}
        found = history.record(observed)
        assert found is not None and warnings == []
        streaks.append(found.get(url) or (history.streaks([url]) or {}).get(url, HEALTHY))
        cache.close()
        clock.step()
    return streaks


def test_a_streak_counts_the_broken_runs_in_a_row_and_when_they_began(tmp_path: Path) -> None:
    clock = Clock()
    streaks = runs(tmp_path / "c.sqlite3", clock, [False, True, True, True])
    assert streaks == [
        HEALTHY,
        Streak(START + DAY, 1),
        Streak(START + DAY, 2),
        Streak(START + DAY, 3),
    ]


def test_a_link_that_recovers_starts_again_from_zero(tmp_path: Path) -> None:
    clock = Clock()
    streaks = runs(tmp_path / "c.sqlite3", clock, [True, True, False, True])
    assert streaks[1] == Streak(START, 2)
    assert streaks[2] == HEALTHY
    assert streaks[3] == Streak(START + 3 * DAY, 1)


def test_runs_that_decide_nothing_neither_extend_nor_reset_a_streak(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "c.sqlite3"
    streaks = runs(path, clock, [True, None, None, True])
    assert streaks[1] == Streak(START, 1)  # read back, not lengthened
    assert streaks[3] == Streak(START, 2)
    assert [broken for _, broken in rows(path)] == [1, 1]


def test_each_url_keeps_at_most_its_last_30_runs(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "c.sqlite3"
    other = "https://example.org/other"
    for index in range(MAX_RUNS + 5):
        cache, history, _ = opened(path, clock)
        streaks = history.record({URL: True, other: index % 2 == 0})
        assert streaks is not None
        assert streaks[URL].runs == min(index + 1, MAX_RUNS)
        cache.close()
        clock.step(3600)  # 35 runs within two days: the count bounds them, not the age
    kept = rows(path)
    assert len(kept) == MAX_RUNS
    assert kept[0][0] == START + 5 * 3600  # the oldest five are gone
    assert len(rows(path, other)) == MAX_RUNS
    assert streaks[URL] == Streak(START + 5 * 3600, MAX_RUNS)


def test_rows_older_than_90_days_are_deleted_and_ignored(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "c.sqlite3"
    runs(path, clock, [True])
    clock.step(MAX_AGE)  # the first row is now just over 90 days old
    cache, history, _ = opened(path, clock)
    assert history.streaks([URL]) == {}  # too old to count, even before it is deleted
    assert history.record({"https://example.org/else": True}) is not None
    cache.close()
    assert rows(path) == []  # deleted by the next write, whatever its URL


def test_the_limits_are_the_ones_fail_after_accepts() -> None:
    assert fail_after.MAX_RUNS == history_module.MAX_RUNS
    assert fail_after.MAX_DAYS * DAY == history_module.MAX_AGE


def test_a_read_only_cache_gives_streaks_and_is_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock()
    path = tmp_path / "c.sqlite3"
    runs(path, clock, [True, True])
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    cache, history, warnings = opened(path, clock)
    assert history.kept
    assert history.record({URL: True}) == {URL: Streak(START, 3)}  # this run counted, not kept
    cache.close()
    assert path.read_bytes() == before
    assert len(warnings) == 1 and "read-only" in warnings[0]


def test_a_damaged_history_table_costs_one_warning_and_no_history(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "c.sqlite3"
    runs(path, clock, [True])
    cache, history, warnings = opened(path, clock)
    cache.connection.execute("DROP TABLE history")
    assert history.record({URL: True}) is None
    assert history.streaks([URL]) is None
    cache.close()
    assert len(warnings) == 1 and "history read failed" in warnings[0], warnings


def test_rows_of_the_wrong_type_are_skipped(tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "c.sqlite3"
    runs(path, clock, [True])
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO history VALUES (?, 'yesterday', 'yes')", (URL,))
    cache, history, warnings = opened(path, clock)
    assert history.record({URL: True}) == {URL: Streak(START, 2)}
    cache.close()
    assert warnings == []


def test_a_failed_write_is_one_warning_and_the_run_still_has_its_streak(
    tmp_path: Path,
) -> None:
    clock = Clock()
    path = tmp_path / "c.sqlite3"
    runs(path, clock, [True])
    cache, history, warnings = opened(path, clock)
    cache.connection.execute(
        "CREATE TRIGGER no_rows BEFORE INSERT ON history BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    assert history.record({URL: True}) == {URL: Streak(START, 2)}
    cache.close()
    assert len(warnings) == 1 and "history write failed" in warnings[0], warnings
    assert len(rows(path)) == 1  # the failed write left nothing half done


def test_a_cache_in_memory_keeps_no_history(tmp_path: Path) -> None:
    clock = Clock()
    cache, history, warnings = opened(tmp_path, clock)  # a folder: a cache for this run only
    assert not history.kept
    assert len(warnings) == 1 and "folder" in warnings[0]
    cache.close()
    cache, history, _ = opened(tmp_path / "c.sqlite3", clock)
    assert history.kept
    cache.close()
