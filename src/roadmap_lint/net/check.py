"""Checking one page: HEAD first, GET when needed, redirects hop by hop, polite retries."""

from __future__ import annotations

import email.utils
import errno
import random
import ssl
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

import anyio
import httpx

from roadmap_lint.model import LinkState, Verdict
from roadmap_lint.net.body import ACCEPT_ENCODING, read_prefix
from roadmap_lint.net.classify import (
    BOT_WALL_STATUSES,
    HEAD_UNRELIABLE,
    PERMANENT_REDIRECTS,
    REDIRECTS,
    Outcome,
    classify_status,
    is_challenge,
)
from roadmap_lint.net.fragments import page_ids
from roadmap_lint.net.politeness import HostGate, PriorityLimiter
from roadmap_lint.net.settings import BROWSER_ACCEPT, NetSettings
from roadmap_lint.net.transport import AddressRefused, NameNotResolved

_GITHUB_TOKEN_HOSTS = frozenset({"github.com", "api.github.com"})
_CHALLENGE_PEEK = 16 * 1024
_REUSE_LIMIT = 64 * 1024  # bodies up to this size are drained so the connection can be reused


def _small(response: httpx.Response) -> bool:
    length = response.headers.get("content-length", "")
    return length.isdigit() and int(length) <= _REUSE_LIMIT


Sleep = Callable[[float], Awaitable[None]]


class NoNetwork(Exception):
    """Nothing can be reached from here (no DNS, no route): not the link's fault."""


@dataclass
class PageResult:
    """One page's check: the verdict on the page, and what the run needs besides."""

    verdict: Verdict
    ids: frozenset[str] | None = None  # element ids of an HTML page, when its body was read
    requests: int = 0
    no_network: bool = False  # failed in a way that says "no network", not "dead link"
    body_truncated: bool = False  # `ids` come from the first part of a longer page
    sent: bool = True  # False when it failed before any request left (DNS, address policy)
    timed_out: bool = False  # no answer in time, even after retries
    retry_with_get: bool = False  # HEAD got no answer: GET is tried before any verdict

    @property
    def state(self) -> LinkState:
        return self.verdict.state

    @property
    def http_status(self) -> int | None:
        return self.verdict.http_status


@dataclass
class _Answer:
    status: int
    headers: httpx.Headers
    body: bytes
    is_html: bool
    body_truncated: bool = False


class _Transient(Exception):
    """A failure worth retrying; `final` is the verdict once retries run out."""

    def __init__(
        self,
        final: PageResult,
        retry_after: float | None = None,
        pause_host: bool = False,
        after_sending: bool = False,
    ):
        super().__init__(final.verdict.error)
        self.final = final
        self.retry_after = retry_after
        self.pause_host = pause_host
        # The request left but no answer came: a server that ignores HEAD may answer GET.
        self.after_sending = after_sending


def _causes(error: BaseException) -> list[BaseException]:
    """The error and the chain of errors that caused it, outermost first."""
    chain = [error]
    while True:
        cause = chain[-1].__cause__ or chain[-1].__context__
        if cause is None or any(cause is seen for seen in chain):
            return chain
        chain.append(cause)


def _parse_retry_after(value: str | None, now: float) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)


class PageChecker:
    def __init__(
        self,
        settings: NetSettings,
        client_for: Callable[[str], httpx.AsyncBaseTransport],
        gate_for: Callable[[str], HostGate],
        limiter: PriorityLimiter,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Sleep = anyio.sleep,
        rng: random.Random | None = None,
        no_network: Callable[[], bool] = lambda: False,
        answered: Callable[[], None] = lambda: None,
    ):
        self._settings = settings
        self._client_for = client_for
        self._gate_for = gate_for
        self._limiter = limiter
        self._clock = clock
        self._wall_clock = wall_clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._no_network = no_network
        self._answered = answered  # told of every response: the network is there

    async def check(self, url: str, want_body: bool) -> PageResult:
        started = self._clock()
        result = await self._follow(url, want_body)
        result.verdict = replace(result.verdict, elapsed_ms=int((self._clock() - started) * 1000))
        return result

    async def _follow(self, url: str, want_body: bool) -> PageResult:
        current = url
        visited = {url}
        permanent_target: str | None = None
        only_permanent_so_far = True
        method = "GET" if want_body else "HEAD"
        browser = False
        requests = 0
        hops = 0
        while True:
            answer, attempts = await self._with_retries(
                method, current, want_body, first_hop=hops == 0, browser=browser
            )
            requests += attempts
            if isinstance(answer, PageResult) and answer.retry_with_get and method == "HEAD":
                method = "GET"
                continue
            if isinstance(answer, PageResult):
                requests -= 0 if answer.sent else 1
                answer.requests = requests
                return answer
            status = answer.status
            location = answer.headers.get("location")
            if status in REDIRECTS and location:
                target = urljoin(current, location.strip())
                if status in PERMANENT_REDIRECTS and only_permanent_so_far:
                    permanent_target = target
                else:
                    only_permanent_so_far = False
                hops += 1
                if urlsplit(target).scheme not in ("http", "https"):
                    return PageResult(
                        Verdict(LinkState.UNKNOWN, status, None, f"redirect to {target}"),
                        requests=requests,
                    )
                if target in visited:
                    return PageResult(
                        Verdict(LinkState.BROKEN, status, None, "redirect loop"), requests=requests
                    )
                if hops > self._settings.max_redirects:
                    return PageResult(
                        Verdict(LinkState.BROKEN, status, None, "too many redirects"),
                        requests=requests,
                    )
                visited.add(target)
                current = target
                continue
            if (
                method == "HEAD"
                and status not in self._settings.accept
                and (status in HEAD_UNRELIABLE or status >= 400 or 300 <= status < 400)
            ):
                method = "GET"  # many servers answer HEAD wrongly: ask again properly
                continue
            if status in BOT_WALL_STATUSES and not browser and self._settings.browser_user_agent:
                browser = True  # some walls only let browsers in: ask once more as one
                continue
            result = self._verdict(answer)
            result.requests = requests
            if result.state is LinkState.OK and permanent_target is not None:
                result.verdict = replace(
                    result.verdict, state=LinkState.REDIRECTED, final_url=permanent_target
                )
            return result

    def _verdict(self, answer: _Answer) -> PageResult:
        outcome = (
            Outcome.OK if answer.status in self._settings.accept else classify_status(answer.status)
        )
        if outcome is Outcome.OK:
            ids = page_ids(answer.body) if answer.is_html and answer.body else None
            return PageResult(
                Verdict(LinkState.OK, answer.status), ids=ids, body_truncated=answer.body_truncated
            )
        if outcome is Outcome.BLOCKED:
            return PageResult(
                Verdict(
                    LinkState.BLOCKED,
                    answer.status,
                    error=f"HTTP {answer.status}: refuses automated clients",
                )
            )
        if outcome is Outcome.BROKEN:
            return PageResult(
                Verdict(LinkState.BROKEN, answer.status, error=f"HTTP {answer.status}")
            )
        return PageResult(Verdict(LinkState.UNKNOWN, answer.status, error=f"HTTP {answer.status}"))

    async def _with_retries(
        self, method: str, url: str, want_body: bool, first_hop: bool, browser: bool = False
    ) -> tuple[_Answer | PageResult, int]:
        attempts = 0
        host = urlsplit(url).hostname or ""
        while True:
            attempts += 1
            try:
                return await self._attempt(method, url, want_body, first_hop, browser), attempts
            except _Transient as transient:
                if method == "HEAD" and transient.after_sending:
                    # Some servers never answer HEAD: ask with GET (and its retries) instead.
                    transient.final.retry_with_get = True
                    return transient.final, attempts
                if attempts > self._settings.retries:
                    return transient.final, attempts
                delay = self._backoff(attempts)
                if transient.retry_after is not None:
                    if transient.retry_after > self._settings.retry_after_cap:
                        return self._too_long_to_wait(transient), attempts
                    delay = max(delay, transient.retry_after)
                if transient.pause_host:
                    self._gate_for(host).pause(delay)
                else:
                    await self._sleep(delay)

    @staticmethod
    def _too_long_to_wait(transient: _Transient) -> PageResult:
        final = transient.final
        if final.state is not LinkState.BROKEN:
            return final
        # "Come back in an hour" (503 for maintenance) says the page is not dead.
        return PageResult(
            Verdict(
                LinkState.UNKNOWN,
                final.http_status,
                error=f"HTTP {final.http_status}: Retry-After {transient.retry_after:.0f}s "
                "is longer than the retry-after cap",
            )
        )

    def _backoff(self, attempt: int) -> float:
        base: float = min(
            self._settings.backoff_cap, self._settings.backoff_base * 2.0 ** (attempt - 1)
        )
        return base * (0.5 + self._rng.random())

    async def _attempt(
        self, method: str, url: str, want_body: bool, first_hop: bool, browser: bool = False
    ) -> _Answer | PageResult:
        parts = urlsplit(url)
        host = parts.hostname or ""
        user_agent = self._settings.user_agent
        if browser and self._settings.browser_user_agent:
            user_agent = self._settings.browser_user_agent
        headers = {
            "User-Agent": user_agent,
            "Accept": BROWSER_ACCEPT,
            "Accept-Encoding": ACCEPT_ENCODING,
            "Accept-Language": "en",
        }
        host_settings = self._settings.hosts.get(host.lower())
        if host_settings is not None:
            headers.update(host_settings.headers)
        if (
            first_hop
            and self._settings.github_token
            and parts.scheme == "https"  # never in clear text
            and host.lower() in _GITHUB_TOKEN_HOSTS
        ):
            headers["Authorization"] = f"Bearer {self._settings.github_token}"
        client = self._client_for(host)
        async with self._gate_for(host).slot(), self._limiter.slot(host):
            if self._no_network():  # found out while this request was waiting for its turn
                return PageResult(
                    Verdict(LinkState.BROKEN, error="network unreachable"),
                    no_network=True,
                    sent=False,
                )
            try:
                answer = await self._exchange(client, method, url, headers, want_body)
            except httpx.HTTPError as error:
                return self._failure(error)
        return self._screen(method, answer)

    async def _exchange(
        self,
        transport: httpx.AsyncBaseTransport,
        method: str,
        url: str,
        headers: dict[str, str],
        want_body: bool,
    ) -> _Answer:
        timeout = self._settings.timeout
        request = httpx.Request(
            method,
            url,
            headers=headers,
            extensions={
                "timeout": {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}
            },
        )
        response = await transport.handle_async_request(request)
        self._answered()
        response.request = request
        try:
            status = response.status_code
            content_type = response.headers.get("content-type", "").lower()
            is_html = "html" in content_type or not content_type
            body = b""
            truncated = False
            if method == "HEAD":
                await response.aread()  # nothing to read; lets the connection be reused
            elif want_body and 200 <= status < 300 and is_html:
                body = await read_prefix(response, self._settings.body_limit)
                truncated = len(body) >= self._settings.body_limit
            elif status in (403, 429, 503):
                body = await read_prefix(response, _CHALLENGE_PEEK)
            elif _small(response):
                await read_prefix(response, _REUSE_LIMIT)  # cheaper than a new connection
            return _Answer(status, response.headers, body, is_html, truncated)
        finally:
            await response.aclose()

    def _screen(self, method: str, answer: _Answer) -> _Answer | PageResult:
        """Settle bot walls and transient answers; pass on everything else."""
        status = answer.status
        if status in self._settings.accept:
            return answer
        if is_challenge(status, answer.headers, answer.body):
            return PageResult(
                Verdict(LinkState.BLOCKED, status, error=f"HTTP {status}: bot challenge page")
            )
        retry_after = _parse_retry_after(answer.headers.get("retry-after"), self._wall_clock())
        if status == 429:
            raise _Transient(
                PageResult(
                    Verdict(
                        LinkState.BLOCKED,
                        status,
                        error="HTTP 429: rate limited, and it did not clear",
                    )
                ),
                retry_after=retry_after,
                pause_host=True,
            )
        if method == "HEAD" and status in HEAD_UNRELIABLE:
            return answer  # asked again with GET, which gets the retries
        if classify_status(status) is Outcome.RETRY:
            raise _Transient(
                PageResult(
                    Verdict(LinkState.BROKEN, status, error=f"HTTP {status}, still after retries")
                ),
                retry_after=retry_after,
            )
        return answer

    def _failure(self, error: httpx.HTTPError) -> PageResult:
        chain = _causes(error)
        cause = chain[-1]
        refused = next((e for e in chain if isinstance(e, AddressRefused)), None)
        if refused is not None:
            return PageResult(Verdict(LinkState.EXCLUDED, error=str(refused)), sent=False)
        unresolved = next((e for e in chain if isinstance(e, NameNotResolved)), None)
        if unresolved is not None:
            return PageResult(
                Verdict(LinkState.BROKEN, error=str(unresolved)), no_network=True, sent=False
            )
        if isinstance(error, httpx.TimeoutException):
            raise _Transient(
                PageResult(Verdict(LinkState.BROKEN, error="timed out"), timed_out=True),
                after_sending=not isinstance(error, httpx.ConnectTimeout),
            )
        if isinstance(cause, ssl.SSLError):
            reason = getattr(cause, "verify_message", None) or getattr(cause, "reason", None)
            return PageResult(Verdict(LinkState.BROKEN, error=f"TLS: {reason or cause}"))
        if isinstance(cause, OSError) and cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return PageResult(
                Verdict(LinkState.BROKEN, error="network unreachable"), no_network=True
            )
        if isinstance(error, httpx.ConnectError):
            if isinstance(cause, ConnectionResetError) or "reset by peer" in str(error).lower():
                raise _Transient(
                    PageResult(Verdict(LinkState.UNKNOWN, error=f"connection reset: {error}"))
                )
            if isinstance(cause, ConnectionRefusedError) or "refused" in str(error).lower():
                return PageResult(Verdict(LinkState.BROKEN, error="connection refused"))
            return PageResult(Verdict(LinkState.BROKEN, error=f"cannot connect: {error}"))
        if isinstance(error, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)):
            raise _Transient(
                PageResult(
                    Verdict(
                        LinkState.UNKNOWN,
                        error=f"connection failed: {str(error) or type(error).__name__}",
                    )
                ),
                after_sending=True,
            )
        if isinstance(error, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
            return PageResult(Verdict(LinkState.BROKEN, error=f"invalid URL: {error}"))
        return PageResult(Verdict(LinkState.UNKNOWN, error=f"{type(error).__name__}: {error}"))
