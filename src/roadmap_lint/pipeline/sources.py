"""Finding Markdown files and reading them as text."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_lint.errors import UsageError
from roadmap_lint.markdown.links import MARKDOWN_SUFFIXES

_SKIPPED_FOLDERS = frozenset({"node_modules", "vendor", "__pycache__", "site-packages"})
_BOM = "\ufeff"
_BINARY_SNIFF = 8192


@dataclass
class Source:
    path: Path
    display: str  # the path as the user should see it in reports
    text: str
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SourceFile:
    """A file to lint: its text, where it is on disk (None for text given directly), and
    the path reports show."""

    path: Path | None
    display: str
    text: str


def read_all(
    paths: Iterable[str], excluded: Callable[[Path], bool], warn: Callable[[str], None]
) -> list[SourceFile]:
    """Every Markdown file the paths name, read and decoded, except the excluded ones."""
    files: list[SourceFile] = []
    for path, display in discover(paths):
        if excluded(path):
            continue
        source = read(path, display)
        for message in source.warnings:
            warn(message)
        files.append(SourceFile(path, display, source.text))
    return files


def discover(paths: Iterable[str]) -> list[tuple[Path, str]]:
    """Expand the command-line paths into Markdown files, as (path, display path)."""
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(_markdown_below(path))
            if not files:
                raise UsageError(f"{given}: no Markdown files in this folder")
            found.extend((file, _display(file)) for file in files)
        elif path.is_file():
            found.append((path, _display(path)))
        elif path.exists():
            raise UsageError(f"{given}: not a regular file")
        else:
            raise UsageError(f"{given}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for path, display in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((path, display))
    return unique


def _markdown_below(folder: Path) -> Iterable[Path]:
    for root, folders, files in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".") and f not in _SKIPPED_FOLDERS]
        for name in files:
            if name.lower().endswith(MARKDOWN_SUFFIXES):
                yield Path(root) / name


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def decode(data: bytes, display: str) -> tuple[str, list[str]]:
    """Decode Markdown bytes: UTF-8, BOM dropped; a NUL byte means it is not text.

    Invalid UTF-8 is not fatal: the bad bytes become U+FFFD and a warning says where,
    so the rest of the file is still checked.
    """
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise UsageError(f"{display}: binary file, not Markdown")
    warnings: list[str] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        warnings.append(
            f"{display}:{line}: not valid UTF-8 (byte {error.start}); "
            "undecodable bytes read as U+FFFD"
        )
        text = data.decode("utf-8", errors="replace")
    if text.startswith(_BOM):
        text = text[1:]
    return text, warnings


def read(path: Path, display: str) -> Source:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise UsageError(f"{display}: is a folder") from None
    except OSError as error:
        raise UsageError(f"{display}: cannot read: {error.strerror or error}") from None
    text, warnings = decode(data, display)
    return Source(path, display, text, warnings)
