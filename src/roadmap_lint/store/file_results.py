"""Each file's local results, kept between runs so that an unchanged file is not parsed again.

A result holds what the rest of the pipeline needs from a file: the findings of the local
rules, the external links to check (their verdicts come from the verdict cache or the
network, as always) and the inline-control comments. It is reused only while everything it
was computed from is unchanged:

- the file's text, its path and the repository it is in;
- the local rules that run and their options;
- the code that computed it: roadmap-lint's own modules and its parsers (a change to any
  of their files), and Python's version (Unicode data decides slugs);
- the files it refers to (see `dependencies`).

Entries live in the cache file's `files` table, one per file and rule settings; an entry
not stored again for `_UNUSED_FOR` is deleted.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from roadmap_lint.model import Edit, Finding, Section, Severity
from roadmap_lint.store.cache import VerdictCache
from roadmap_lint.store.dependencies import Dependency, still_holds
from roadmap_lint.version import __version__

_UNUSED_FOR = 30 * 86400.0
# Third-party code whose behaviour is part of a result: the parser and the mojibake detector.
_DEPENDENCY_PACKAGES = ("markdown_it", "mdit_py_plugins", "ftfy")


@dataclass(frozen=True)
class ExternalLink:
    url: str  # as written
    line: int
    column: int


@dataclass
class FileResult:
    findings: list[Finding]  # of the local rules, before inline control and severity settings
    links: int  # links in the document
    external: list[ExternalLink]  # the links that leave the repository, in document order
    sections: list[Section]  # every heading's line and text, for the reports
    directives: list[tuple[int, str]]  # (line, text) of the comments that may control rules
    dependencies: list[Dependency] = field(default_factory=list)


class FileKey(NamedTuple):
    file: str  # the file, as displayed and on disk, under the rule settings
    content: str  # its text, its repository and the code


@functools.cache
def code_fingerprint() -> str:
    """Changes whenever the code that computes results may have changed."""
    parts = [__version__, sys.version]
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        parts.append(f"{path.relative_to(package)}:{stat.st_mtime_ns}:{stat.st_size}")
    for name in _DEPENDENCY_PACKAGES:
        # Found the way import would (first on sys.path), without importing them.
        for entry in sys.path:
            init = Path(entry or ".", name, "__init__.py")
            with contextlib.suppress(OSError):
                stat = init.stat()
                parts.append(f"{name}:{init}:{stat.st_mtime_ns}:{stat.st_size}")
                break
    return _digest(parts)


def settings_fingerprint(rules: list[str], options: Mapping[str, Mapping[str, Any]]) -> str:
    """The local rules that run, and their options."""
    return _digest([sorted(rules), json.dumps(options, sort_keys=True, default=repr)])


def _digest(parts: list[Any]) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode("utf-8")).hexdigest()


class FileResults:
    """Lookups and stores in the cache file's `files` table; failures only cost the reuse."""

    def __init__(
        self,
        cache: VerdictCache,
        settings: str,
        clock: Callable[[], float] = time.time,
    ):
        self._cache = cache
        self._settings = settings
        self._clock = clock
        self._pending: list[tuple[str, str, str, float]] = []

    def key(self, resolved: Path, display: str, root: Path | None, text: str) -> FileKey:
        """Where a file's result is kept, and what it must have been computed from."""
        file_key = _digest([self._settings, display, str(resolved)])
        content = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
        content.update(f"\0{root}\0{code_fingerprint()}".encode())
        return FileKey(file_key, content.hexdigest())

    def get(self, key: FileKey, display: str) -> FileResult | None:
        try:
            row = self._cache.connection.execute(
                "SELECT content_key, result FROM files WHERE file_key = ?", (key.file,)
            ).fetchone()
        except sqlite3.DatabaseError as error:
            self._cache.failed("read", error)
            return None
        if row is None or row[0] != key.content:
            return None
        try:
            result = _decode(json.loads(row[1]), display)
        except (ValueError, KeyError, TypeError, IndexError):
            return None  # written by something else: computed afresh and stored again
        return result if still_holds(result.dependencies) else None

    def put(self, key: FileKey, result: FileResult) -> None:
        """Keep a result, written with the others by `flush`."""
        payload = json.dumps(_encode(result), separators=(",", ":"))
        self._pending.append((key.file, key.content, payload, self._clock()))

    def flush(self) -> None:
        if not self._pending or self._cache.read_only:
            self._pending.clear()
            return
        now = self._clock()
        db = self._cache.connection
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", self._pending)
            db.execute("DELETE FROM files WHERE stored_at < ?", (now - _UNUSED_FOR,))
            db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            with contextlib.suppress(sqlite3.DatabaseError):
                db.execute("ROLLBACK")
            self._cache.failed("write", error)
        self._pending.clear()


def _encode(result: FileResult) -> dict[str, Any]:
    return {
        "findings": [
            [
                f.rule,
                f.severity.value,
                f.line,
                f.column,
                f.message,
                f.target,
                f.suggestion,
                f.url,
                [[e.line, e.column, e.old, e.new] for e in f.fix],
                f.group,
            ]
            for f in result.findings
        ],
        "links": result.links,
        "external": [[link.url, link.line, link.column] for link in result.external],
        "sections": [[section.line, section.text] for section in result.sections],
        "directives": result.directives,
        "dependencies": [[d.kind, d.path, d.expected, d.root] for d in result.dependencies],
    }


def _decode(data: dict[str, Any], display: str) -> FileResult:
    findings = [
        Finding(
            rule=str(rule),
            severity=Severity(severity),
            path=display,
            line=int(line),
            column=int(column),
            message=str(message),
            target=target,
            suggestion=suggestion,
            url=url,
            fix=tuple(Edit(int(a), int(b), str(old), str(new)) for a, b, old, new in fix),
            group=group,
        )
        for rule, severity, line, column, message, target, suggestion, url, fix, group in data[
            "findings"
        ]
    ]
    return FileResult(
        findings=findings,
        links=int(data["links"]),
        external=[
            ExternalLink(str(url), int(line), int(column)) for url, line, column in data["external"]
        ],
        sections=[Section(int(line), str(text)) for line, text in data["sections"]],
        directives=[(int(line), str(text)) for line, text in data["directives"]],
        dependencies=[
            Dependency(str(kind), str(path), expected, str(root))
            for kind, path, expected, root in data["dependencies"]
        ],
    )
