"""The cache never stops a run: damaged, read-only or misplaced, it costs one warning."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from roadmap_lint.model import LinkState, Verdict
from roadmap_lint.store.cache import VerdictCache

DAY = 86400.0
OK = Verdict(LinkState.OK, 200)


def filled(path: Path, count: int = 300) -> list[str]:
    urls = [f"https://example.org/page/{index}" for index in range(count)]
    cache = VerdictCache(path, DAY)
    cache.put_many((url, OK) for url in urls)
    cache.close()
    return urls


def opened(path: Path) -> tuple[VerdictCache, list[str]]:
    warnings: list[str] = []
    return VerdictCache(path, DAY, warn=warnings.append), warnings


@pytest.mark.parametrize("where", [0.2, 0.4, 0.6, 0.8, 0.95])
def test_a_cache_with_one_damaged_byte_is_rebuilt_once(tmp_path: Path, where: float) -> None:
    path = tmp_path / "cache.sqlite3"
    urls = filled(path)
    data = bytearray(path.read_bytes())
    offset = int(len(data) * where)
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))

    cache, warnings = opened(path)
    found = cache.get_many(urls)  # whatever survived, or nothing: never an exception
    cache.put_many([(urls[0], OK)])
    cache.close()
    assert len(warnings) <= 1, warnings
    assert all(verdict.state is LinkState.OK for verdict in found.values())

    again, later = opened(path)
    assert later == []
    assert urls[0] in again.get_many([urls[0]])
    again.close()


def test_a_folder_named_as_the_cache_is_a_warning(tmp_path: Path) -> None:
    cache, warnings = opened(tmp_path)
    cache.put_many([("https://example.org/", OK)])
    assert "https://example.org/" in cache.get_many(["https://example.org/"])
    assert len(warnings) == 1 and "folder" in warnings[0]


def test_a_read_only_cache_is_read_and_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache.sqlite3"
    urls = filled(path, 5)
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    cache, warnings = opened(path)
    assert set(cache.get_many(urls)) == set(urls)
    cache.put_many([("https://example.org/new", OK)])
    cache.close()
    assert path.read_bytes() == before
    assert len(warnings) == 1 and "read-only" in warnings[0]
