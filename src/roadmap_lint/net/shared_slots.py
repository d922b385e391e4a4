"""Requests in flight per host, counted across the processes of one run.

A long list is checked in several processes, each with the sites of its share (see
`parallel`), but a redirect may lead one process to a host another one is busy with. Each
process's gate keeps its own count; this table, in memory the processes share, keeps the
total, so that together they never send a host more than its limit at once.
"""

from __future__ import annotations

import ctypes
import hashlib
from multiprocessing.context import BaseContext
from typing import Any

_SIZE = 65536  # hosts the table holds; beyond, a host's count is not shared


class SharedSlots:
    def __init__(self, context: BaseContext, size: int = _SIZE):
        self._size = size
        self._keys: Any = context.RawArray(ctypes.c_uint64, size)  # 0: an empty entry
        self._counts: Any = context.RawArray(ctypes.c_int, size)
        self._lock = context.Lock()

    def take(self, host: str, cap: int) -> bool:
        """Count one more request in flight to `host`, unless `cap` are already."""
        with self._lock:
            index = self._index(host)
            if index is None:
                return True
            if self._counts[index] >= cap:
                return False
            self._counts[index] += 1
            return True

    def give(self, host: str) -> None:
        with self._lock:
            index = self._index(host)
            if index is not None:
                self._counts[index] -= 1

    def _index(self, host: str) -> int | None:
        """The host's entry, made on first use (open addressing; called under the lock);
        None when the table is full."""
        key = _key(host)
        index = key % self._size
        for _ in range(self._size):
            if self._keys[index] == key:
                return index
            if self._keys[index] == 0:
                self._keys[index] = key
                return index
            index = (index + 1) % self._size
        return None


def _key(host: str) -> int:
    digest = hashlib.blake2b(host.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1
