"""Archive snapshots of dead links: the suggestion for each broken link.

Only in runs that check links online, only for links found `broken` (not a fragment missing
on a page that loads, not a URL that cannot be requested, not one left unchecked for want of
a network), each page looked up at most once per run: from an earlier pass of the same run
(`--fix` lints again), the cache, or the archive (see `net.archive`), in that order. The
line a link is on dates it (`git blame`), so that the capture closest to when it was
written is preferred. Snapshots found are kept in the cache for good, "none found" for a
week, lookups that got no answer not at all (the next run asks again).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableMapping
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from roadmap_lint.config.settings import Config
from roadmap_lint.model import LinkResult, LinkState
from roadmap_lint.pipeline.blame import line_dates
from roadmap_lint.pipeline.sources import SourceFile
from roadmap_lint.store.cache import VerdictCache
from roadmap_lint.store.snapshots import Snapshots

# Page URL → its snapshot, or None (none found, or no answer): what this run already knows.
Memo = MutableMapping[str, str | None]


def suggest_snapshots(
    results: Iterable[LinkResult],
    files: list[SourceFile],
    config: Config,
    cache: VerdictCache | None,
    warn: Callable[[str], None],
    memo: Memo,
    now: float,
) -> int:
    """Give each dead link its `snapshot` when the archive has one; returns requests sent.
    `now`: the run's time, the latest a snapshot may be of a link not seen broken before."""
    settings = config.net.archive
    if config.offline or not settings.enabled:
        return 0
    archive = _origin(settings.url)
    dead: dict[str, list[LinkResult]] = {}
    for result in results:
        if _worth_looking_up(result, archive):
            dead.setdefault(urldefrag(result.url)[0], []).append(result)
    if not dead:
        return 0
    answers: dict[str, str | None] = {page: memo[page] for page in dead if page in memo}
    store = Snapshots(cache) if cache is not None else None
    if store is not None and len(answers) < len(dead):
        answers.update(store.get_many(page for page in dead if page not in answers))
        memo.update(answers)
    left = [page for page in dead if page not in answers]
    requests = 0
    if left:
        requests = _look_up(
            {page: dead[page] for page in left}, files, config, store, warn, memo, now
        )
        answers.update((page, memo.get(page)) for page in left)
    for page, page_results in dead.items():
        snapshot = answers.get(page)
        for result in page_results:
            fragment = urldefrag(result.url)[1]
            result.snapshot = (
                f"{snapshot}#{fragment}" if snapshot and fragment else snapshot or None
            )
    return requests


def _worth_looking_up(result: LinkResult, archive: tuple[str, int] | None) -> bool:
    """A dead page that is not itself on the archive."""
    if result.state is not LinkState.BROKEN or result.fragment_missing:
        return False
    if result.verdict.no_network or result.reason == "invalid-url" or not result.locations:
        return False
    origin = _origin(result.url)
    return origin is not None and origin != archive


def _origin(url: str) -> tuple[str, int] | None:
    """(host, port) of an http(s) URL; None for any other."""
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    if scheme not in ("http", "https") or not host:
        return None
    return host, port or (443 if scheme == "https" else 80)


def _look_up(
    dead: dict[str, list[LinkResult]],
    files: list[SourceFile],
    config: Config,
    store: Snapshots | None,
    warn: Callable[[str], None],
    memo: Memo,
    now: float,
) -> int:
    from roadmap_lint.net.archive import SnapshotQuery, find_snapshots

    dates = _Dates(files)
    queries = []
    for page, page_results in dead.items():
        since = [r.broken_since for r in page_results if r.broken_since is not None]
        added = [
            moment
            for r in page_results
            for location in r.locations
            if (moment := dates.of(location.path, location.line)) is not None
        ]
        queries.append(
            SnapshotQuery(page, before=min(since, default=now), near=min(added, default=None))
        )
    outcome = find_snapshots(config.net, queries)
    if store is not None:
        store.put_many(outcome.snapshots.items())
    memo.update(outcome.snapshots)
    # Within this run, a page that got no answer is not asked again (a later pass of --fix).
    memo.update((page, None) for page in [*outcome.failed, *outcome.excluded])
    if outcome.failed:
        reason = next(iter(outcome.failed.values()))
        count = len(outcome.failed)
        warn(
            f"archive: {count} snapshot lookup{'s' if count != 1 else ''} got no answer "
            f"({reason}); no archived copy suggested for {'them' if count != 1 else 'it'}"
        )
    return outcome.requests


class _Dates:
    """When each line of the linted files was committed, asked of git once per file."""

    def __init__(self, files: list[SourceFile]):
        self._paths: dict[str, Path] = {f.display: f.path for f in files if f.path is not None}
        self._dates: dict[str, dict[int, float]] = {}

    def of(self, display: str, line: int) -> float | None:
        if display not in self._dates:
            path = self._paths.get(display)
            self._dates[display] = line_dates(path) if path is not None else {}
        return self._dates[display].get(line)
