"""Settings of the external link checker."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from roadmap_lint.net.policy import AddressPolicy

DEFAULT_USER_AGENT = (
    "roadmap-lint/{version} (+https://github.com/roadmap-lint/roadmap-lint; link checker)"
)
BROWSER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0 Safari/537.36 roadmap-lint/{version}"
)
BROWSER_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
)


@dataclass(frozen=True)
class HostSettings:
    """Overrides for one host (from the config file)."""

    headers: Mapping[str, str] = field(default_factory=dict)
    max_per_host: int | None = None
    min_interval: float | None = None


@dataclass(frozen=True)
class GithubLane:
    """Links into GitHub repositories decided through its GraphQL API (with a token)."""

    enabled: bool = True
    api_url: str = "https://api.github.com/graphql"
    hosts: tuple[str, ...] = ("github.com",)  # lower-case; a GitHub Enterprise Server's too


@dataclass(frozen=True)
class ArchiveSettings:
    """Where the Internet Archive's copies of dead pages are looked up (CDX, then availability)."""

    enabled: bool = True
    url: str = "https://web.archive.org"  # the archive's address


@dataclass(frozen=True)
class NetSettings:
    timeout: float = 20.0  # seconds, per request
    retries: int = 2  # further attempts after a transient failure
    max_concurrency: int = 256  # requests in flight in all
    max_per_host: int = 8  # the most requests in flight to one host (it adapts below)
    min_interval: float = 0.0  # seconds between request starts to one host
    max_redirects: int = 10
    retry_after_cap: float = 60.0  # longest Retry-After (seconds) worth waiting for
    backoff_base: float = 0.5  # first retry delay in seconds, doubled each time
    backoff_cap: float = 10.0
    body_limit: int = 5 * 1024 * 1024  # bytes of a page read to look for a fragment
    user_agent: str = DEFAULT_USER_AGENT
    # Tried once after a 401/403/999 when the user did not choose a User-Agent; still names us.
    browser_user_agent: str | None = None
    policy: AddressPolicy = field(default_factory=AddressPolicy)
    excludes: tuple[re.Pattern[str], ...] = ()
    github_token: str | None = None
    accept: frozenset[int] = frozenset()  # statuses to count as ok besides 2xx
    hosts: Mapping[str, HostSettings] = field(default_factory=dict)  # lower-case host → overrides
    github: GithubLane = field(default_factory=GithubLane)
    youtube: bool = True  # videos decided by what YouTube says of them, not by the watch page
    youtube_oembed: str = "https://www.youtube.com/oembed"  # where YouTube says it
    soft_404: bool = True  # pages that answer 200 but are gone: soft 404s, parked domains…
    archive: ArchiveSettings = field(default_factory=ArchiveSettings)  # snapshots of dead pages

    @property
    def request_timeouts(self) -> dict[str, dict[str, float]]:
        """An httpx request's extensions for the run's timeout on every network operation."""
        timeout = self.timeout
        return {"timeout": {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}}
