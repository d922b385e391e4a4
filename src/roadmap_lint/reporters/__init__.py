"""Reporters turn a Report into text; each is a pure function in its own module."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Report

Reporter = Callable[[Report], str]
FORMATS = ("text", "json")


def reporter_for(name: str, *, colour: bool = False) -> Reporter:
    if name == "json":
        from .json import render as render_json

        return render_json
    from .text import render as render_text

    return lambda report: render_text(report, colour=colour)
