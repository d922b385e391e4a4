"""The GitHub lane: links into GitHub repositories decided through the GraphQL API.

With a token, a roadmap's thousand repository links cost ten queries instead of a thousand
page requests, and say more than a page would: a repository renamed or transferred (GitHub
follows the rename), archived, gone; a file missing at its ref. One query is sent at a time,
as GitHub asks of its API's users. What cannot be decided is handed back and checked as a
page: everything left once the rate limit is spent (unless it resets within the retry-after
cap), once the API fails (5xx or no answer, after one retry; an answer that is not JSON;
errors without data; any other status), and what it answers with an error other than
NOT_FOUND. A secondary rate limit (403 or 429) is waited out when the waits fit in the cap.

The token goes to the API's host only, in the request's header, never along a redirect
(lane requests follow none), and only over https, except to a loopback address that
`--allow-network` allows (a stand-in for the API in tests). See `token_may_go_to`.

The lane's requests go through `lanes.LaneHttp`, typed here by what is used of it
(`ApiHttp`), and the error it raises when no answer came is given to the lane (`no_answer`):
this module cannot import `lanes`, whose registry imports it.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

import anyio

from roadmap_lint.net.check import PageResult
from roadmap_lint.net.classify import retry_after_seconds
from roadmap_lint.net.github_links import RepoLink, repo_link
from roadmap_lint.net.github_query import Answers, Query, plan
from roadmap_lint.net.policy import AddressPolicy
from roadmap_lint.net.settings import GithubLane, NetSettings

# When GitHub says it is rate limiting without saying until when: "wait at least a minute".
_UNSAID_WAIT = 60.0
Errors = tuple[type[Exception], ...]
Sleep = Callable[[float], Awaitable[None]]


class ApiAnswer(Protocol):
    @property
    def status(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    @property
    def body(self) -> bytes: ...


class ApiHttp(Protocol):
    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
    ) -> ApiAnswer: ...


def served_hosts(lane: GithubLane) -> frozenset[str]:
    """The lane's hosts whose repositories its API knows: the API's own host (GitHub
    Enterprise Server: `https://HOST/api/graphql`) or the host it is `api.` of (github.com,
    GitHub Enterprise Cloud with data residency), or all of them for an API on a loopback
    address (a stand-in, in tests). Links to the others are checked as pages."""
    api = (urlsplit(lane.api_url).hostname or "").lower()
    if _is_loopback(api):
        return frozenset(lane.hosts)
    return frozenset(host for host in lane.hosts if api in (host, f"api.{host}"))


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def token_may_go_to(lane: GithubLane, policy: AddressPolicy) -> bool:
    """Whether the API URL is a place the token may be sent.

    It must serve one of the lane's hosts (see `served_hosts`), over https, or over http to
    a loopback IP address that the address policy allows (a stand-in for the API in tests).
    """
    parts = urlsplit(lane.api_url)
    host = (parts.hostname or "").lower()
    if not served_hosts(lane):
        return False
    if parts.scheme == "https":
        return True
    if parts.scheme != "http":
        return False
    return _is_loopback(host) and policy.refusal(host) is None


def github_lane(settings: NetSettings, no_answer: Errors) -> GithubRepositoryLane | None:
    """The lane, when it is switched on, has a token, and may send it to its API URL."""
    lane = settings.github
    if not (lane.enabled and settings.github_token and token_may_go_to(lane, settings.policy)):
        return None
    return GithubRepositoryLane(settings, settings.github_token, no_answer=no_answer)


class _Stop(Exception):
    """The lane asks no more: what is not decided yet is checked as pages."""


class GithubRepositoryLane:
    name = "github"

    def __init__(
        self,
        settings: NetSettings,
        token: str,
        *,
        no_answer: Errors,
        sleep: Sleep = anyio.sleep,
        wall_clock: Callable[[], float] = time.time,
    ):
        self._settings = settings
        self._token = token
        self._no_answer = no_answer
        self._sleep = sleep
        self._wall_clock = wall_clock
        hosts = served_hosts(settings.github)
        self._hosts = frozenset([*hosts, *(f"www.{host}" for host in hosts)])
        # Links over http only to an instance whose API itself is served over http.
        api_scheme = urlsplit(settings.github.api_url).scheme
        self._schemes = frozenset({"https", api_scheme})

    def link(self, page_url: str) -> RepoLink | None:
        return repo_link(page_url, self._hosts, self._schemes)

    def claims(self, page_url: str) -> bool:
        return self.link(page_url) is not None

    async def decide(self, page_urls: list[str], http: ApiHttp) -> dict[str, PageResult]:
        links = {url: link for url in page_urls if (link := self.link(url)) is not None}
        answers = Answers()
        session = _Session(
            http, self._settings, self._token, self._no_answer, self._sleep, self._wall_clock
        )
        for query in plan(links.values()):
            try:
                data, errors = await session.ask(query)
            except _Stop:
                break
            answers.read(query, data, errors)
        decided: dict[str, PageResult] = {}
        for url, link in links.items():
            verdict = answers.verdict(link)
            if verdict is not None:
                decided[url] = PageResult(verdict)
        return decided


class _Session:
    """The queries of one run, within the rate limit GitHub reports."""

    def __init__(
        self,
        http: ApiHttp,
        settings: NetSettings,
        token: str,
        no_answer: Errors,
        sleep: Sleep,
        now: Callable[[], float],
    ):
        self._http = http
        self._settings = settings
        self._no_answer = no_answer
        self._headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        self._sleep = sleep
        self._now = now
        self._remaining: int | None = None  # points left, as last reported
        self._reset_at: float | None = None  # when they come back (epoch seconds)
        self._cost = 1  # points the last query cost: what the next is expected to
        self._waited = 0.0

    async def ask(self, query: Query) -> tuple[Mapping[str, Any], list[Any]]:
        """The query's data and errors; raises _Stop when it gets no usable answer."""
        text, variables = query.text_and_variables()
        body = json.dumps({"query": text, "variables": variables}).encode()
        failures = 0
        while True:
            await self._within_budget()
            try:
                answer = await self._http.request(
                    "POST", self._settings.github.api_url, headers=self._headers, content=body
                )
            except self._no_answer:
                failures = await self._failed(failures)
                continue
            self._note_headers(answer.headers)
            document = _json(answer.body)
            data, errors = document.get("data"), document.get("errors")
            errors = errors if isinstance(errors, list) else []
            usable = answer.status == 200 and isinstance(data, dict)
            if not usable and _rate_limited(answer, errors):
                await self._wait(self._rate_limit_wait(answer))
                continue
            if answer.status >= 500:
                failures = await self._failed(failures)
                continue
            if not usable or not isinstance(data, dict):
                raise _Stop
            self._note_rate_limit(data.get("rateLimit"))
            return data, errors

    async def _within_budget(self) -> None:
        if self._remaining is not None and self._remaining < self._cost:
            if self._reset_at is None:
                raise _Stop
            await self._wait(self._reset_at - self._now())
            self._remaining = None
        if self._remaining is not None:
            self._remaining -= self._cost

    async def _wait(self, seconds: float) -> None:
        """Wait as GitHub asks, while all the waits add up to no more than the cap."""
        seconds = max(0.0, seconds)
        if self._waited + seconds > self._settings.retry_after_cap:
            raise _Stop
        self._waited += seconds
        await self._sleep(seconds)

    async def _failed(self, failures: int) -> int:
        """Back off after a failure, or stop: one retry at most, as a hung API would cost a
        timeout each time, and the pages it leaves have their own retries."""
        failures += 1
        if failures > min(self._settings.retries, 1):
            raise _Stop
        settings = self._settings
        await self._sleep(min(settings.backoff_cap, settings.backoff_base * 2.0 ** (failures - 1)))
        return failures

    def _rate_limit_wait(self, answer: ApiAnswer) -> float:
        retry_after = retry_after_seconds(answer.headers.get("retry-after"), self._now())
        if retry_after is not None:
            return retry_after
        if self._remaining == 0 and self._reset_at is not None:
            return self._reset_at - self._now()
        return _UNSAID_WAIT

    def _note_headers(self, headers: Mapping[str, str]) -> None:
        remaining, reset = headers.get("x-ratelimit-remaining"), headers.get("x-ratelimit-reset")
        if remaining is not None and remaining.strip().isdecimal():
            self._remaining = int(remaining)
        if reset is not None and reset.strip().isdecimal():
            self._reset_at = float(reset)

    def _note_rate_limit(self, rate: Any) -> None:
        if not isinstance(rate, dict):
            return  # GitHub Enterprise Server without rate limits answers null
        if isinstance(rate.get("remaining"), int):
            self._remaining = rate["remaining"]
        if isinstance(rate.get("cost"), int):
            self._cost = max(1, rate["cost"])
        reset = rate.get("resetAt")
        if isinstance(reset, str):
            with contextlib.suppress(ValueError):
                self._reset_at = datetime.fromisoformat(reset.replace("Z", "+00:00")).timestamp()


def _json(body: bytes) -> dict[str, Any]:
    try:
        document = json.loads(body)
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


def _rate_limited(answer: ApiAnswer, errors: list[Any]) -> bool:
    """Whether an answer without data is GitHub's rate limit, primary or secondary."""
    if answer.status == 429 or answer.headers.get("x-ratelimit-remaining", "").strip() == "0":
        return True
    if answer.status not in (200, 403):
        return False
    if "retry-after" in answer.headers:
        return True
    return any(
        isinstance(error, dict)
        and (
            error.get("type") == "RATE_LIMITED"
            or "rate limit" in str(error.get("message", "")).lower()
        )
        for error in errors
    ) or (answer.status == 403 and b"rate limit" in answer.body.lower())
