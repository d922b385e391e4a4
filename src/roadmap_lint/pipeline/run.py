"""The order of the stages, and the library API.

read → parse and local rules (or reuse) → inline control → external URLs (known, cached,
requested) → each URL's history recorded → archive snapshots of the dead ones → link rules
→ rules that settle their findings on the verdicts → severities, suppressions → how long
dead links have been dead, and `--fail-after` → summary. Nothing here knows an individual
rule.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from roadmap_lint.config.settings import Config
from roadmap_lint.model import Finding, LinkResult, Report, Verdict
from roadmap_lint.pipeline import archive, changes, external, findings, tolerance
from roadmap_lint.pipeline.local import LocalStage, run_local
from roadmap_lint.pipeline.sources import SourceFile, read_all
from roadmap_lint.rules import all_rules
from roadmap_lint.rules.base import Rule, RunVerdicts
from roadmap_lint.store.cache import VerdictCache, default_path
from roadmap_lint.store.file_results import FileResults, settings_fingerprint

Progress = external.Progress
Warn = Callable[[str], None]


def enabled_rules(config: Config) -> list[Rule]:
    return [rule for rule in all_rules() if config.enabled(rule.name, rule.code, rule.default)]


def lint_sources(
    files: list[SourceFile],
    config: Config,
    warn: Warn = lambda message: None,
    progress: Progress | None = None,
    known: Mapping[str, Verdict] | None = None,
    reuse_results: bool = True,
    clock: Callable[[], float] = time.time,
    snapshots: archive.Memo | None = None,
) -> Report:
    """Lint files already read. With the cache on, a file whose result from an earlier run
    still holds is not parsed again (`reuse_results`); `known` verdicts are not asked again.
    `clock` gives the run's time (epoch seconds), read once: cache ages, link history.
    `snapshots`: the archive snapshots earlier passes of the same run looked up (filled in)."""
    started = time.perf_counter()
    now = clock()
    rules = enabled_rules(config)
    report = Report()
    cache = _open_cache(config, warn, lambda: now)
    kept = False  # whether the run has a history of earlier runs (see tolerance)
    try:
        stored = (
            _file_results(cache, config, rules, warn)
            if cache is not None and reuse_results and config.changed_since is None
            else None
        )
        local = run_local(files, config, rules, stored)
        if stored is not None:
            stored.flush()
        controls = findings.suppressions(local.files, warn)
        for file in local.files:
            report.findings.extend(file.result.findings)
            report.summary.links += file.result.links
        report.links = external.collect(local.files, config.offline, controls)
        requests = _external_stage(
            report, files, local, rules, config, cache, warn, progress, known, snapshots, now=now
        )
        kept = tolerance.has_history(cache)
    finally:
        if cache is not None:
            cache.close()
    settled = findings.settle(report.findings, config, controls)
    once = warn if known is None else _silent  # later passes of `--fix`: said already
    settled = tolerance.hold(settled, rules, report.links, config, kept, now, once)
    report.findings = findings.locate(settled, local.files)
    findings.summarise(report, len(files), started, requests)
    return report


def _external_stage(
    report: Report,
    files: list[SourceFile],
    local: LocalStage,
    rules: list[Rule],
    config: Config,
    cache: VerdictCache | None,
    warn: Warn,
    progress: Progress | None,
    known: Mapping[str, Verdict] | None,
    snapshots: archive.Memo | None = None,
    *,
    now: float,
) -> int:
    """Verdicts, each URL's history (the run's time: `now`), archive snapshots of dead
    links, link findings, and the rules that settle their findings on them."""
    scope = None
    if config.changed_since is not None:  # the git ref is checked even offline
        scope = changes.scope_for(config.changed_since, files, local.parsed)
        if not config.offline:
            changes.exclude_unchanged(report.links, scope)
    requests = 0
    by_url: dict[str, LinkResult] = {}
    if not config.offline and report.links:
        extra = external.probes(rules, report.links) if config.fixing else []
        requests = external.decide([*report.links, *extra], config, cache, warn, progress, known)
        tolerance.remember(report.links, cache, known, now)  # before snapshots: they date them
        requests += archive.suggest_snapshots(
            report.links, files, config, cache, warn, {} if snapshots is None else snapshots, now
        )
        located = report.links if scope is None else changes.on_changed_lines(report.links, scope)
        for rule in rules:
            if rule.check_links is not None:
                report.findings.extend(rule.check_links(located))
        by_url = {result.url: result for result in [*report.links, *extra]}
    verdicts = RunVerdicts(
        by_url, (lambda f: scope.covers(f.path, f.line)) if scope is not None else _everywhere
    )
    for rule in rules:
        if rule.settle is not None:
            report.findings = rule.settle(
                report.findings, verdicts, config.named(rule.name, rule.code)
            )
    return requests


def _everywhere(finding: Finding) -> bool:
    return True


def _silent(message: str) -> None:
    pass


def _open_cache(
    config: Config, warn: Warn, clock: Callable[[], float] = time.time
) -> VerdictCache | None:
    """The cache file, when links are checked and the cache is on (never when offline)."""
    if config.offline or not config.cache:
        return None
    return VerdictCache(
        config.cache_path or default_path(),
        config.max_cache_age,
        warn=warn,
        clock=clock,
        owned=config.cache_path is None,
    )


def _file_results(
    cache: VerdictCache, config: Config, rules: list[Rule], warn: Warn
) -> FileResults:
    local_rules = [
        rule.name + ("!" if config.named(rule.name, rule.code) else "")
        for rule in rules
        if rule.check is not None
    ]
    return FileResults(cache, settings_fingerprint(local_rules, config.rule_options))


def lint_paths(
    paths: Iterable[str],
    config: Config,
    warn: Warn = lambda message: None,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.time,
) -> Report:
    """Lint Markdown files and folders; raises UsageError for input that cannot be read."""
    files = read_all(paths, config.excludes_file, warn)
    return lint_sources(files, config, warn, progress, clock=clock)


def lint_file(path: str | Path, config: Config | None = None) -> Report:
    return lint_paths([str(path)], config or Config(offline=True))


def lint_text(text: str, path: str = "<text>", config: Config | None = None) -> Report:
    """Lint Markdown given as a string; relative file links are not checked."""
    return lint_sources([SourceFile(None, path, text)], config or Config(offline=True))
