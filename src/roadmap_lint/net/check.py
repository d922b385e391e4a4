"""Checking one page: redirects hop by hop, polite retries, and a look at what it says.

With `soft_404` on (the default), a page is asked with GET and the start of an HTML answer
is read, so that a page that answers 200 but is gone (a soft 404, a parked domain, a deep
link sent to the home page) is found out: see net/rot.py. Off, a plain check is a HEAD, a
GET only when needed, and no body is read.
"""

from __future__ import annotations

import errno
import functools
import random
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

import anyio
import httpx
from anyio.abc import TaskGroup

from roadmap_lint.model import LinkState, Verdict
from roadmap_lint.net import rot
from roadmap_lint.net.body import ACCEPT_ENCODING, Undecodable, read_prefix
from roadmap_lint.net.classify import (
    BOT_WALL_STATUSES,
    HEAD_UNRELIABLE,
    PERMANENT_REDIRECTS,
    REDIRECTS,
    Outcome,
    classify_status,
    is_challenge,
    retry_after_seconds,
)
from roadmap_lint.net.fragments import read_anchors
from roadmap_lint.net.habits import Habits
from roadmap_lint.net.overdue import OverdueWatch
from roadmap_lint.net.politeness import (
    HostGate,
    HostGivenUp,
    Latencies,
    LoopLag,
    Place,
    PriorityLimiter,
)
from roadmap_lint.net.settings import BROWSER_ACCEPT, NetSettings
from roadmap_lint.net.targets import url_problem
from roadmap_lint.net.transport import AddressRefused, NameNotResolved
from roadmap_lint.urls import hostname

_GITHUB_TOKEN_HOSTS = frozenset({"github.com", "api.github.com"})
# A request without an answer after this many times its host's typical answer time gets a
# further attempt beside it (a GET beside a HEAD: some servers never answer HEAD). Bounds in
# seconds; never later than this share of the timeout, so a hung request costs one timeout.
_HEDGE_FACTOR = 4.0
_HEDGE_MIN = 0.5
_HEDGE_UNKNOWN = 2.0  # before the run has seen any answer at all
_HEDGE_MAX_SHARE = 0.5
_CHALLENGE_PEEK = 16 * 1024
_REUSE_LIMIT = 64 * 1024  # bodies up to this size are drained so the connection can be reused
_SMALL_DECODED = 1024 * 1024  # what such a body may decompress to, when it is read to its end


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
    script_built: bool = False  # an HTML page built by scripts in the browser: ids may be missing
    unreadable: str | None = None  # why the page, read for its ids, could not be decoded
    sent: bool = True  # False when it failed before any request left (DNS, address policy)
    timed_out: bool = False  # no answer in time, from any attempt

    @property
    def state(self) -> LinkState:
        return self.verdict.state

    @property
    def http_status(self) -> int | None:
        return self.verdict.http_status


def timed_out_result() -> PageResult:
    """The verdict on a page that gave no answer before the timeout."""
    return PageResult(
        Verdict(LinkState.BROKEN, error="timed out", reason="timeout"), timed_out=True
    )


def given_up(error: HostGivenUp) -> PageResult:
    """The verdict on a page of a host that never answered and is not asked again."""
    return PageResult(Verdict(LinkState.BROKEN, error=str(error), reason="timeout"), timed_out=True)


@dataclass
class _Answer:
    status: int
    headers: httpx.Headers
    body: bytes
    is_html: bool
    body_truncated: bool = False
    unreadable: str | None = None  # why a page to read could not be (an unknown encoding…)
    method: str = "GET"  # what was asked: the host's habits may have changed it in the queue
    browser: bool = False  # asked with the browser's User-Agent
    cookies: httpx.Cookies | None = None  # the page's cookies, once a redirect has set some


@dataclass
class _Landing:
    """Where a check ended on a page that answered: its URL after redirects, and the start
    of its HTML (empty when it was not HTML)."""

    url: str
    body: bytes


@dataclass
class _Probe:
    """The answer of a site at an address that cannot exist, asked once per run."""

    done: anyio.Event
    answer: rot.Probe = rot.NO_PROBE


class _Transient(Exception):
    """A failure worth retrying; `final` is the verdict once retries run out."""

    def __init__(
        self,
        final: PageResult,
        retry_after: float | None = None,
        after_sending: bool = False,
    ):
        super().__init__(final.verdict.error)
        self.final = final
        self.retry_after = retry_after
        # The request left but no answer came: a server that ignores HEAD may answer GET.
        self.after_sending = after_sending

    @property
    def timed_out(self) -> bool:
        return self.final.timed_out

    @property
    def asked_to_wait(self) -> bool:
        """The server asked to be asked later: 429, or 503 with Retry-After."""
        status = self.final.http_status
        return status == 429 or (status == 503 and self.retry_after is not None)


def _causes(error: BaseException) -> list[BaseException]:
    """The error and the chain of errors that caused it, outermost first."""
    chain = [error]
    while True:
        cause = chain[-1].__cause__ or chain[-1].__context__
        if cause is None or any(cause is seen for seen in chain):
            return chain
        chain.append(cause)


@dataclass(frozen=True)
class _Ask:
    """One request to make, and how."""

    method: str
    url: str
    want_body: bool  # the page is read (up to `body_limit`) for the ids of its fragments
    peek: bool  # the start of an HTML page is read (up to `rot.PEEK_LIMIT`)
    first_hop: bool  # the URL as written, not a redirect's target
    browser: bool  # with the browser's User-Agent
    origin: str  # the host of the page being checked: its backlog is this request's urgency
    # What the redirects so far set, sent back as a browser would: some sites send a new
    # visitor round a redirect that sets a cookie, and back to the page.
    cookies: httpx.Cookies | None = field(default=None, compare=False)
    # The page has been asked before: after a wait (the host asked for one, or it failed),
    # with GET after a HEAD, as a browser after a bot wall, at a redirect's next hop.
    again: bool = False


_Arrival = _Answer | PageResult | _Transient


def _further(ask: _Ask, timed_out: list[_Transient]) -> _Ask:
    """A further attempt at a HEAD asks with GET, unless the HEAD could not even connect."""
    if ask.method == "HEAD" and not any(not t.after_sending for t in timed_out):
        return replace(ask, method="GET")
    return ask


def _visit(url: str, cookies: httpx.Cookies | None) -> tuple[str, frozenset[str]]:
    """A URL with the cookies it is asked with: asked again with new cookies, it is not a
    loop yet (the hop limit still bounds the chain)."""
    if not cookies:
        return url, frozenset()
    return url, frozenset(f"{c.domain} {c.path} {c.name}={c.value}" for c in cookies.jar)


def _redirect_target(current: str, location: str) -> tuple[str, str | None]:
    """Where a `Location` leads from `current`, and why no request can be made for it (None
    when one can): a server's header is never trusted to parse."""
    try:
        target = urljoin(current, location.strip())
    except ValueError as error:
        return location, str(error) or "cannot be read"
    return target, url_problem(target)


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
        self._latencies = Latencies()  # of every answer of the run, for hosts not yet heard
        self._habits = Habits()
        self._probes: dict[str, _Probe] = {}  # by origin
        self._hedges: TaskGroup | None = None  # where further attempts run (see `running`)
        self._overdue = OverdueWatch()
        self._lag = LoopLag()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Checks made inside share one task group for their further attempts and one
        watch for overdue requests; a check made outside gets its own."""
        async with anyio.create_task_group() as group:
            group.start_soon(self._overdue.run)
            group.start_soon(self._lag.run)
            self._hedges = group
            try:
                yield
            finally:
                self._hedges = None
                group.cancel_scope.cancel()

    async def check(self, url: str, want_body: bool) -> PageResult:
        started = self._clock()
        peek = self._settings.soft_404
        result, landing = await self._follow(url, want_body, peek)
        if peek and landing is not None:
            await self._look_again(url, result, landing)
        result.verdict = replace(result.verdict, elapsed_ms=int((self._clock() - started) * 1000))
        return result

    async def _look_again(self, url: str, result: PageResult, landing: _Landing) -> None:
        """Whether a page that answered is gone all the same (see net/rot.py)."""
        suspicion = rot.first_look(url, landing.url, landing.body)
        if suspicion is None:
            return
        probe = rot.NO_PROBE
        if suspicion.needs_probe:
            probe, requests = await self._probe(suspicion.probe_origin(url, landing.url))
            result.requests += requests
        found = rot.judge(url, landing.url, landing.body, suspicion, probe)
        if found is None:
            return
        if found.certain:
            result.verdict = replace(
                result.verdict,
                state=LinkState.BROKEN,
                final_url=None,
                error=found.error,
                reason=found.reason,
            )
            result.ids = None
        else:
            result.verdict = replace(result.verdict, error=found.error, reason=found.reason)

    async def _probe(self, origin: str) -> tuple[rot.Probe, int]:
        """What the site at `origin` answers at an address that cannot exist, and the
        requests that cost: asked once per site and run, whoever else waits for it."""
        probe = self._probes.get(origin)
        if probe is not None:
            await probe.done.wait()
            return probe.answer, 0
        probe = self._probes[origin] = _Probe(anyio.Event())
        try:
            asked = rot.probe_url(origin)
            result, landing = await self._follow(asked, False, True)
            status = result.http_status
            if landing is not None and result.state in (LinkState.OK, LinkState.REDIRECTED):
                page = rot.page_text(landing.body, asked, landing.url) if landing.body else None
                probe.answer = rot.Probe(asked, landed=landing.url, page=page)
            elif result.state is LinkState.BROKEN and status is not None and 400 <= status < 500:
                probe.answer = rot.Probe(asked, missing=True)
            return probe.answer, result.requests
        finally:
            probe.done.set()

    async def _follow(
        self, url: str, want_body: bool, peek: bool
    ) -> tuple[PageResult, _Landing | None]:
        """The page's check, and where it ended when it answered (with the start of its
        HTML when `peek`)."""
        current = url
        visited = {_visit(url, None)}
        permanent_target: str | None = None
        only_permanent_so_far = True
        method = self._first_method(url, want_body or peek)
        cookies: httpx.Cookies | None = None
        head_said: int | None = None  # the status a HEAD gave that the GET now asked confirms
        origin = hostname(url)
        browser = self._habits.of(origin).browsers_only
        walled = False  # a plain request met a bot wall, and the browser's is under way
        requests = 0
        hops = 0
        while True:
            answer, attempts = await self._with_retries(
                _Ask(
                    method,
                    current,
                    want_body,
                    peek,
                    hops == 0,
                    browser,
                    origin,
                    cookies,
                    again=requests > 0,
                )
            )
            requests += attempts
            if isinstance(answer, PageResult):
                requests -= 0 if answer.sent else 1
                answer.requests = requests
                return answer, None
            method, browser, cookies = answer.method, answer.browser, answer.cookies
            status = answer.status
            habits = self._habits.of(hostname(current))
            if head_said is not None:
                habits.rechecked(head_said, status)
                head_said = None
            location = answer.headers.get("location")
            if status in REDIRECTS and location:
                target, problem = _redirect_target(current, location)
                if problem is not None:  # a Location no request can be made for
                    verdict = Verdict(
                        LinkState.BROKEN,
                        status,
                        error=f"redirect to an invalid URL: {problem}",
                        reason="invalid-url",
                    )
                    return PageResult(verdict, requests=requests), None
                if status in PERMANENT_REDIRECTS and only_permanent_so_far:
                    permanent_target = target
                else:
                    only_permanent_so_far = False
                hops += 1
                visit = _visit(target, cookies)
                stop = self._redirect_stop(target, visit in visited, hops, status, requests)
                if stop is not None:
                    return stop, None
                visited.add(visit)
                current = target
                method = self._first_method(current, want_body or peek)
                continue
            if method == "HEAD" and self._head_needs_confirming(status):
                method, head_said = "GET", status  # many servers answer HEAD wrongly
                if self._walled(status, browser):
                    browser = walled = True  # one GET answers both: HEAD, and robots, refused?
                continue
            if self._walled(status, browser):
                browser = walled = True  # some walls only let browsers in: ask once more as one
                continue
            if walled and 200 <= status < 400:
                habits.browsers_only = True
            result = self._verdict(answer, want_body)
            result.requests = requests
            if result.state is not LinkState.OK:
                return result, None
            if permanent_target is not None:
                result.verdict = replace(
                    result.verdict, state=LinkState.REDIRECTED, final_url=permanent_target
                )
            return result, _Landing(current, answer.body if answer.is_html else b"")

    def _walled(self, status: int, browser: bool) -> bool:
        """Whether to ask again as a browser: a bot wall, not yet asked as one."""
        return (
            status in BOT_WALL_STATUSES and not browser and bool(self._settings.browser_user_agent)
        )

    def _first_method(self, url: str, want_body: bool) -> str:
        return self._habits.of(hostname(url)).first_method(want_body)

    def _head_needs_confirming(self, status: int) -> bool:
        """Whether an answer to HEAD must be asked again with GET before any verdict."""
        if status in self._settings.accept:
            return False
        return status in HEAD_UNRELIABLE or status >= 400 or 300 <= status < 400

    def _redirect_stop(
        self, target: str, seen: bool, hops: int, status: int, requests: int
    ) -> PageResult | None:
        """The verdict when a redirect must not be followed; None to follow it. `seen`: the
        target was asked before in this chain, with the same cookies (see `_visit`)."""
        if urlsplit(target).scheme not in ("http", "https"):
            return PageResult(
                Verdict(LinkState.UNKNOWN, status, None, f"redirect to {target}"),
                requests=requests,
            )
        if seen:
            return PageResult(
                Verdict(LinkState.BROKEN, status, None, "redirect loop", reason="redirect-loop"),
                requests=requests,
            )
        if hops > self._settings.max_redirects:
            return PageResult(
                Verdict(
                    LinkState.BROKEN, status, None, "too many redirects", reason="redirect-loop"
                ),
                requests=requests,
            )
        return None

    def _verdict(self, answer: _Answer, want_body: bool) -> PageResult:
        outcome = (
            Outcome.OK if answer.status in self._settings.accept else classify_status(answer.status)
        )
        if outcome is Outcome.OK:
            if want_body and answer.unreadable:
                return PageResult(
                    Verdict(LinkState.OK, answer.status), unreadable=answer.unreadable
                )
            if not (want_body and answer.is_html and answer.body):
                return PageResult(Verdict(LinkState.OK, answer.status))
            anchors = read_anchors(answer.body)
            return PageResult(
                Verdict(LinkState.OK, answer.status),
                ids=anchors.ids,
                body_truncated=answer.body_truncated,
                script_built=anchors.script_built,
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

    async def _with_retries(self, ask: _Ask) -> tuple[_Answer | PageResult, int]:
        """The answer to one request, retried after transient failures as the host asks.

        Attempts that get no answer overlap (see `_hedged`) rather than queue: a request to
        a server that hangs costs about one timeout, whatever the number of retries. A server
        that asks to be asked later (429, or 503 with Retry-After) is, without counting
        against `--retries`, while the waits add up to no more than the retry-after cap and
        the host has not refused request after request.
        """
        attempts = 0
        failures = 0  # attempts that failed without the server asking to wait
        asked = 0
        waited = 0.0
        while True:
            outcome, started = await self._hedged(ask, self._settings.retries + 1 - failures)
            attempts += started
            if not isinstance(outcome, _Transient):
                return outcome, attempts
            if outcome.timed_out:
                return outcome.final, attempts
            if outcome.asked_to_wait:
                asked += 1
                delay = self._backoff(asked)
                if outcome.retry_after is not None:  # the server said when: then, not later
                    if outcome.retry_after > self._settings.retry_after_cap:
                        return self._too_long_to_wait(outcome), attempts
                    delay = outcome.retry_after
                host_refuses = self._gate_for(hostname(ask.url)).refusing
                if host_refuses or waited + delay > self._settings.retry_after_cap:
                    return outcome.final, attempts
                waited += delay
            else:
                failures += started
                if failures > self._settings.retries:
                    return outcome.final, attempts
                delay = self._backoff(failures)
            await self._sleep(delay)
            ask = replace(ask, again=True)
            if outcome.after_sending and ask.method == "HEAD":
                # a server that drops a HEAD may be one that cannot answer it
                ask = replace(ask, method="GET")

    async def _hedged(
        self, ask: _Ask, allowed: int
    ) -> tuple[_Answer | PageResult | _Transient, int]:
        """One attempt at a request, and (when `allowed`) a second beside it once the first
        has been sent and had no answer for much longer than the host usually takes; the
        first answer wins. A third would only hang beside them, or cost a second timeout.

        A further attempt at a HEAD asks with GET. The outcome is a timeout once every attempt
        sent has timed out, a GET among them: attempts still waiting for their turn are then
        dropped, so a request that hangs costs one timeout. Returns the outcome and the
        attempts sent.
        """
        if self._hedges is None:  # a check on its own, outside `running`
            async with self.running():
                return await self._hedged(ask, allowed)
        return await _Flight(self, self._hedges, ask, allowed).fly()

    def _hedge_delay(self, host: str) -> float:
        typical = self._gate_for(host).latencies.typical or self._latencies.typical
        if typical is None:
            delay = _HEDGE_UNKNOWN
        else:  # as long as the host takes, not as long as this busy process took to read it
            delay = _HEDGE_FACTOR * max(typical - self._lag.current, 0.0)
        return min(max(delay, _HEDGE_MIN), self._settings.timeout * _HEDGE_MAX_SHARE)

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
        self,
        ask: _Ask,
        hedge: bool = False,
        on_sent: Callable[[str, Place], None] = lambda _method, _place: None,
    ) -> _Answer | PageResult:
        """One request. A hedge (a further attempt beside one still unanswered) may use the
        host's room above its current window, up to the most it has shown it accepts.
        `on_sent` is told the method asked (see `_as_now_known`) and the request's place
        at its host."""
        host = hostname(ask.url)
        client = self._client_for(host)
        try:
            # A further attempt, a request asked again or a redirect's next hop belongs to a
            # page already under way: it goes before pages not yet begun, at the host and in
            # the run.
            under_way = hedge or ask.again
            turn = functools.partial(self._limiter.slot, ask.origin, under_way)
            async with self._gate_for(host).slot(hedge, turn, under_way) as place:
                if self._no_network():  # found out while this request was waiting its turn
                    return PageResult(
                        Verdict(LinkState.BROKEN, error="network unreachable"),
                        no_network=True,
                        sent=False,
                    )
                ask = self._as_now_known(ask, host)
                headers = self._headers(ask, host)
                sent_at = self._clock()
                on_sent(ask.method, place)
                try:
                    answer = await self._exchange(client, ask.method, ask.url, headers, ask)
                except httpx.HTTPError as error:
                    return self._failure(error)
                self._heard_from(host, answer, self._clock() - sent_at, place.on_the_wire)
        except HostGivenUp as error:
            return given_up(error)
        return self._screen(ask.method, answer)

    def _as_now_known(self, ask: _Ask, host: str) -> _Ask:
        """The request as the host's habits, learned while it waited its turn, say to ask
        it: with GET once HEAD has proved unreliable, as a browser once only browsers get in."""
        habits = self._habits.of(host)
        if ask.method == "HEAD" and habits.head_unreliable:
            habits.heads -= 1  # counted when HEAD was chosen; never sent
            ask = replace(ask, method="GET")
        if habits.browsers_only and not ask.browser and self._settings.browser_user_agent:
            ask = replace(ask, browser=True)
        return ask

    def _headers(self, ask: _Ask, host: str) -> dict[str, str]:
        user_agent = self._settings.user_agent
        if ask.browser and self._settings.browser_user_agent:
            user_agent = self._settings.browser_user_agent
        headers = {
            "User-Agent": user_agent,
            "Accept": BROWSER_ACCEPT,
            "Accept-Encoding": ACCEPT_ENCODING,
            "Accept-Language": "en",
        }
        host_settings = self._settings.hosts.get(host)  # `hostname` lower-cases it
        if host_settings is not None:
            headers.update(host_settings.headers)
        if (
            ask.first_hop
            and self._settings.github_token
            and host in _GITHUB_TOKEN_HOSTS
            and urlsplit(ask.url).scheme == "https"  # never in clear text
        ):
            headers["Authorization"] = f"Bearer {self._settings.github_token}"
        return headers

    def _heard_from(self, host: str, answer: _Answer, seconds: float, on_the_wire: int) -> None:
        """Tell the host's gate how it answered: promptly, or asking to slow down.
        `on_the_wire`: what the gate's slot gave for the request."""
        gate = self._gate_for(host)
        retry_after = retry_after_seconds(answer.headers.get("retry-after"), self._wall_clock())
        if answer.status == 429 or (answer.status == 503 and retry_after is not None):
            sent_at = self._clock() - seconds
            gate.slow_down(
                retry_after,
                rate_limited=answer.status == 429,
                sent_at=sent_at,
                on_the_wire=on_the_wire,
            )
        else:
            gate.answered(seconds, self._lag.current, on_the_wire)
            self._latencies.add(seconds)

    async def _exchange(
        self,
        transport: httpx.AsyncBaseTransport,
        method: str,
        url: str,
        headers: dict[str, str],
        ask: _Ask,
    ) -> _Answer:
        request = httpx.Request(
            method, url, headers=headers, extensions=self._settings.request_timeouts
        )
        cookies = ask.cookies
        if cookies is not None:
            cookies.set_cookie_header(request)
        response = await transport.handle_async_request(request)
        self._answered()
        response.request = request
        try:
            if "set-cookie" in response.headers and response.status_code in REDIRECTS:
                cookies = httpx.Cookies(cookies)
                cookies.extract_cookies(response)
            status = response.status_code
            content_type = response.headers.get("content-type", "").lower()
            is_html = "html" in content_type or not content_type
            body = b""
            truncated = False
            unreadable = None
            if method == "HEAD":
                await response.aread()  # nothing to read; lets the connection be reused
            elif ask.want_body and 200 <= status < 300 and is_html:
                try:
                    body = await read_prefix(response, self._settings.body_limit, strict=True)
                except Undecodable as error:
                    unreadable = str(error) or "unknown encoding"
                truncated = len(body) >= self._settings.body_limit
            elif ask.peek and 200 <= status < 300 and is_html:
                # A small answer is read to its end, so that the connection can be reused;
                # a larger one only as far as is looked at (the connection is then closed).
                limit = _SMALL_DECODED if _small(response) else rot.PEEK_LIMIT
                body = (await read_prefix(response, limit))[: rot.PEEK_LIMIT]
            elif status in (403, 429, 503):
                body = await read_prefix(response, _CHALLENGE_PEEK)
            elif _small(response):
                await read_prefix(response, _REUSE_LIMIT)  # cheaper than a new connection
            return _Answer(
                status,
                response.headers,
                body,
                is_html,
                truncated,
                unreadable,
                method=method,
                browser=ask.browser,
                cookies=cookies,
            )
        finally:
            await response.aclose()

    def _screen(self, method: str, answer: _Answer) -> _Answer | PageResult:
        """Settle bot walls and transient answers; pass on everything else."""
        status = answer.status
        if status in self._settings.accept:
            return answer
        if is_challenge(status, answer.headers, answer.body):
            return PageResult(
                Verdict(
                    LinkState.BLOCKED,
                    status,
                    error=f"HTTP {status}: bot challenge page",
                    reason="bot-challenge",
                )
            )
        retry_after = retry_after_seconds(answer.headers.get("retry-after"), self._wall_clock())
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
            )
        asked_to_wait = status == 503 and retry_after is not None  # the server, not HEAD
        if method == "HEAD" and status in HEAD_UNRELIABLE and not asked_to_wait:
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
                Verdict(LinkState.BROKEN, error=str(unresolved), reason="dns"),
                no_network=True,
                sent=False,
            )
        if isinstance(error, httpx.TimeoutException):
            raise _Transient(
                timed_out_result(),
                after_sending=not isinstance(error, httpx.ConnectTimeout),
            )
        if isinstance(cause, ssl.SSLError):
            reason = getattr(cause, "verify_message", None) or getattr(cause, "reason", None)
            return PageResult(
                Verdict(LinkState.BROKEN, error=f"TLS: {reason or cause}", reason="tls")
            )
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
                return PageResult(
                    Verdict(LinkState.BROKEN, error="connection refused", reason="refused")
                )
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


class _Flight:
    """One request's attempts: the first runs in the checking task itself; a further one,
    rarely needed, in the run's task group (see `PageChecker._hedged` for the rules)."""

    def __init__(self, checker: PageChecker, hedges: TaskGroup, ask: _Ask, allowed: int):
        self._checker = checker
        self._hedges = hedges
        self._ask = ask
        self._allowed = allowed
        self._host = hostname(ask.url)
        self._started = 0
        self._sent: list[str] = []  # the methods of the attempts sent so far
        self._timed_out: list[_Transient] = []
        self._scopes: list[anyio.CancelScope] = []  # of the attempts under way
        self._beside_scope: anyio.CancelScope | None = None  # of the attempt beside
        self._beside_watch = object()  # its key in the overdue watch
        self._first_place: Place | None = None  # the first attempt's, once sent
        self._outcome: _Arrival | None = None
        self._decided: anyio.Event | None = None
        self._over = False  # the flight has ended: no attempt is to start any more

    async def fly(self) -> tuple[_Arrival, int]:
        try:
            self._started = 1
            arrival = await self._run(self._ask, False)
            self._checker._overdue.discard(self)  # the first attempt is over: not overdue
            if arrival is not None:
                self._arrive(arrival)
            if self._outcome is None:
                self._decided = anyio.Event()
                await self._decided.wait()
            assert self._outcome is not None
            return self._outcome, max(len(self._sent), 1)
        finally:
            self._end()  # cancelled from outside, or decided: no attempt is needed any more

    async def _run(self, how: _Ask, hedge: bool) -> _Arrival | None:
        """One attempt; None when the flight was decided without it."""
        with anyio.CancelScope() as scope:
            self._scopes.append(scope)
            if hedge:
                self._beside_scope = scope
            try:
                return await self._checker._attempt(how, hedge, self._on_sent)
            except _Transient as transient:
                return transient
            finally:
                self._scopes.remove(scope)
        return None

    def _start_beside(self) -> None:
        """A further attempt, in the run's task group; counted as started at once."""
        self._started += 1
        self._hedges.start_soon(self._beside, _further(self._ask, self._timed_out))

    async def _beside(self, how: _Ask) -> None:
        if self._over:  # decided, or given up, before this task got its turn
            return
        arrival = await self._run(how, True)
        self._checker._overdue.discard(self._beside_watch)  # over: it cannot be overdue
        if arrival is not None:
            self._arrive(arrival)

    def _on_sent(self, method: str, place: Place) -> None:
        first = not self._sent
        self._sent.append(method)
        if first:
            self._first_place = place
            due = anyio.current_time() + self._checker._hedge_delay(self._host)
            self._checker._overdue.add(self, due, self._overdue)
        elif not first and method == self._sent[0]:  # not a GET beside a HEAD: it may be answered
            due = anyio.current_time() + self._checker._hedge_delay(self._host)
            self._checker._overdue.add(self._beside_watch, due, self._beside_overdue)

    def _overdue(self) -> None:
        """No answer for much too long: its place in the host's window goes to the next
        page, and one attempt beside."""
        if self._outcome is None and self._first_place is not None:
            self._first_place.set_aside()
        if self._outcome is None and self._started < min(self._allowed, 2):
            self._start_beside()

    def _beside_overdue(self) -> None:
        """The attempt beside, asking what the first asks, has had no answer for as long as
        the first had when it started: the page itself is what takes so long (a lost request
        would have been answered by now). Each unanswered request holds one of the places the
        host serves at once, so the one beside is dropped and counts as timed out; the first
        waits out its timeout."""
        first_waiting = not self._timed_out
        if self._outcome is None and first_waiting and self._beside_scope is not None:
            self._beside_scope.cancel()
            self._arrive(_Transient(timed_out_result(), after_sending=True))

    def _arrive(self, arrival: _Arrival) -> None:
        if self._outcome is not None:
            return
        if not (isinstance(arrival, _Transient) and arrival.timed_out):
            self._decide(arrival)
            return
        self._timed_out.append(arrival)
        if len(self._timed_out) < len(self._sent):
            return  # others sent are still waiting for their answer
        if self._ask.method != "HEAD" or "GET" in self._sent or self._started >= self._allowed:
            self._checker._gate_for(self._host).timed_out()
            self._decide(self._timed_out[0])
        elif self._started == len(self._sent):  # only HEADs, none waiting: GET, as a HEAD may hang
            self._start_beside()

    def _decide(self, outcome: _Arrival) -> None:
        self._outcome = outcome
        self._end()
        if self._decided is not None:
            self._decided.set()

    def _end(self) -> None:
        """No attempt starts any more, and those under way are cancelled."""
        self._over = True
        self._checker._overdue.discard(self)
        self._checker._overdue.discard(self._beside_watch)
        for scope in self._scopes:
            scope.cancel()
