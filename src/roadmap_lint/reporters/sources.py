"""What the SARIF, GitHub and Markdown reporters may ask about the files a report names.

A Report holds paths and positions only. Some formats want a little more: the text of
a finding's line (for stable fingerprints and end columns), the heading a finding falls
under (for the Markdown summary) and the path relative to the repository root (for
SARIF). Reporters stay pure functions: they receive a `SourceLookup` and never open a
file themselves. `FileSources` answers from the files on disk, `TextSources` from text
in memory (tests, `lint_text`), `NoSources` not at all.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple, Protocol

from roadmap_lint.model import Finding

_CLOSERS = ")>"


class Section(NamedTuple):
    """The heading a line falls under: its own line and its rendered text."""

    line: int
    text: str


class SourceLookup(Protocol):
    def line_text(self, path: str, line: int) -> str | None:
        """Line `line` (1-based) of the file, without its line break; None if unknown."""
        ...

    def section(self, path: str, line: int) -> Section | None:
        """The nearest heading at or above `line`; None before the first heading or if unknown."""
        ...

    def repo_path(self, path: str) -> str | None:
        """The path relative to the repository root (`/`-separated); None if outside it."""
        ...


class NoSources:
    """Knows nothing: no line text, no sections; relative paths are taken as repo-relative."""

    def line_text(self, path: str, line: int) -> str | None:
        return None

    def section(self, path: str, line: int) -> Section | None:
        return None

    def repo_path(self, path: str) -> str | None:
        posix = path.replace("\\", "/").removeprefix("./")
        outside = posix.startswith(("/", "../")) or posix[1:3] == ":/"
        return None if outside else posix


class _Parsed:
    def __init__(self, text: str, path: str) -> None:
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.text = text
        self.path = path
        self.lines = text.split("\n")
        self._sections: tuple[list[int], list[Section]] | None = None

    def section(self, line: int) -> Section | None:
        if self._sections is None:
            from roadmap_lint.markdown import parse

            headings = sorted(parse(self.text, self.path).headings, key=lambda h: h.position)
            self._sections = (
                [h.position.line for h in headings],
                [Section(h.position.line, h.text) for h in headings],
            )
        starts, sections = self._sections
        index = bisect.bisect_right(starts, line) - 1
        return sections[index] if index >= 0 else None


class TextSources:
    """Answers from Markdown text held in memory, by display path."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = dict(texts)
        self._parsed: dict[str, _Parsed | None] = {}

    def _load(self, path: str) -> str | None:
        return self._texts.get(path)

    def _get(self, path: str) -> _Parsed | None:
        if path not in self._parsed:
            text = self._load(path)
            self._parsed[path] = None if text is None else _Parsed(text, path)
        return self._parsed[path]

    def line_text(self, path: str, line: int) -> str | None:
        parsed = self._get(path)
        if parsed is None or not 1 <= line <= len(parsed.lines):
            return None
        return parsed.lines[line - 1]

    def section(self, path: str, line: int) -> Section | None:
        parsed = self._get(path)
        return parsed.section(line) if parsed is not None else None

    def repo_path(self, path: str) -> str | None:
        return NoSources().repo_path(path)


class FileSources(TextSources):
    """Answers from the files on disk; display paths are relative to `base` (the cwd)."""

    def __init__(self, base: Path | None = None) -> None:
        super().__init__({})
        self._base = (base or Path.cwd()).resolve()
        self._root = _repository_root(self._base)

    def _resolve(self, path: str) -> Path:
        return (self._base / path).resolve()

    def _load(self, path: str) -> str | None:
        try:
            return self._resolve(path).read_bytes().decode("utf-8", errors="replace")
        except (OSError, ValueError):
            return None

    def repo_path(self, path: str) -> str | None:
        root = self._root or self._base
        try:
            return self._resolve(path).relative_to(root).as_posix()
        except (OSError, ValueError):
            return None


def _repository_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def end_column(finding: Finding, line_text: str | None) -> int | None:
    """The column just past the finding's link target, when the target is written on its line.

    A closing `)` or `>` right after the target is included, so that the region covers the
    whole of `[text](target)` or `<target>` from the finding's column.
    """
    target = finding.url or finding.target
    if not target or line_text is None:
        return None
    start = line_text.find(target, max(finding.column - 1, 0))
    if start < 0:
        return None
    end = start + len(target)
    if end < len(line_text) and line_text[end] in _CLOSERS:
        end += 1
    return end + 1
