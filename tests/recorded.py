"""Test doubles that record instead of waiting."""

from __future__ import annotations

import anyio
import anyio.lowlevel


class Sleeps:
    """An async sleep that records each delay asked for and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await anyio.lowlevel.checkpoint()
