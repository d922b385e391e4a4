"""A one-line progress display on stderr, drawn only on a terminal."""

from __future__ import annotations

import time
from typing import TextIO


class ProgressLine:
    def __init__(self, stream: TextIO):
        self._stream = stream
        self._started = time.monotonic()
        self._last_draw = 0.0
        self._drawn = False

    @classmethod
    def on_tty(cls, stream: TextIO) -> ProgressLine | None:
        return cls(stream) if stream.isatty() else None

    def __call__(self, done: int, total: int, failures: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        rate = done / max(now - self._started, 1e-6)
        self._stream.write(
            f"\r\033[Kchecking links {done}/{total}  {rate:.0f}/s  {failures} failed"
        )
        self._stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self._stream.write("\r\033[K")
            self._stream.flush()
