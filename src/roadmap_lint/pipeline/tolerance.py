"""Link history and flake tolerance: how long each broken link has been broken, and
`--fail-after`.

Every online run with the cache records, for each URL it decided, whether it was broken
(see `store.history`); each broken `LinkResult` then carries the first run of its current
streak (`broken_since`) and the streak's length (`failures_in_a_row`). The findings of the
rules about dead links (`Rule.dead_links`) say how long, from a link's second broken run
on. With `--fail-after`, such a finding stays a warning, saying when it becomes an error,
until the link has been broken that many runs in a row or that long. A severity the user
set lower (`warning`) is kept; without a history (`--no-cache`, a cache that cannot be
used) broken links are errors at once, as without `--fail-after`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from datetime import datetime, timezone

from roadmap_lint.config.fail_after import FailAfter
from roadmap_lint.config.settings import Config
from roadmap_lint.model import Finding, LinkResult, LinkState, Severity, Verdict
from roadmap_lint.rules.base import Rule
from roadmap_lint.store.cache import VerdictCache
from roadmap_lint.store.history import History

_HEALTHY = frozenset({LinkState.OK, LinkState.REDIRECTED})
NO_HISTORY = (
    "--fail-after needs the cache, which remembers earlier runs, and this run has none;"
    " broken links are errors at once"
)


def has_history(cache: VerdictCache | None) -> bool:
    """Whether the run has a history of earlier runs: a cache kept in a file."""
    return cache is not None and History(cache).kept


def remember(
    links: list[LinkResult],
    cache: VerdictCache | None,
    known: Mapping[str, Verdict] | None,
    now: float,
) -> None:
    """Record this run's verdicts and give each broken result its streak.

    A verdict from an earlier pass of the same run (`known`: `--fix` lints again) was
    recorded by that pass: its streak is only read. A history that cannot be read leaves
    every streak at zero (the cache has said why).
    """
    history = History(cache) if cache is not None else None
    if history is None or not history.kept:
        return
    observed: dict[str, bool] = {}
    seen_before: list[str] = []
    for result in links:
        if result.state is not LinkState.BROKEN and result.state not in _HEALTHY:
            continue  # unknown, blocked, excluded: says nothing of the link
        if known and result.url in known:
            seen_before.append(result.url)
        else:
            observed[result.url] = result.state is LinkState.BROKEN
    streaks = (history.record(observed, now) if observed else None) or {}
    again = (history.streaks(seen_before, now) if seen_before else None) or {}
    for result in links:
        streak = streaks.get(result.url) or again.get(result.url)
        if streak is not None and result.state is LinkState.BROKEN and streak.runs:
            result.broken_since, result.failures_in_a_row = streak.since, streak.runs


def hold(
    findings: list[Finding],
    rules: list[Rule],
    links: list[LinkResult],
    config: Config,
    kept: bool,
    now: float,
    warn: Callable[[str], None],
) -> list[Finding]:
    """The dead-link findings with how long each link has been broken; under `--fail-after`,
    warnings until they have been broken long enough. `kept`: the run has a history."""
    fail_after = config.fail_after
    if fail_after is not None and not config.offline and not kept:
        warn(NO_HISTORY)
    dead = {rule.name for rule in rules if rule.dead_links}
    streaks = {result.url: result for result in links if result.failures_in_a_row}
    held = []
    for finding in findings:
        result = streaks.get(finding.url or "") if finding.rule in dead else None
        if result is None or result.broken_since is None:
            held.append(finding)
            continue
        runs, since = result.failures_in_a_row, result.broken_since
        if (
            fail_after is not None
            and finding.severity is Severity.ERROR
            and not fail_after.reached(runs, since, now)
        ):
            message = f"{finding.message}; {_pending(runs, since, fail_after)}"
            finding = dataclasses.replace(finding, severity=Severity.WARNING, message=message)
        elif runs > 1:
            message = f"{finding.message}; broken for {_age(now - since)} ({runs} runs in a row)"
            finding = dataclasses.replace(finding, message=message)
        held.append(finding)
    return held


def _pending(runs: int, since: float, fail_after: FailAfter) -> str:
    """How long so far, and when it becomes an error: `broken for 2 runs in a row; an error
    from the 3rd (--fail-after 3)`, `newly broken; an error from 2026-12-04 08:00 UTC
    (--fail-after 3d)`."""
    option = f"(--fail-after {fail_after.text})"
    if fail_after.runs is not None:
        nth = _ordinal(fail_after.runs)
        if runs == 1:
            return f"newly broken; an error from the {nth} run in a row {option}"
        return f"broken for {runs} runs in a row; an error from the {nth} {option}"
    deadline = utc_minute(since + (fail_after.seconds or 0.0))
    so_far = (
        "newly broken"
        if runs == 1
        else f"broken since {utc_minute(since, up=False)} ({runs} runs in a row)"
    )
    return f"{so_far}; an error from {deadline} {option}"


def utc_minute(seconds: float, up: bool = True) -> str:
    """`2026-12-04 08:00 UTC`; rounded up to the minute (a deadline), or down."""
    minutes = math.ceil(seconds / 60) if up else math.floor(seconds / 60)
    return datetime.fromtimestamp(minutes * 60, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _age(seconds: float) -> str:
    """`less than an hour`, `5 hours`, `1 day`, `12 days`."""
    hours = seconds / 3600
    if hours < 1:
        return "less than an hour"
    if hours < 23.5:
        count = round(hours)
        return f"{count} hour{'s' if count != 1 else ''}"
    days = max(1, round(seconds / 86400))
    return f"{days} day{'s' if days != 1 else ''}"


def _ordinal(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"
