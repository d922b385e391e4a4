"""Site lanes: links decided by what a site says of them through its API, not by their page.

A lane claims the page URLs it knows how to decide (GitHub repositories, YouTube videos…),
decides as many as it can in few requests, and hands the others back: they are then checked
as every other page is. A lane's requests go through the same guarded clients, host limits
and address policy as the pages'.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from roadmap_lint.net.body import read_prefix
from roadmap_lint.net.check import PageResult
from roadmap_lint.net.classify import retry_after_seconds
from roadmap_lint.net.github_lane import github_lane
from roadmap_lint.net.politeness import HostGate, HostGivenUp, PriorityLimiter
from roadmap_lint.net.settings import NetSettings
from roadmap_lint.net.youtube_lane import YoutubeLane
from roadmap_lint.urls import hostname

MAX_BODY = 4 * 1024 * 1024  # an API answer larger than this is not read


class LaneError(Exception):
    """A lane's request got no usable answer: the pages it was for are checked as pages."""


@dataclass(frozen=True)
class LaneResponse:
    status: int
    headers: httpx.Headers
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError as error:
            raise LaneError(f"not JSON: {error}") from None


class LaneHttp:
    """The requests a lane makes: one at a time per slot of the host, like a page's."""

    def __init__(
        self,
        settings: NetSettings,
        client_for: Callable[[str], httpx.AsyncBaseTransport],
        gate_for: Callable[[str], HostGate],
        limiter: PriorityLimiter,
        answered: Callable[[], None] = lambda: None,
    ):
        self.settings = settings
        self._client_for = client_for
        self._gate_for = gate_for
        self._limiter = limiter
        self._answered = answered  # told of every response: the network is there
        self.requests = 0

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
    ) -> LaneResponse:
        """The answer, whatever its status; LaneError when none came."""
        host = hostname(url)
        request = httpx.Request(
            method,
            url,
            headers={"User-Agent": self.settings.user_agent, **(headers or {})},
            content=content,
            extensions=self.settings.request_timeouts,
        )
        client = self._client_for(host)
        gate = self._gate_for(host)
        try:
            async with gate.slot(turn=functools.partial(self._limiter.slot, host)) as place:
                self.requests += 1
                sent_at = time.monotonic()
                response = await client.handle_async_request(request)
                self._answered()
                try:
                    body = await read_prefix(response, MAX_BODY + 1)
                finally:
                    await response.aclose()
                _tell(gate, response, time.monotonic() - sent_at, place.on_the_wire)
        except (httpx.HTTPError, HostGivenUp) as error:
            raise LaneError(f"{type(error).__name__}: {error}") from None
        if len(body) > MAX_BODY:
            raise LaneError("answer too large")
        return LaneResponse(response.status_code, response.headers, body)


def _tell(gate: HostGate, response: httpx.Response, seconds: float, on_the_wire: int) -> None:
    """Let the host's gate adapt to the API's answers as it does to pages'."""
    wait = retry_after_seconds(response.headers.get("retry-after"), time.time())
    if response.status_code == 429 or (response.status_code == 503 and wait is not None):
        gate.slow_down(wait, rate_limited=response.status_code == 429, on_the_wire=on_the_wire)
    else:
        gate.answered(seconds, on_the_wire=on_the_wire)


class Lane(Protocol):
    """A site whose links are decided by what it says of them."""

    name: str

    def claims(self, page_url: str) -> bool:
        """Whether this lane decides the page (a URL without its fragment)."""
        ...

    async def decide(self, page_urls: list[str], http: LaneHttp) -> dict[str, PageResult]:
        """The verdicts it could reach; pages left out are checked as pages are."""
        ...


def default_lanes(settings: NetSettings) -> list[Lane]:
    """The lanes switched on by the settings, in the order they are asked to claim a page."""
    lanes: list[Lane] = []
    if settings.youtube:
        lanes.append(YoutubeLane(settings, no_answer=(LaneError,)))
    github = github_lane(settings, no_answer=(LaneError,))
    if github is not None:
        lanes.append(github)
    return lanes
