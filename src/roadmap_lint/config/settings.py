"""Run settings: defaults, then the config file, then the command line, which wins."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from roadmap_lint.config.fail_after import FailAfter, parse_fail_after
from roadmap_lint.config.file import FileConfig
from roadmap_lint.config.selectors import parse_rule_list, selected
from roadmap_lint.errors import UsageError
from roadmap_lint.net.policy import AddressPolicy, parse_networks
from roadmap_lint.net.settings import (
    BROWSER_USER_AGENT,
    DEFAULT_USER_AGENT,
    ArchiveSettings,
    GithubLane,
    HostSettings,
    NetSettings,
)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
DEFAULT_MAX_CACHE_AGE = "1d"


@dataclass(frozen=True)
class Config:
    offline: bool = False
    select: frozenset[str] | None = None  # None: the rules that are on by default
    extend_select: frozenset[str] = frozenset()  # more rules, on top of `select` or the defaults
    ignore: frozenset[str] = frozenset()
    net: NetSettings = field(default_factory=NetSettings)
    cache: bool = True
    cache_path: Path | None = None  # None: the default location (see cache.default_path)
    max_cache_age: float = 86400.0  # seconds
    severities: Mapping[str, str] = field(default_factory=dict)  # rule name → error|warning|off
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # by rule name
    per_file_ignores: Mapping[str, frozenset[str]] = field(default_factory=dict)  # glob → rules
    exclude_files: tuple[str, ...] = ()  # globs of files not to lint
    base: Path | None = None  # the config file's folder: where globs are relative to
    fixing: bool = False  # the run prepares fixes: rules may request more to verify them
    changed_since: str | None = None  # a git ref: request only URLs on lines changed since it
    # `--fix --archive`: a dead link may be replaced by the archive's snapshot of it.
    fix_archive: bool = False
    fail_after: FailAfter | None = None  # broken links are errors only once broken this long

    def enabled(self, name: str, code: str = "", default: bool = True) -> bool:
        """Whether a rule runs: selected, or on by default when nothing is selected.

        A rule that is off by default also runs when the config file gives it a severity.
        """
        if self.severities.get(name) == "off" or selected(self.ignore, name, code):
            return False
        if selected(self.extend_select, name, code):
            return True
        if self.select is not None:
            return selected(self.select, name, code)
        return default or self.severities.get(name) in ("error", "warning")

    def named(self, name: str, code: str = "") -> bool:
        """Whether the rule was asked for by its own name or code (not by a family prefix).

        A rule whose default reports only what the evidence proves may then report all it
        finds: asking for `insecure-url` by name lists every `http://` link.
        """
        return any(s in (name, code) or s.upper() == code for s in self._selectors())

    def _selectors(self) -> frozenset[str]:
        return (self.select or frozenset()) | self.extend_select

    def ignored_in_file(self, path: str, name: str, code: str) -> bool:
        relative = self._relative(path)
        return any(
            _glob_match(relative, pattern) and selected(rules, name, code)
            for pattern, rules in self.per_file_ignores.items()
        )

    def excludes_file(self, path: Path) -> bool:
        relative = self._relative(str(path))
        return any(_glob_match(relative, pattern) for pattern in self.exclude_files)

    def _relative(self, path: str) -> str:
        if self.base is None:
            return PurePosixPath(path).as_posix()
        try:
            return Path(os.path.abspath(path)).relative_to(self.base).as_posix()
        except ValueError:
            return PurePosixPath(path).as_posix()


def _glob_match(relative: str, pattern: str) -> bool:
    """fnmatch-style: `*` crosses folders; a pattern for a folder (`vendor/`) covers its files."""
    pattern = pattern.strip().lstrip("./") if pattern.startswith("./") else pattern.strip()
    if pattern.endswith("/"):
        return relative.startswith(pattern) or f"/{pattern}" in f"/{relative}"
    if fnmatch.fnmatchcase(relative, pattern):
        return True
    return "/" not in pattern and fnmatch.fnmatchcase(relative.rsplit("/", 1)[-1], pattern)


def parse_duration(value: str | float, option: str) -> float:
    """`90`, `90s`, `30m`, `12h`, `1d`, `2w` → seconds."""
    if isinstance(value, (int, float)):
        return float(value)
    match = _DURATION.match(value)
    if not match:
        raise UsageError(f"{option}: {value!r} is not a duration (examples: 3600, 30m, 12h, 1d)")
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


def compile_excludes(
    patterns: tuple[str, ...] | list[str], option: str
) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as error:
            raise UsageError(f"{option}: bad regular expression {pattern!r}: {error}") from None
    return tuple(compiled)


@dataclass(frozen=True)
class CommandLine:
    """The settings given on the command line; None or empty where an option was not given."""

    offline: bool = False
    select: str | None = None
    extend_select: str | None = None
    ignore: str | None = None
    exclude: tuple[str, ...] = ()
    allow_network: tuple[str, ...] = ()
    timeout: float | None = None
    max_concurrency: int | None = None
    max_per_host: int | None = None
    min_interval: float | None = None
    retries: int | None = None
    user_agent: str | None = None
    cache: bool | None = None
    cache_path: str | None = None
    max_cache_age: str | None = None
    changed_since: str | None = None
    archive: bool = False  # --archive (with --fix)
    fail_after: str | None = None


def resolve(
    given: CommandLine, file: FileConfig | None, known: list[tuple[str, str]], version: str
) -> Config:
    """The command line over the config file (None: there is none) over the defaults."""
    file = file if file is not None else FileConfig()
    select = parse_rule_list(given.select, known, "--select")
    if select is None and file.select is not None:
        select = frozenset(file.select)
    extend_select = (
        parse_rule_list(given.extend_select, known, "--extend-select") or frozenset()
    ) | frozenset(file.extend_select)
    ignore = (parse_rule_list(given.ignore, known, "--ignore") or frozenset()) | frozenset(
        file.ignore
    )
    cache_path = given.cache_path or file.cache.get("path")
    if cache_path and file.path and not given.cache_path:
        cache_path = str(file.path.parent / cache_path)
    names = {code: name for name, code in known}
    return Config(
        offline=given.offline or bool(file.offline),
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        net=_net_settings(given, file, version),
        cache=given.cache if given.cache is not None else bool(file.cache.get("enabled", True)),
        cache_path=Path(cache_path) if cache_path else None,
        max_cache_age=parse_duration(
            given.max_cache_age or file.cache.get("max-age", DEFAULT_MAX_CACHE_AGE),
            "--max-cache-age",
        ),
        severities={names.get(rule, rule): severity for rule, severity in file.severities.items()},
        rule_options={
            names.get(rule, rule): dict(values) for rule, values in file.rule_options.items()
        },
        per_file_ignores={
            pattern: frozenset(rules) for pattern, rules in file.per_file_ignores.items()
        },
        exclude_files=file.exclude_files,
        base=file.path.parent.resolve() if file.path else None,
        changed_since=given.changed_since,
        fix_archive=given.archive,
        fail_after=_fail_after(given.fail_after, file.links.get("fail-after")),
    )


def _fail_after(given: str | None, in_file: Any) -> FailAfter | None:
    """`--fail-after` over `[links] fail-after` (checked already when the file was read)."""
    try:
        if given is not None:
            return parse_fail_after(given)
        return None if in_file is None else parse_fail_after(in_file)
    except ValueError as error:
        where = "--fail-after" if given is not None else "links.fail-after"
        raise UsageError(f"{where}: {error}") from None


def _net_settings(given: CommandLine, file: FileConfig, version: str) -> NetSettings:
    where = str(file.path) if file.path else "config"
    links: Mapping[str, Any] = file.links

    def pick(value: Any, key: str, default: Any) -> Any:
        return value if value is not None else links.get(key, default)

    try:
        allowed = parse_networks([*links.get("allow-network", []), *given.allow_network])
    except ValueError as error:
        raise UsageError(f"--allow-network: {error}") from None
    defaults = NetSettings()
    user_agent = pick(given.user_agent, "user-agent", None)
    return NetSettings(
        timeout=float(pick(given.timeout, "timeout", defaults.timeout)),
        retries=int(pick(given.retries, "retries", defaults.retries)),
        max_concurrency=int(
            pick(given.max_concurrency, "max-concurrency", defaults.max_concurrency)
        ),
        max_per_host=int(pick(given.max_per_host, "max-per-host", defaults.max_per_host)),
        min_interval=float(pick(given.min_interval, "min-interval", defaults.min_interval)),
        user_agent=user_agent or DEFAULT_USER_AGENT.format(version=version),
        browser_user_agent=None if user_agent else BROWSER_USER_AGENT.format(version=version),
        policy=AddressPolicy(allowed),
        excludes=(
            *compile_excludes(links.get("exclude", []), f"{where}: links.exclude"),
            *compile_excludes(given.exclude, "--exclude"),
        ),
        accept=frozenset(links.get("accept", ())),
        hosts={
            host: HostSettings(dict(o.headers), o.max_per_host, o.min_interval)
            for host, o in file.hosts.items()
        },
        github_token=os.environ.get("GITHUB_TOKEN") or None,
        github=_github_lane(links.get("github", {})),
        youtube=bool(links.get("youtube", {}).get("enabled", defaults.youtube)),
        youtube_oembed=str(links.get("youtube", {}).get("oembed-url", defaults.youtube_oembed)),
        soft_404=bool(links.get("soft-404", defaults.soft_404)),
        archive=_archive(links.get("archive", {})),
    )


def _archive(given: Mapping[str, Any]) -> ArchiveSettings:
    defaults = ArchiveSettings()
    return ArchiveSettings(
        enabled=bool(given.get("enabled", defaults.enabled)),
        url=str(given.get("url", defaults.url)),
    )


def _github_lane(given: Mapping[str, Any]) -> GithubLane:
    defaults = GithubLane()
    return GithubLane(
        enabled=bool(given.get("enabled", defaults.enabled)),
        api_url=str(given.get("api-url", defaults.api_url)),
        hosts=tuple(host.lower() for host in given.get("hosts", defaults.hosts)),
    )
