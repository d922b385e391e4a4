"""The pipeline, in order: read → parse → local rules → external links → report."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from roadmap_lint.config.settings import Config
from roadmap_lint.errors import UsageError
from roadmap_lint.markdown import parse
from roadmap_lint.markdown.directives import Suppressions, is_directive
from roadmap_lint.markdown.document import Document
from roadmap_lint.markdown.links import has_scheme, is_local
from roadmap_lint.model import Finding, LinkResult, LinkState, Location, Report, Severity, Summary
from roadmap_lint.pipeline import sources
from roadmap_lint.rules import all_rules, find_rule, rule_keys
from roadmap_lint.rules.content import insecure_url
from roadmap_lint.rules.context import LintContext
from roadmap_lint.store.cache import CachedVerdict, VerdictCache, default_path
from roadmap_lint.store.file_results import FileResult, FileResults, settings_fingerprint

if TYPE_CHECKING:
    from roadmap_lint.fix.edits import FileFix
    from roadmap_lint.net.run import Verdict

Progress = Callable[[int, int, int], None]


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
                self._documents[key] = parse(source.text, str(path))
        return self._documents[key]


def _local_findings(context: LintContext, config: Config) -> list[Finding]:
    findings: list[Finding] = []
    for rule in all_rules():
        if rule.check is not None and config.enabled(rule.name, rule.code, rule.default):
            findings.extend(rule.check(context))
    return findings


def _link_findings(results: list[LinkResult], config: Config) -> list[Finding]:
    findings: list[Finding] = []
    for rule in all_rules():
        if rule.check_links is not None and config.enabled(rule.name, rule.code, rule.default):
            findings.extend(rule.check_links(results))
    return findings


def _copy_verdict(
    target: LinkResult, source: LinkResult | Verdict | CachedVerdict, cached: bool
) -> None:
    """Give a link the verdict found earlier, in the cache, or by the network."""
    target.state, target.http_status = source.state, source.http_status
    target.final_url, target.error = source.final_url, source.error
    target.cached = cached
    if isinstance(source, CachedVerdict):
        target.elapsed_ms = 0
    else:
        target.elapsed_ms, target.fragment_missing = source.elapsed_ms, source.fragment_missing


def _request(
    pending: list[LinkResult],
    config: Config,
    warn: Callable[[str], None],
    progress: Progress | None,
) -> tuple[int, set[str]]:
    """Request what is left; the HTTP stack is imported only when there is something to ask.

    Returns the requests sent and the URLs not checked at all, for want of a network.
    """
    from roadmap_lint.net.parallel import check_urls

    outcome = check_urls(config.net, [r.url for r in pending], progress)
    for result in pending:
        _copy_verdict(result, outcome.verdicts[result.url], cached=False)
    not_checked = {url for url, verdict in outcome.verdicts.items() if verdict.not_checked}
    if not_checked:
        warn(f"network unreachable: {len(not_checked)} URLs not checked")
    return outcome.requests, not_checked


def _check_external(
    results: list[LinkResult],
    config: Config,
    cache: VerdictCache | None,
    warn: Callable[[str], None],
    progress: Progress | None,
    known: Mapping[str, LinkResult] | None = None,
) -> int:
    """Fill in the verdicts (known ones, the cache, the network); returns the requests sent."""
    for result in results:
        if known and result.url in known:
            _copy_verdict(result, known[result.url], known[result.url].cached)
    results = [r for r in results if not (known and r.url in known)]
    if not results:
        return 0
    cached = cache.get_many(r.url for r in results) if cache else {}
    for result in results:
        if result.url in cached:
            _copy_verdict(result, cached[result.url], cached=True)
    pending = [r for r in results if not r.cached]
    requests, not_checked = _request(pending, config, warn, progress) if pending else (0, set())
    if cache is not None:
        # "Not checked, no network" says nothing of the URL: the next run asks again.
        cache.put_many(
            CachedVerdict(r.url, r.state, r.http_status, r.final_url, r.error)
            for r in pending
            if not r.fragment_missing and r.url not in not_checked
        )
    return requests


def _external_links(document: Document) -> list[tuple[str, int, int]]:
    """(URL, line, column) of every link that leaves the repository, in document order."""
    found = []
    for link in [*document.links, *document.unused_definitions]:
        url = link.url.strip()
        if has_scheme(url) and not is_local(url):
            found.append((url, link.position.line, link.position.column))
    return found


def _external_results(
    files: Iterable[tuple[str, FileResult]], config: Config, suppressions: dict[str, Suppressions]
) -> list[LinkResult]:
    """One entry per distinct external URL with every place it appears.

    A place where link checking is switched off by a comment does not count, so a URL that
    appears only in such places is not requested at all.
    """
    results: dict[str, LinkResult] = {}
    for display, file_result in files:
        for url, line, column in file_result.external:
            if suppressions[display].suppressed("broken-link", "RL301", line):
                continue
            result = results.get(url)
            if result is None:
                result = results[url] = LinkResult(
                    url=url,
                    state=LinkState.EXCLUDED if config.offline else LinkState.UNKNOWN,
                    error="offline" if config.offline else None,
                )
            result.locations.append(Location(display, line, column))
    return list(results.values())


def _summarise(report: Report, files: int, started: float, requests: int) -> None:
    report.findings.sort(key=Finding.sort_key)
    errors = sum(1 for f in report.findings if f.severity is Severity.ERROR)
    report.summary = Summary(
        files=files,
        links=report.summary.links,
        urls=len(report.links),
        requests=requests,
        errors=errors,
        warnings=len(report.findings) - errors,
        duration_s=round(time.perf_counter() - started, 3),
    )


def lint_sources(
    files: list[tuple[Path | None, str, str]],
    config: Config,
    warn: Callable[[str], None] = lambda message: None,
    progress: Progress | None = None,
    known_links: Mapping[str, LinkResult] | None = None,
    reuse_results: bool = True,
) -> Report:
    """Lint already-read files, given as (path on disk or None, display path, text).

    With the cache on, a file whose result from an earlier run still holds is not parsed
    again (`reuse_results`; see `file_results`).
    """
    started = time.perf_counter()
    report = Report()
    cache = _open_cache(config, warn)
    try:
        stored = (
            _file_results(cache, config, warn)
            if cache is not None and reuse_results and config.changed_since is None
            else None
        )
        per_file, parsed = _local_stage(files, config, stored)
        if stored is not None:
            stored.flush()
        suppressions: dict[str, Suppressions] = {}
        known = rule_keys()
        for display, file_result in per_file:
            suppressions[display] = Suppressions.from_comments(file_result.directives, known)
            for line, message in suppressions[display].warnings:
                warn(f"{display}:{line}: {message}")
            report.findings.extend(file_result.findings)
            report.summary.links += file_result.links
        report.links = _external_results(per_file, config, suppressions)
        scope = None
        if config.changed_since is not None:  # the git ref is checked even offline
            from roadmap_lint.pipeline import changes

            scope = changes.scope_for(config.changed_since, files, parsed)
            if not config.offline:
                changes.exclude_unchanged(report.links, scope)
        requests = 0
        by_url: dict[str, LinkResult] = {}
        if not config.offline and report.links:
            probes = (
                _https_probes(report.links)
                if config.verify_https
                and config.enabled(
                    insecure_url.RULE.name, insecure_url.RULE.code, insecure_url.RULE.default
                )
                else []
            )
            wanted = [r for r in report.links if r.state is not LinkState.EXCLUDED]
            requests = _check_external(
                [*wanted, *probes], config, cache, warn, progress, known_links
            )
            located = (
                report.links if scope is None else changes.on_changed_lines(report.links, scope)
            )
            report.findings.extend(_link_findings(located, config))
            by_url = {result.url: result for result in [*report.links, *probes]}
        report.findings = insecure_url.settle(
            report.findings,
            by_url,
            config.named(insecure_url.RULE.name, insecure_url.RULE.code),
            (lambda f: scope.covers(f.path, f.line)) if scope is not None else (lambda f: True),
        )
    finally:
        if cache is not None:
            cache.close()
    report.findings = [
        _with_configured_severity(f, config)
        for f in report.findings
        if not _suppressed(f, suppressions) and not _ignored_in_file(f, config)
    ]
    _summarise(report, len(files), started, requests)
    return report


def _open_cache(config: Config, warn: Callable[[str], None]) -> VerdictCache | None:
    """The cache file, when links are checked and the cache is on (never when offline)."""
    if config.offline or not config.cache:
        return None
    return VerdictCache(
        config.cache_path or default_path(),
        config.max_cache_age,
        warn=warn,
        owned=config.cache_path is None,
    )


def _file_results(cache: VerdictCache, config: Config, warn: Callable[[str], None]) -> FileResults:
    local_rules = [
        rule.name + ("!" if config.named(rule.name, rule.code) else "")
        for rule in all_rules()
        if rule.check is not None and config.enabled(rule.name, rule.code, rule.default)
    ]
    return FileResults(
        cache.connection, settings_fingerprint(local_rules, config.rule_options), warn
    )


def _local_stage(
    files: list[tuple[Path | None, str, str]], config: Config, stored: FileResults | None
) -> tuple[list[tuple[str, FileResult]], list[tuple[str, Document]]]:
    """Each file's local result, reused from `stored` or computed; and the documents parsed."""
    documents = _DocumentCache()
    per_file: list[tuple[str, FileResult]] = []
    parsed: list[tuple[str, Document]] = []
    for path, display, text in files:
        resolved = path.resolve() if path is not None else None
        root = find_repository_root(resolved.parent) if resolved is not None else None
        key = (
            stored.key(resolved, display, root, text)
            if stored is not None and resolved is not None
            else None
        )
        file_result = stored.get(key, display) if stored is not None and key is not None else None
        if file_result is None:
            document = parse(text, display)
            if path is not None:
                documents.add(path, document)
            parsed.append((display, document))
            context = LintContext(
                document,
                display,
                resolved,
                root,
                documents.load,
                config.rule_options,
                _named_rules(config),
            )
            file_result = FileResult(
                findings=_local_findings(context, config),
                links=len(document.links),
                external=_external_links(document),
                directives=[c for c in document.comments if is_directive(c[1])],
                dependencies=list(context.dependencies.values()),
            )
            if (
                stored is not None
                and key is not None
                and all(f.path == display for f in file_result.findings)
            ):
                stored.put(key, file_result)
        per_file.append((display, file_result))
    return per_file, parsed


def _named_rules(config: Config) -> frozenset[str]:
    return frozenset(rule.name for rule in all_rules() if config.named(rule.name, rule.code))


def _https_probes(results: list[LinkResult]) -> list[LinkResult]:
    """The `https://` forms of `http://` links, requested to see whether they can be upgraded."""
    known = {result.url for result in results}
    probes: dict[str, LinkResult] = {}
    for result in results:
        if (
            result.url[:7].lower() == "http://"
            and result.state is not LinkState.EXCLUDED
            and urlsplit(result.url).port is None  # another port is another service
        ):
            secure = insecure_url.https_form(result.url)
            if secure not in known:
                probes.setdefault(secure, LinkResult(url=secure, state=LinkState.UNKNOWN))
    return list(probes.values())


def _ignored_in_file(finding: Finding, config: Config) -> bool:
    rule = find_rule(finding.rule)
    return rule is not None and config.ignored_in_file(finding.path, rule.name, rule.code)


def _with_configured_severity(finding: Finding, config: Config) -> Finding:
    wanted = config.severities.get(finding.rule)
    if wanted in ("error", "warning") and wanted != finding.severity.value:
        return dataclasses.replace(finding, severity=Severity(wanted))
    return finding


def _suppressed(finding: Finding, suppressions: dict[str, Suppressions]) -> bool:
    rule = find_rule(finding.rule)
    file = suppressions.get(finding.path)
    return (
        file is not None
        and rule is not None
        and file.suppressed(rule.name, rule.code, finding.line)
    )


def _read_all(
    paths: Iterable[str], config: Config, warn: Callable[[str], None]
) -> list[tuple[Path | None, str, str]]:
    files: list[tuple[Path | None, str, str]] = []
    for path, display in sources.discover(paths):
        if config.excludes_file(path):
            continue
        source = sources.read(path, display)
        for message in source.warnings:
            warn(message)
        files.append((path, display, source.text))
    return files


def lint_paths(
    paths: Iterable[str],
    config: Config,
    warn: Callable[[str], None] = lambda message: None,
    progress: Progress | None = None,
) -> Report:
    """Lint Markdown files and folders; raises UsageError for input that cannot be read."""
    return lint_sources(_read_all(paths, config, warn), config, warn, progress)


@dataclass
class FixOutcome:
    report: Report  # what remains after the fixes
    fixes: list[tuple[str, FileFix]]  # (display path, fix) of every file with edits
    fixed_findings: int


_FIX_PASSES = 3  # a fix can reveal another (a TOC rewritten, then its text repaired)


def fix_paths(
    paths: Iterable[str],
    config: Config,
    *,
    write: bool,
    warn: Callable[[str], None] = lambda message: None,
    progress: Progress | None = None,
) -> FixOutcome:
    """Lint, apply the safe fixes, lint again, until nothing more is fixed; then write.

    Files are written (atomically) only when `write`, and only at the end. Later passes reuse
    the link verdicts of earlier ones, so no URL is requested twice.
    """
    from roadmap_lint.fix.edits import FileFix, fix_text, write_atomically

    config = dataclasses.replace(config, verify_https=True)
    files = _read_all(paths, config, warn)
    # Fixed text is linted in memory: results kept from disk files are not for it.
    report = lint_sources(files, config, warn, progress, reuse_results=False)
    originals: dict[str, str] = {}
    current: dict[str, str] = {}
    unfixable: set[str] = set()
    fixed_findings = 0
    known: dict[str, LinkResult] = {}
    for _ in range(_FIX_PASSES):
        by_file: dict[str, list[Finding]] = {}
        for finding in report.findings:
            if finding.fix:
                by_file.setdefault(finding.path, []).append(finding)
        changed = False
        for path, display, _text in files:
            if path is None or display not in by_file or display in unfixable:
                continue
            if display not in current:
                try:
                    current[display] = originals[display] = path.read_bytes().decode("utf-8")
                except UnicodeDecodeError:
                    warn(f"{display}: not valid UTF-8; not fixed, to keep every byte as it is")
                    unfixable.add(display)
                    continue
            file_fix = fix_text(path, current[display], by_file[display])
            if file_fix.changed:
                current[display] = file_fix.fixed
                fixed_findings += file_fix.applied
                changed = True
        if not changed:
            break
        known.update((result.url, result) for result in report.links)
        files = [
            (
                path,
                display,
                sources.decode(current[display].encode("utf-8"), display)[0]
                if display in current
                else text,
            )
            for path, display, text in files
        ]
        report = lint_sources(files, config, warn, None, known, reuse_results=False)
    fixes = [
        (display, FileFix(path, originals[display], current[display], 0))
        for path, display, _text in files
        if path is not None and display in current and current[display] != originals[display]
    ]
    if write:
        for _display, file_fix in fixes:
            write_atomically(file_fix.path, file_fix.fixed)
    return FixOutcome(report, fixes, fixed_findings if fixes else 0)


def lint_file(path: str | Path, config: Config | None = None) -> Report:
    return lint_paths([str(path)], config or Config(offline=True))


def lint_text(text: str, path: str = "<text>", config: Config | None = None) -> Report:
    """Lint Markdown given as a string; relative file links are not checked."""
    return lint_sources([(None, path, text)], config or Config(offline=True))
