"""The external stage: the run's distinct URLs and their verdicts.

Each distinct URL is decided once: by an earlier pass of the same run (`--fix` lints
again), by the cache, or by the network, in that order. The HTTP stack is imported only
when something is left to request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from roadmap_lint.config.inline import Suppressions
from roadmap_lint.config.settings import Config
from roadmap_lint.model import LinkResult, LinkState, Location, Verdict
from roadmap_lint.pipeline.local import LintedFile
from roadmap_lint.rules.base import Rule
from roadmap_lint.store.cache import VerdictCache

Progress = Callable[[int, int, int], None]
OFFLINE = Verdict(LinkState.EXCLUDED, error="offline")


def collect(
    files: list[LintedFile], offline: bool, suppressions: Mapping[str, Suppressions]
) -> list[LinkResult]:
    """One result per distinct external URL with every place it appears.

    A place where link checking is switched off by a comment does not count, so a URL that
    appears only in such places is not requested at all.
    """
    results: dict[str, LinkResult] = {}
    for file in files:
        for link in file.result.external:
            if suppressions[file.display].suppressed("broken-link", "RL301", link.line):
                continue
            result = results.get(link.url)
            if result is None:
                result = results[link.url] = LinkResult(link.url)
                if offline:
                    result.verdict = OFFLINE
            result.locations.append(Location(file.display, link.line, link.column))
    return list(results.values())


def probes(rules: list[Rule], results: list[LinkResult]) -> list[LinkResult]:
    """The URLs rules ask to verify their fixes (requested only by a run that fixes)."""
    known = {result.url for result in results}
    wanted: dict[str, LinkResult] = {}
    for rule in rules:
        for url in rule.probe(results) if rule.probe is not None else ():
            if url not in known:
                wanted.setdefault(url, LinkResult(url))
    return list(wanted.values())


def decide(
    results: list[LinkResult],
    config: Config,
    cache: VerdictCache | None,
    warn: Callable[[str], None],
    progress: Progress | None,
    known: Mapping[str, Verdict] | None = None,
) -> int:
    """Give every result its verdict; returns the requests sent."""
    pending = [r for r in results if r.state is not LinkState.EXCLUDED]
    for result in pending:
        if known and result.url in known:
            result.verdict = known[result.url]
    pending = [r for r in pending if not (known and r.url in known)]
    found = cache.get_many(r.url for r in pending) if cache and pending else {}
    for result in pending:
        if result.url in found:
            result.verdict = found[result.url]
    pending = [r for r in pending if r.url not in found]
    if not pending:
        return 0
    requests = _request(pending, config, warn, progress)
    if cache is not None:
        # "Not checked, no network" says nothing of the URL: the next run asks again.
        cache.put_many(
            (r.url, r.verdict)
            for r in pending
            if not r.verdict.fragment_missing and not r.verdict.no_network
        )
    return requests


def _request(
    pending: list[LinkResult],
    config: Config,
    warn: Callable[[str], None],
    progress: Progress | None,
) -> int:
    from roadmap_lint.net.parallel import check_urls

    outcome = check_urls(config.net, [r.url for r in pending], progress)
    for result in pending:
        verdict = outcome.verdicts[result.url]
        result.verdict = replace(verdict, cached=False) if verdict.cached else verdict
    if outcome.no_network:
        warn(f"network unreachable: {outcome.no_network} URLs not checked")
    return outcome.requests
