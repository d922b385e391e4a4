"""The pipeline, in order: read → parse → local rules → external links → report."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from . import document as document_module
from . import sources
from .config import Config
from .document import Document
from .errors import UsageError
from .links import has_scheme, is_local
from .model import Finding, LinkResult, LinkState, Location, Report, Severity, Summary
from .rules import all_rules
from .rules.context import LintContext


def find_repository_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds `.git`."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


class _DocumentCache:
    """Parsed documents by resolved path, so a file linked from many places is read once."""

    def __init__(self) -> None:
        self._documents: dict[Path, Document | None] = {}

    def add(self, path: Path, document: Document) -> None:
        self._documents[path.resolve()] = document

    def load(self, path: Path) -> Document | None:
        key = path.resolve()
        if key not in self._documents:
            try:
                source = sources.read(path, str(path))
            except UsageError:
                self._documents[key] = None
            else:
                self._documents[key] = document_module.parse(source.text, str(path))
        return self._documents[key]


def _local_findings(context: LintContext, config: Config) -> list[Finding]:
    findings: list[Finding] = []
    for rule in all_rules():
        if config.enabled(rule.name):
            findings.extend(rule.check(context))
    return findings


def _external_results(documents: Iterable[tuple[str, Document]], config: Config) -> list[LinkResult]:
    """One entry per distinct external URL with every place it appears."""
    results: dict[str, LinkResult] = {}
    for display, document in documents:
        links = list(document.links)
        links.extend(
            definition
            for label, definition in document.definitions.items()
            if label not in document.used_labels
        )
        for link in links:
            url = link.url.strip()
            if not has_scheme(url) or is_local(url):
                continue
            result = results.get(url)
            if result is None:
                result = results[url] = LinkResult(url=url, state=LinkState.EXCLUDED, error="offline")
            result.locations.append(Location(display, link.position.line, link.position.column))
    return list(results.values())


def _summarise(report: Report, files: int, started: float) -> None:
    report.findings.sort(key=Finding.sort_key)
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    report.summary = Summary(
        files=files,
        links=report.summary.links,
        urls=len(report.links),
        requests=0,
        errors=errors,
        warnings=len(report.findings) - errors,
        duration_s=round(time.perf_counter() - started, 3),
    )


def lint_sources(
    files: list[tuple[Path | None, str, str]],
    config: Config,
    warn: Callable[[str], None] = lambda message: None,
) -> Report:
    """Lint already-read files, given as (path on disk or None, display path, text)."""
    started = time.perf_counter()
    cache = _DocumentCache()
    report = Report()
    parsed: list[tuple[str, Document]] = []
    for path, display, text in files:
        document = document_module.parse(text, display)
        if path is not None:
            cache.add(path, document)
        parsed.append((display, document))
        root = find_repository_root(path.resolve().parent) if path is not None else None
        context = LintContext(document, display, path.resolve() if path else None, root, cache.load)
        report.findings.extend(_local_findings(context, config))
        report.summary.links += len(document.links)
    report.links = _external_results(parsed, config)
    _summarise(report, len(files), started)
    return report


def lint_paths(
    paths: Iterable[str], config: Config, warn: Callable[[str], None] = lambda message: None
) -> Report:
    """Lint Markdown files and folders; raises UsageError for input that cannot be read."""
    files: list[tuple[Path | None, str, str]] = []
    for path, display in sources.discover(paths):
        source = sources.read(path, display)
        for message in source.warnings:
            warn(message)
        files.append((path, display, source.text))
    return lint_sources(files, config, warn)


def lint_file(path: str | Path, config: Config | None = None) -> Report:
    return lint_paths([str(path)], config or Config(offline=True))


def lint_text(text: str, path: str = "<text>", config: Config | None = None) -> Report:
    """Lint Markdown given as a string; relative file links are not checked."""
    return lint_sources([(None, path, text)], config or Config(offline=True))
