"""`--fix`: lint, apply the safe fixes, lint again, until nothing more is fixed; then write.

Fixed text is linted in memory, so results kept from the files on disk are not reused for
it; later passes reuse the verdicts and archive snapshots of earlier ones, so no URL is
requested, nor looked up in the archive, twice. Files are written (atomically) only at the
end, and only when asked. A fix that changes where a link points (a dead link replaced by
its archived copy) is made only when asked for by name (`--fix --archive`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from roadmap_lint.config.settings import Config
from roadmap_lint.fix.edits import FileFix, fix_text, hard_links, write_atomically
from roadmap_lint.model import ARCHIVE_FIX, Finding, Report, Verdict
from roadmap_lint.pipeline.run import Progress, Warn, lint_sources
from roadmap_lint.pipeline.sources import SourceFile, decode, read_all

_FIX_PASSES = 3  # a fix can reveal another (a TOC rewritten, then its text repaired)


@dataclass
class FixOutcome:
    report: Report  # what remains after the fixes
    fixes: list[tuple[str, FileFix]]  # (display path, fix) of every file with edits
    fixed_findings: int


def fix_paths(
    paths: Iterable[str],
    config: Config,
    *,
    write: bool,
    warn: Warn = lambda message: None,
    progress: Progress | None = None,
) -> FixOutcome:
    config = dataclasses.replace(config, fixing=True)
    files = read_all(paths, config.excludes_file, warn)
    snapshots: dict[str, str | None] = {}  # looked up once for every pass
    report = lint_sources(files, config, warn, progress, reuse_results=False, snapshots=snapshots)
    wanted = frozenset({ARCHIVE_FIX} if config.fix_archive else ())
    texts = _Texts(warn, write)
    fixed_findings = 0
    known: dict[str, Verdict] = {}
    for _ in range(_FIX_PASSES):
        applied = _apply(files, report.findings, texts, wanted)
        if not applied:
            break
        fixed_findings += applied
        known.update((result.url, result.verdict) for result in report.links)
        files = [texts.as_source(file) for file in files]
        report = lint_sources(
            files, config, warn, None, known, reuse_results=False, snapshots=snapshots
        )
    fixes = [
        (
            file.display,
            FileFix(file.path, texts.original[file.display], texts.current[file.display], 0),
        )
        for file in files
        if file.path is not None and texts.changed(file.display)
    ]
    if write:
        for _display, file_fix in fixes:
            write_atomically(file_fix.path, file_fix.fixed)
    return FixOutcome(report, fixes, fixed_findings if fixes else 0)


class _Texts:
    """Each file's bytes as read for fixing (exact, not decoded leniently) and as fixed."""

    def __init__(self, warn: Warn, write: bool) -> None:
        self.original: dict[str, str] = {}
        self.current: dict[str, str] = {}
        self.unfixable: set[str] = set()
        self._warn = warn
        self._write = write

    def load(self, file: SourceFile) -> str | None:
        if file.display in self.unfixable or file.path is None:
            return None
        if self._write and file.display not in self.current and hard_links(file.path) > 1:
            self._warn(
                f"{file.display}: has {hard_links(file.path)} hard links; not fixed, since "
                "writing it anew would leave its other names with the old text"
            )
            self.unfixable.add(file.display)
            return None
        if file.display not in self.current:
            try:
                text = file.path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                self._warn(
                    f"{file.display}: not valid UTF-8; not fixed, to keep every byte as it is"
                )
                self.unfixable.add(file.display)
                return None
            self.current[file.display] = self.original[file.display] = text
        return self.current[file.display]

    def changed(self, display: str) -> bool:
        return display in self.current and self.current[display] != self.original[display]

    def as_source(self, file: SourceFile) -> SourceFile:
        if file.display not in self.current:
            return file
        text = decode(self.current[file.display].encode("utf-8"), file.display)[0]
        return SourceFile(file.path, file.display, text)


def _apply(
    files: list[SourceFile], findings: list[Finding], texts: _Texts, wanted: frozenset[str]
) -> int:
    """Apply the fixes of one pass; returns how many findings were fixed. A fix made only
    when asked for by name (`Edit.only_with`) is made when it is `wanted`."""
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        edits = tuple(e for e in finding.fix if e.only_with is None or e.only_with in wanted)
        if edits:
            finding = dataclasses.replace(finding, fix=edits)
            by_file.setdefault(finding.path, []).append(finding)
    applied = 0
    for file in files:
        if file.path is None or file.display not in by_file:
            continue
        text = texts.load(file)
        if text is None:
            continue
        file_fix = fix_text(file.path, text, by_file[file.display])
        if file_fix.changed:
            texts.current[file.display] = file_fix.fixed
            applied += file_fix.applied
    return applied
