"""What the formats people read say after the findings: counts, and what was not checked.

The summary line, the findings per rule, the warnings `--quiet` left out, and the external
URLs that were not checked, each reason with what to do about it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from roadmap_lint.model import Finding, LinkResult, LinkState, Report, Severity
from roadmap_lint.reporters.entries import plural


def summary_line(report: Report) -> str:
    """`3 errors, 7 warnings in 1 file, 142 links, 118 requests (2.41s)`."""
    summary = report.summary
    counted = f"{plural(summary.errors, 'error')}, {plural(summary.warnings, 'warning')}"
    scope = f"{plural(summary.files, 'file')}, {plural(summary.links, 'link')}"
    if summary.requests:
        scope += f", {plural(summary.requests, 'request')}"
    return f"{counted} in {scope} ({summary.duration_s:.2f}s)"


def rule_counts(findings: Sequence[Finding]) -> str:
    """`2 broken-anchor, 161 mojibake, 8 toc-text-mismatch`: rules with errors first, then by count."""
    counts = Counter(f.rule for f in findings)
    with_errors = {f.rule for f in findings if f.severity is Severity.ERROR}
    ordered = sorted(
        counts.items(), key=lambda item: (item[0] not in with_errors, -item[1], item[0])
    )
    return ", ".join(f"{count} {rule}" for rule, count in ordered)


def hidden_warnings(report: Report) -> int:
    """Warnings the summary counts but the report does not hold: left out by `--quiet`."""
    shown = sum(1 for f in report.findings if f.severity is Severity.WARNING)
    return max(report.summary.warnings - shown, 0)


def quiet_note(hidden: int) -> str:
    return f"{plural(hidden, 'warning')} not shown (--quiet)"


# --- external URLs that were not checked -----------------------------------------------------

# The texts the engine and net/ give an unchecked URL, in `LinkResult.error`.
OFFLINE_ERROR = "offline"
NO_NETWORK_ERROR = "network unreachable: not checked"
_MAILTO_CHECKED = "mailto: address syntax is valid; not requested"
_ADDRESS_REFUSED = "(allow it with --allow-network)"
_EXCLUDE_PATTERN = "matches --exclude "
_OTHER_SCHEME = " links are not checked"
_UNCHANGED = "unchanged since "
_DETAILS = 5  # schemes or errors named at most


@dataclass(frozen=True)
class Unchecked:
    """External URLs left without a verdict for one reason."""

    reason: str  # one of REASONS
    urls: int
    details: tuple[str, ...] = ()  # the schemes, the git ref, or a few of the errors


REASONS = (
    "offline",
    "no-network",
    "private",
    "unchanged",
    "exclude",
    "scheme",
    "undecided",
    "other",
)


def _reason(link: LinkResult) -> tuple[str, str] | None:
    """(reason, detail) for a URL that got no verdict; None when it was checked."""
    error = link.error or ""
    if link.state is LinkState.UNKNOWN:
        return ("no-network", "") if error == NO_NETWORK_ERROR else ("undecided", error)
    if link.state is not LinkState.EXCLUDED or error == _MAILTO_CHECKED:
        return None
    if error == OFFLINE_ERROR:
        return "offline", ""
    if error.endswith(_ADDRESS_REFUSED):
        return "private", ""
    if error.startswith(_UNCHANGED):
        return "unchanged", error.removeprefix(_UNCHANGED)
    if error.startswith(_EXCLUDE_PATTERN):
        return "exclude", ""
    if error.endswith(_OTHER_SCHEME):
        return "scheme", error.removesuffix(_OTHER_SCHEME)
    return "other", error


def unchecked_links(links: Iterable[LinkResult]) -> list[Unchecked]:
    """The URLs without a verdict, counted per reason (in `REASONS` order).

    `details` holds what the sentence names: the schemes (`tel`, `ftp`), the git ref, or
    the first few distinct errors of the undecided and other URLs.
    """
    counts: Counter[str] = Counter()
    details: dict[str, list[str]] = {reason: [] for reason in REASONS}
    for link in links:
        found = _reason(link)
        if found is None:
            continue
        reason, detail = found
        counts[reason] += 1
        if detail and detail not in details[reason]:
            details[reason].append(detail)
    return [
        Unchecked(reason, counts[reason], tuple(details[reason][:_DETAILS]))
        for reason in REASONS
        if counts[reason]
    ]


def describe(item: Unchecked) -> str:
    """One sentence for the summary, with what to do about it where there is something."""
    urls = f"{plural(item.urls, 'external URL')} not checked"
    if item.reason == "offline":
        return f"--offline: {urls}"
    if item.reason == "no-network":
        return f"no network: {urls}; use --offline to skip external links"
    if item.reason == "private":
        return (
            f"{urls}: private or loopback address refused; use --allow-network CIDR to check them"
        )
    if item.reason == "unchanged":
        return f"{urls}: unchanged since {', '.join(item.details)} (--changed-since)"
    if item.reason == "exclude":
        return f"{urls}: excluded by --exclude or the config's [links] exclude"
    if item.reason == "scheme":
        schemes = ", ".join(f"{scheme}:" for scheme in item.details)
        return f"{urls}: {schemes} links are not requested (only http, https and mailto are)"
    errors = "; ".join(_shortened(error) for error in item.details)
    if item.reason == "undecided":
        return f"{plural(item.urls, 'external URL')} not decided: {errors or 'no verdict'}"
    return f"{urls}: {errors or 'excluded'}"


def _shortened(error: str, limit: int = 80) -> str:
    error = " ".join(error.split())  # one line, whatever a server put in it
    return error if len(error) <= limit else error[: limit - 1] + "…"


def notes(report: Report) -> list[str]:
    """What follows the summary line besides the counts per rule."""
    lines = [describe(item) for item in unchecked_links(report.links)]
    hidden = hidden_warnings(report)
    return [quiet_note(hidden), *lines] if hidden else lines


# --- the text format --------------------------------------------------------------------------
