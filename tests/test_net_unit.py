"""Unit tests of the network engine (net/): every exchange is mocked, no test waits.

Responses come from a respx router behind `httpx.MockTransport`; connection failures are
raised by the harness itself (respx replaces an exception's `__cause__`, which the engine
reads). The clock is fake: its `sleep` records the delay and moves the clock on.
"""

from __future__ import annotations

import email.utils
import errno
import random
import re
import socket
import ssl
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import anyio
import anyio.lowlevel
import httpcore
import httpx
import pytest
import respx

from roadmap_lint.model import LinkState
from roadmap_lint.net.check import PageChecker, PageResult
from roadmap_lint.net.policy import AddressPolicy
from roadmap_lint.net.politeness import REFUSING_AFTER, HostGate, PriorityLimiter
from roadmap_lint.net.resolver import LookupThreads
from roadmap_lint.net.run import LinkRun, RunResult
from roadmap_lint.net.settings import BROWSER_ACCEPT, GithubLane, NetSettings
from roadmap_lint.net.transport import AddressRefused, GuardedBackend, NameNotResolved

# ---------------------------------------------------------------------------------------------
# harness


class FakeClock:
    """A monotonic clock that only moves when the code under test sleeps."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)
        await anyio.lowlevel.checkpoint()


class FixedRandom(random.Random):
    """`random()` always returns the same value: jitter becomes predictable."""

    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


class CountingStream(httpx.AsyncByteStream):
    """An endless body that counts the chunks the client pulled from it."""

    def __init__(self, first: bytes = b"", chunk: int = 100) -> None:
        self.first = first
        self.chunk = chunk
        self.pulled = 0
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            self.pulled += 1
            if self.pulled > 10_000:  # fail, never hang, when a limit is not honoured
                raise AssertionError("the client read far more of the body than allowed")
            if self.pulled == 1 and self.first:
                yield self.first.ljust(self.chunk, b" ")
            else:
                yield b"x" * self.chunk

    async def aclose(self) -> None:
        self.closed = True


class Net:
    """A fake internet: a respx router for answers, queued exceptions for failures."""

    def __init__(self) -> None:
        self.router = respx.MockRouter(assert_all_called=False)  # unmatched requests fail loudly
        self.requests: list[httpx.Request] = []
        self.failures: dict[str, list[Callable[[], Exception]]] = {}
        self.clock = FakeClock()

    def fail(self, url: str, *errors: Callable[[], Exception]) -> None:
        """The next requests to `url` raise these errors, in order; then the router answers."""
        self.failures.setdefault(url, []).extend(errors)

    async def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        pending = self.failures.get(str(request.url))
        if pending:
            raise pending.pop(0)()
        return await self.router.async_handler(request)

    def client(self, host: str, settings: NetSettings) -> httpx.AsyncBaseTransport:
        return httpx.MockTransport(self.handler)

    def run(
        self, urls: Iterable[str], settings: NetSettings | None = None, jitter: float = 0.5
    ) -> RunResult:
        link_run = LinkRun(
            settings or NetSettings(),
            client_factory=self.client,
            clock=self.clock,
            sleep=self.clock.sleep,
            rng=FixedRandom(jitter),
        )
        return anyio.run(link_run.check, list(urls))

    def seen(self) -> list[tuple[str, str]]:
        return [(request.method, str(request.url)) for request in self.requests]


@pytest.fixture
def net() -> Net:
    return Net()


def html(body: str, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(
        status, headers={"content-type": "text/html; charset=utf-8", **headers}, text=body
    )


def redirect(status: int, location: str) -> httpx.Response:
    return httpx.Response(status, headers={"location": location})


def caused(error: Exception, cause: BaseException) -> Callable[[], Exception]:
    """A factory for `error` raised from `cause`, as the real transport raises it."""

    def make() -> Exception:
        error.__cause__ = cause
        return error

    return make


def dns_failure(host: str) -> Callable[[], Exception]:
    return caused(
        httpx.ConnectError(f"DNS lookup failed for {host}"),
        NameNotResolved(f"DNS lookup failed for {host}: Name or service not known"),
    )


A = "https://a.example/page"
B = "https://b.example/page"
# With `soft_404` on (the default), a plain check is one GET that reads the start of an HTML
# page. HEAD first, and a GET only when needed, is what runs with it off: the tests of HEAD's
# habits use that.
HEAD_FIRST = NetSettings(soft_404=False)


# ---------------------------------------------------------------------------------------------
# deduplication, GET or HEAD first, bodies


def test_each_page_is_requested_once_and_fragments_share_the_fetch(net: Net) -> None:
    net.router.get(A).mock(return_value=html('<h2 id="intro">x</h2><a name="usage"></a>'))
    net.router.get(B).respond(200)
    urls = [A, A, f"{A}#intro", f"{A}#usage", f"{A}#top", f"{A}#intro", B, B]

    result = net.run(urls)

    assert sorted(net.seen()) == [("GET", A), ("GET", B)]
    assert result.requests == 2
    assert set(result.verdicts) == {A, f"{A}#intro", f"{A}#usage", f"{A}#top", B}
    assert {v.state for v in result.verdicts.values()} == {LinkState.OK}
    assert result.verdicts[B].http_status == 200


def test_plain_check_is_one_head_request_with_browser_like_headers(net: Net) -> None:
    net.router.head(A).respond(200)
    settings = NetSettings(user_agent="test-agent/1.0", github_token="secret", soft_404=False)

    result = net.run([A], settings)

    assert net.seen() == [("HEAD", A)]
    request = net.requests[0]
    assert request.headers["user-agent"] == "test-agent/1.0"
    assert request.headers["accept"] == BROWSER_ACCEPT
    assert "text/html" in request.headers["accept"]
    assert "authorization" not in request.headers  # the token is for github.com only
    verdict = result.verdicts[A]
    assert (verdict.state, verdict.http_status, verdict.final_url, verdict.error) == (
        LinkState.OK,
        200,
        None,
        None,
    )


@pytest.mark.parametrize("head_status", [400, 401, 403, 404, 405, 406, 500, 501, 503, 999])
def test_get_when_head_is_refused_or_unreliable(net: Net, head_status: int) -> None:
    net.router.head(A).respond(head_status)
    net.router.get(A).respond(200)

    result = net.run([A], HEAD_FIRST)

    assert net.seen() == [("HEAD", A), ("GET", A)]
    assert result.verdicts[A].state is LinkState.OK
    assert result.requests == 2
    assert net.clock.sleeps == []


def pages(host: str, count: int) -> list[str]:
    return [f"https://{host}/page/{index}" for index in range(count)]


def test_a_host_that_refuses_head_is_asked_with_get_at_once(net: Net) -> None:
    urls = pages("nohead.example", 20)
    net.router.route(method="HEAD", host="nohead.example").respond(405)
    net.router.route(method="GET", host="nohead.example").respond(200)

    result = net.run(urls, NetSettings(max_per_host=1, soft_404=False))

    assert {result.verdicts[url].state for url in urls} == {LinkState.OK}
    assert [method for method, _ in net.seen()] == ["HEAD", "GET"] + ["GET"] * 19


def test_a_head_that_wrongly_says_not_found_never_makes_a_live_page_broken(net: Net) -> None:
    urls = pages("liar.example", 20)
    net.router.route(method="HEAD", host="liar.example").respond(404)
    net.router.route(method="GET", host="liar.example").respond(200)

    result = net.run(urls, NetSettings(max_per_host=8, soft_404=False))

    assert {result.verdicts[url].state for url in urls} == {LinkState.OK}
    assert result.requests <= 20 + 8  # rechecked only while HEADs were in flight


def test_many_dead_links_on_one_host_cost_little_more_than_one_request_each(net: Net) -> None:
    urls = pages("rotting.example", 60)
    dead = set(urls[::3])
    for url in urls:
        status = 404 if url in dead else 200
        net.router.head(url).respond(status)
        net.router.get(url).respond(status)

    result = net.run(urls, NetSettings(max_per_host=1, soft_404=False))

    states = {url: result.verdicts[url].state for url in urls}
    assert states == {url: LinkState.BROKEN if url in dead else LinkState.OK for url in urls}
    assert result.requests <= 1.15 * len(urls)
    assert net.seen()[-1][0] == "GET"  # past the first few dead links, GET at once


def test_a_few_dead_links_are_each_confirmed_with_get(net: Net) -> None:
    urls = pages("tidy.example", 40)
    for url in urls:
        status = 410 if url in urls[-2:] else 200
        net.router.head(url).respond(status)
        net.router.get(url).respond(status)

    result = net.run(urls, NetSettings(max_per_host=1, soft_404=False))

    assert [url for url in urls if result.verdicts[url].state is LinkState.BROKEN] == urls[-2:]
    assert [(method, url) for method, url in net.seen() if method == "GET"] == [
        ("GET", url) for url in urls[-2:]
    ]


def test_a_host_that_lets_only_browsers_in_is_asked_as_a_browser_at_once(net: Net) -> None:
    browser = "Mozilla/5.0 (X11; Linux x86_64) roadmap-lint/1"
    urls = pages("walled.example", 10)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200 if request.headers["User-Agent"] == browser else 403)

    net.router.route(host="walled.example").mock(side_effect=answer)

    result = net.run(urls, NetSettings(browser_user_agent=browser, max_per_host=1))

    assert {result.verdicts[url].state for url in urls} == {LinkState.OK}
    assert result.requests == 2 + 9  # GET, GET as a browser; then one each


def test_plain_get_reads_no_body_with_soft_404_off(net: Net) -> None:
    stream = CountingStream()
    net.router.head(A).respond(405)
    net.router.get(A).mock(
        return_value=httpx.Response(200, headers={"content-type": "text/html"}, stream=stream)
    )

    result = net.run([A], HEAD_FIRST)

    assert result.verdicts[A].state is LinkState.OK
    assert stream.pulled == 0
    assert stream.closed


def test_fragment_check_reads_a_bounded_prefix_of_a_streamed_body(net: Net) -> None:
    stream = CountingStream(first=b'<html><h2 id="intro">Intro</h2>', chunk=100)
    net.router.get(A).mock(
        return_value=httpx.Response(200, headers={"content-type": "text/html"}, stream=stream)
    )

    result = net.run([f"{A}#intro"], NetSettings(body_limit=1000))  # the body never ends

    assert net.seen() == [("GET", A)]  # no HEAD: the body is needed
    assert result.verdicts[f"{A}#intro"].state is LinkState.OK
    assert 1 <= stream.pulled <= 11
    assert stream.closed


def test_fragment_beyond_the_body_limit_is_not_called_broken(net: Net) -> None:
    stream = CountingStream(first=b"<html><p>long page</p>", chunk=100)
    net.router.get(A).mock(
        return_value=httpx.Response(200, headers={"content-type": "text/html"}, stream=stream)
    )

    result = net.run([f"{A}#far-down"], NetSettings(body_limit=1000))

    assert result.verdicts[f"{A}#far-down"].state is not LinkState.BROKEN


def test_non_html_pages_are_not_searched_for_fragments(net: Net) -> None:
    stream = CountingStream()
    net.router.get(A).mock(
        return_value=httpx.Response(200, headers={"content-type": "application/pdf"}, stream=stream)
    )

    result = net.run([f"{A}#page=3"])

    verdict = result.verdicts[f"{A}#page=3"]
    assert verdict.state is LinkState.OK
    assert not verdict.fragment_missing
    assert stream.pulled == 0


# ---------------------------------------------------------------------------------------------
# retries, backoff, Retry-After, host pauses


def test_transient_status_is_retried_with_exponential_backoff(net: Net) -> None:
    net.router.get(A).mock(
        side_effect=[httpx.Response(504), httpx.Response(408), httpx.Response(200)]
    )

    result = net.run([A], NetSettings(retries=3, backoff_base=1.0))

    assert result.verdicts[A].state is LinkState.OK
    assert result.requests == 3
    assert net.clock.sleeps == [1.0, 2.0]  # jitter factor 0.5 + 0.5 = 1


@pytest.mark.parametrize(("jitter", "expected"), [(0.0, [0.5, 1.0, 2.0]), (0.9, [1.4, 2.8, 5.6])])
def test_backoff_jitter_stays_within_half_and_one_and_a_half(
    net: Net, jitter: float, expected: list[float]
) -> None:
    net.router.get(A).respond(504)

    result = net.run([A], NetSettings(retries=3, backoff_base=1.0), jitter=jitter)

    assert net.clock.sleeps == pytest.approx(expected)
    assert result.requests == 4
    verdict = result.verdicts[A]
    assert (verdict.state, verdict.http_status) == (LinkState.BROKEN, 504)


def test_persistent_5xx_is_broken_after_retries(net: Net) -> None:
    net.router.get(A).respond(500)

    result = net.run([A], NetSettings(retries=2, backoff_base=1.0))

    verdict = result.verdicts[A]
    assert verdict.state is LinkState.BROKEN
    assert verdict.http_status == 500
    assert "after retries" in (verdict.error or "")
    assert net.seen() == [("GET", A)] * 3
    assert result.requests == 3
    assert net.clock.sleeps == [1.0, 2.0]


def test_timeouts_are_retried_then_broken(net: Net) -> None:
    net.fail(A, *[lambda: httpx.ReadTimeout("read timed out")] * 4)

    result = net.run([A], NetSettings(retries=2, backoff_base=1.0, soft_404=False))

    verdict = result.verdicts[A]
    assert (verdict.state, verdict.error) == (LinkState.BROKEN, "timed out")
    # HEAD unanswered: one GET (a server may ignore HEAD), no more: a timeout is not a
    # failure that another attempt cures, and each would cost a timeout more.
    assert [r.method for r in net.requests] == ["HEAD", "GET"]
    assert result.requests == 2
    assert net.clock.sleeps == []


def test_a_server_that_ignores_head_is_asked_with_get(net: Net) -> None:
    net.fail(A, lambda: httpx.ReadTimeout("read timed out"))
    net.router.get(A).respond(200)

    result = net.run([A], NetSettings(retries=2, backoff_base=1.0, soft_404=False))

    assert result.verdicts[A].state is LinkState.OK
    assert [r.method for r in net.requests] == ["HEAD", "GET"]
    assert net.clock.sleeps == []


def test_a_connect_timeout_is_not_asked_again_with_get(net: Net) -> None:
    net.fail(A, *[lambda: httpx.ConnectTimeout("connect timed out")] * 2)

    result = net.run([A], NetSettings(retries=1, backoff_base=1.0, soft_404=False))

    assert result.verdicts[A].state is LinkState.BROKEN
    assert [r.method for r in net.requests] == ["HEAD", "HEAD"]


def test_a_timeout_that_clears_is_ok(net: Net) -> None:
    net.fail(A, lambda: httpx.ConnectTimeout("connect timed out"))
    net.router.head(A).respond(200)

    result = net.run([A], NetSettings(backoff_base=1.0, soft_404=False))

    assert result.verdicts[A].state is LinkState.OK
    assert result.requests == 2
    assert net.clock.sleeps == []  # no back-off after a timeout: the next attempt at once


def test_resets_are_retried_and_never_called_broken(net: Net) -> None:
    net.fail(A, *[lambda: httpx.ReadError("Connection reset by peer")] * 4)

    result = net.run([A], NetSettings(retries=2, backoff_base=1.0))

    verdict = result.verdicts[A]
    assert verdict.state is LinkState.UNKNOWN
    assert "reset" in (verdict.error or "")
    assert [r.method for r in net.requests] == ["GET", "GET", "GET"]  # retries + 1 in all
    assert net.clock.sleeps == [1.0, 2.0]


def test_a_reset_while_connecting_is_retried(net: Net) -> None:
    reset = ConnectionResetError(errno.ECONNRESET, "Connection reset by peer")
    net.fail(A, caused(httpx.ConnectError("Connection reset by peer"), reset))
    net.router.get(A).respond(200)

    result = net.run([A], NetSettings(backoff_base=1.0))

    assert result.verdicts[A].state is LinkState.OK
    assert result.requests == 2
    assert net.clock.sleeps == [1.0]


def test_retry_after_seconds_on_429_pauses_the_host(net: Net) -> None:
    net.router.get(A).mock(
        side_effect=[httpx.Response(429, headers={"retry-after": "7"}), httpx.Response(200)]
    )
    net.router.get(B).respond(200)

    result = net.run([A, B])

    assert result.verdicts[A].state is LinkState.OK
    assert result.verdicts[B].state is LinkState.OK
    assert result.requests == 3
    assert net.clock.sleeps == [7.0]  # one wait, for a.example only


def test_retry_after_on_503_is_honoured(net: Net) -> None:
    net.router.get(A).mock(
        side_effect=[httpx.Response(503, headers={"retry-after": "3"}), httpx.Response(200)]
    )

    result = net.run([A])

    assert result.verdicts[A].state is LinkState.OK
    assert net.clock.sleeps == [3.0]


def test_a_head_asked_to_wait_waits_before_asking_again(net: Net) -> None:
    net.router.head(A).mock(
        side_effect=[httpx.Response(503, headers={"retry-after": "2"}), httpx.Response(200)]
    )

    result = net.run([A], HEAD_FIRST)

    assert result.verdicts[A].state is LinkState.OK
    assert net.seen() == [("HEAD", A), ("HEAD", A)]  # the server was busy; HEAD was not at fault
    assert net.clock.sleeps == [2.0]


@pytest.mark.parametrize("retry_after", ["3600", "Wed, 21 Oct 2099 07:28:00 GMT"])
def test_retry_after_beyond_the_cap_gives_up_as_blocked(net: Net, retry_after: str) -> None:
    net.router.get(A).respond(429, headers={"retry-after": retry_after})

    result = net.run([A], NetSettings(retry_after_cap=60.0))

    verdict = result.verdicts[A]
    assert (verdict.state, verdict.http_status) == (LinkState.BLOCKED, 429)
    assert result.requests == 1
    assert net.clock.sleeps == []


def test_503_asking_for_a_long_wait_is_unknown_not_broken(net: Net) -> None:
    net.router.get(A).respond(503, headers={"retry-after": "3600"})

    result = net.run([A], NetSettings(retry_after_cap=60.0))

    verdict = result.verdicts[A]
    assert (verdict.state, verdict.http_status) == (LinkState.UNKNOWN, 503)
    assert "Retry-After 3600s" in (verdict.error or "")
    assert result.requests == 1
    assert net.clock.sleeps == []


def test_429_that_never_clears_is_blocked(net: Net) -> None:
    net.router.get(A).respond(429)

    result = net.run([A], NetSettings(retries=2, backoff_base=1.0))

    verdict = result.verdicts[A]
    assert verdict.state is LinkState.BLOCKED
    assert "429" in (verdict.error or "")
    # Asked again, backing off, until the host has refused this many times in a row.
    assert result.requests == REFUSING_AFTER
    assert sum(net.clock.sleeps) <= NetSettings().retry_after_cap


def test_a_server_that_asks_to_wait_is_asked_again_whatever_the_retries(net: Net) -> None:
    busy = httpx.Response(429, headers={"retry-after": "1"})
    net.router.get(A).mock(side_effect=[busy, busy, busy, httpx.Response(200)])

    result = net.run([A], NetSettings(retries=0))

    assert result.verdicts[A].state is LinkState.OK
    assert result.requests == 4
    assert net.clock.now >= 3.0  # each retry waited at least its Retry-After


def test_waits_a_server_asks_for_stop_at_the_retry_after_cap(net: Net) -> None:
    net.router.get(A).respond(429, headers={"retry-after": "25"})

    result = net.run([A], NetSettings(retry_after_cap=60.0))

    assert result.verdicts[A].state is LinkState.BLOCKED
    assert result.requests == 3  # 25 s + 25 s waited; a third wait would pass 60 s


class SpyGate(HostGate):
    def __init__(self, clock: FakeClock) -> None:
        super().__init__(4, 0.0, clock, clock.sleep)
        self.pauses: list[float] = []
        self.slow_downs: list[float | None] = []
        self.under_way: list[bool] = []  # for each request, whether its page was under way

    async def _acquire(self, hedge: bool, under_way: bool) -> None:
        self.under_way.append(under_way)
        await super()._acquire(hedge, under_way)

    def pause(self, seconds: float) -> None:
        self.pauses.append(seconds)
        super().pause(seconds)

    def slow_down(
        self,
        retry_after: float | None,
        rate_limited: bool = True,
        sent_at: float | None = None,
        on_the_wire: int | None = None,
    ) -> None:
        self.slow_downs.append(retry_after)
        super().slow_down(retry_after, rate_limited, sent_at, on_the_wire)


def test_retry_after_http_date_slows_only_that_host(net: Net) -> None:
    wall = 1_700_000_000.0
    net.router.get(A).mock(
        side_effect=[
            httpx.Response(
                429, headers={"retry-after": email.utils.formatdate(wall + 30, usegmt=True)}
            ),
            httpx.Response(200),
        ]
    )
    net.router.get(B).respond(200)
    gates: dict[str, SpyGate] = {}
    clients: dict[str, httpx.AsyncBaseTransport] = {}

    def gate_for(host: str) -> SpyGate:
        return gates.setdefault(host, SpyGate(net.clock))

    def client_for(host: str) -> httpx.AsyncBaseTransport:
        return clients.setdefault(host, net.client(host, NetSettings()))

    checker = PageChecker(
        NetSettings(),
        client_for,
        gate_for,
        PriorityLimiter(10, lambda host: 0),
        clock=net.clock,
        wall_clock=lambda: wall,
        sleep=net.clock.sleep,
        rng=FixedRandom(0.5),
    )

    async def main() -> tuple[PageResult, PageResult]:
        return await checker.check(A, False), await checker.check(B, False)

    a, b = anyio.run(main)

    assert (a.state, a.requests, b.state, b.requests) == (LinkState.OK, 2, LinkState.OK, 1)
    # The request that got the 429 waits its Retry-After; its host takes fewer requests at
    # once (halved to 2; with one request on the wire, a limit per second: paced, and the
    # window grows back only when all of it is in use) but is not paused for one 429; the
    # other host is untouched.
    assert gates["a.example"].slow_downs == [30.0]
    assert gates["a.example"].pauses == []
    assert gates["a.example"].window == 2
    assert gates["a.example"].pacing.rate() is not None
    assert gates["a.example"].under_way == [False, True]  # the retry goes before new pages
    assert gates["b.example"].slow_downs == []
    assert net.clock.sleeps == [30.0]


def test_a_paused_host_does_not_hold_up_another_host() -> None:
    clock = FakeClock()
    paused = HostGate(4, 0.0, clock, clock.sleep)
    other = HostGate(4, 0.0, clock, clock.sleep)
    paused.pause(5.0)

    async def main() -> None:
        async with other.slot():
            assert clock.sleeps == []
        async with paused.slot():
            assert clock.sleeps == [5.0]

    anyio.run(main)


# ---------------------------------------------------------------------------------------------
# redirects


def test_permanent_redirect_chain_is_redirected_with_final_url(net: Net) -> None:
    net.router.get(A).mock(return_value=redirect(301, "https://a.example/moved"))
    net.router.get("https://a.example/moved").mock(
        return_value=redirect(308, "https://c.example/final")
    )
    net.router.get("https://c.example/final").respond(200)

    result = net.run([A])

    verdict = result.verdicts[A]
    assert (verdict.state, verdict.final_url) == (LinkState.REDIRECTED, "https://c.example/final")
    assert result.requests == 3


@pytest.mark.parametrize("status", [302, 303, 307])
def test_temporary_redirect_is_ok(net: Net, status: int) -> None:
    net.router.get(A).mock(return_value=redirect(status, "/login?next=page"))
    net.router.get("https://a.example/login?next=page").respond(200)

    result = net.run([A])

    verdict = result.verdicts[A]
    assert (verdict.state, verdict.final_url) == (LinkState.OK, None)
    assert net.seen()[-1] == ("GET", "https://a.example/login?next=page")  # relative Location


def test_redirect_keeps_the_fragment_in_final_url(net: Net) -> None:
    net.router.get(A).mock(return_value=redirect(301, "https://a.example/new"))
    net.router.get("https://a.example/new").mock(return_value=html('<p id="intro"></p>'))

    result = net.run([f"{A}#intro"])

    verdict = result.verdicts[f"{A}#intro"]
    assert (verdict.state, verdict.final_url) == (
        LinkState.REDIRECTED,
        "https://a.example/new#intro",
    )


def test_redirect_loop_is_broken(net: Net) -> None:
    net.router.get(A).mock(return_value=redirect(301, "https://a.example/other"))
    net.router.get("https://a.example/other").mock(return_value=redirect(302, A))

    result = net.run([A])

    verdict = result.verdicts[A]
    assert (verdict.state, verdict.error) == (LinkState.BROKEN, "redirect loop")
    assert result.requests == 2


@pytest.mark.parametrize(("hops", "state"), [(3, LinkState.REDIRECTED), (4, LinkState.BROKEN)])
def test_too_many_redirects_is_broken(net: Net, hops: int, state: LinkState) -> None:
    for hop in range(hops):
        net.router.get(f"https://a.example/{hop}").mock(
            return_value=redirect(301, f"https://a.example/{hop + 1}")
        )
    net.router.get(f"https://a.example/{hops}").respond(200)

    result = net.run(["https://a.example/0"], NetSettings(max_redirects=3))

    verdict = result.verdicts["https://a.example/0"]
    assert verdict.state is state
    if state is LinkState.BROKEN:
        assert verdict.error == "too many redirects"
        assert result.requests == 4
    else:
        assert verdict.final_url == "https://a.example/3"


# ---------------------------------------------------------------------------------------------
# verdicts


@pytest.mark.parametrize(
    ("status", "state"),
    [
        (404, LinkState.BROKEN),
        (410, LinkState.BROKEN),
        (400, LinkState.BROKEN),
        (422, LinkState.BROKEN),
        (401, LinkState.BLOCKED),
        (403, LinkState.BLOCKED),
        (999, LinkState.BLOCKED),
    ],
)
def test_status_verdicts_after_get(net: Net, status: int, state: LinkState) -> None:
    net.router.get(A).respond(status)

    result = net.run([A])

    verdict = result.verdicts[A]
    assert (verdict.state, verdict.http_status) == (state, status)
    assert net.seen() == [("GET", A)]  # definite answers are not retried
    assert net.clock.sleeps == []


def test_cloudflare_challenge_header_is_blocked(net: Net) -> None:
    net.router.get(A).respond(403, headers={"cf-mitigated": "challenge"})

    result = net.run([A])

    verdict = result.verdicts[A]
    assert verdict.state is LinkState.BLOCKED
    assert "challenge" in (verdict.error or "")
    assert result.requests == 1


@pytest.mark.parametrize("status", [403, 503])
def test_just_a_moment_page_is_blocked_and_not_retried(net: Net, status: int) -> None:
    net.router.get(A).mock(
        return_value=html("<html><head><title>Just a moment...</title></head></html>", status)
    )

    result = net.run([A])

    verdict = result.verdicts[A]
    assert (verdict.state, verdict.http_status) == (LinkState.BLOCKED, status)
    assert "challenge" in (verdict.error or "")
    assert result.requests == 1
    assert net.clock.sleeps == []


def test_connection_refused_is_broken_without_retries(net: Net) -> None:
    refused = ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
    net.fail(A, caused(httpx.ConnectError("[Errno 111] Connection refused"), refused))

    result = net.run([A])

    verdict = result.verdicts[A]
    assert (verdict.state, verdict.error) == (LinkState.BROKEN, "connection refused")
    assert result.requests == 1
    assert net.clock.sleeps == []


def test_tls_failure_is_broken(net: Net) -> None:
    tls = ssl.SSLCertVerificationError(1, "certificate verify failed: hostname mismatch")
    net.fail(A, caused(httpx.ConnectError("certificate verify failed"), tls))

    result = net.run([A])

    verdict = result.verdicts[A]
    assert verdict.state is LinkState.BROKEN
    assert (verdict.error or "").startswith("TLS: ")
    assert result.requests == 1


def test_dns_failure_is_broken_when_other_hosts_answer(net: Net) -> None:
    net.fail(A, dns_failure("a.example"))
    net.router.get(B).respond(200)

    result = net.run([A, B])

    assert result.verdicts[A].state is LinkState.BROKEN
    assert "DNS" in (result.verdicts[A].error or "")
    assert result.verdicts[B].state is LinkState.OK
    assert result.no_network == 0


def test_no_network_at_all_is_unknown_not_broken(net: Net) -> None:
    net.fail(A, dns_failure("a.example"))
    net.fail(B, dns_failure("b.example"))

    result = net.run([A, f"{A}#intro", B])

    assert {url: v.state for url, v in result.verdicts.items()} == {
        A: LinkState.UNKNOWN,
        f"{A}#intro": LinkState.UNKNOWN,
        B: LinkState.UNKNOWN,
    }
    assert result.no_network == 3
    assert result.requests == 0  # a name that does not resolve: nothing was sent, nor retried


def test_dns_failure_through_the_real_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    async def no_dns(host: str, port: int, **kwargs: object) -> list[object]:
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(anyio, "getaddrinfo", no_dns)
    clock = FakeClock()
    link_run = LinkRun(NetSettings(), clock=clock, sleep=clock.sleep, rng=FixedRandom(0.5))

    result = anyio.run(link_run.check, [A])

    assert asked == ["a.example"]
    assert result.verdicts[A].state is LinkState.UNKNOWN
    assert result.no_network == 1


def test_private_address_is_refused_by_the_real_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    async def metadata(host: str, port: int, **kwargs: object) -> list[object]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", port))]

    monkeypatch.setattr(anyio, "getaddrinfo", metadata)
    clock = FakeClock()
    link_run = LinkRun(NetSettings(), clock=clock, sleep=clock.sleep, rng=FixedRandom(0.5))

    result = anyio.run(link_run.check, [A])

    verdict = result.verdicts[A]
    assert verdict.state is LinkState.EXCLUDED
    assert "link-local" in (verdict.error or "")
    assert result.no_network == 0


def test_dns_timeout_is_a_timeout_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    async def slow_dns(host: str, port: int, **kwargs: object) -> list[object]:
        raise TimeoutError  # what anyio.fail_after raises when the lookup takes too long

    monkeypatch.setattr(anyio, "getaddrinfo", slow_dns)
    clock = FakeClock()
    link_run = LinkRun(NetSettings(retries=0), clock=clock, sleep=clock.sleep, rng=FixedRandom(0.5))

    result = anyio.run(link_run.check, [A])

    assert result.verdicts[A].state is LinkState.BROKEN
    assert result.verdicts[A].error == "timed out"


def test_respx_mock_with_the_real_transport() -> None:
    clock = FakeClock()
    with respx.mock(assert_all_called=True) as mock:
        get = mock.get(A).respond(404)
        link_run = LinkRun(NetSettings(), clock=clock, sleep=clock.sleep, rng=FixedRandom(0.5))
        result = anyio.run(link_run.check, [A])

    assert get.call_count == 1
    assert result.verdicts[A].state is LinkState.BROKEN
    assert result.verdicts[A].http_status == 404


# ---------------------------------------------------------------------------------------------
# remote fragments


def test_fragment_must_be_an_id_or_name_on_the_page(net: Net) -> None:
    net.router.get(A).mock(
        return_value=html("<h2 id='intro'>Intro</h2><a name=old-anchor></a><p id=\"Case\">")
    )
    urls = [f"{A}#intro", f"{A}#old-anchor", f"{A}#Case", f"{A}#case", f"{A}#gone"]

    result = net.run(urls)

    assert result.requests == 1
    states = {url.split("#")[1]: result.verdicts[url] for url in urls}
    assert {name: v.state for name, v in states.items()} == {
        "intro": LinkState.OK,
        "old-anchor": LinkState.OK,
        "Case": LinkState.OK,
        "case": LinkState.BROKEN,  # only github.com ignores case
        "gone": LinkState.BROKEN,
    }
    gone = states["gone"]
    assert gone.fragment_missing
    assert gone.http_status == 200
    assert "#gone" in (gone.error or "")
    assert not states["intro"].fragment_missing


@pytest.mark.parametrize("fragment", ["/route/x", "!bang", ":~:text=hello", "top", ""])
def test_routes_and_text_fragments_are_not_checked(net: Net, fragment: str) -> None:
    net.router.get(A).respond(200)

    result = net.run([f"{A}#{fragment}"])

    assert net.seen() == [("GET", A)]
    assert result.verdicts[f"{A}#{fragment}"].state is LinkState.OK


def test_github_user_content_ids_and_case(net: Net) -> None:
    repo = "https://github.com/o/r"
    net.router.get(repo).mock(
        return_value=html('<h2 id="user-content-install-guide">Install guide</h2>')
    )
    names = ["install-guide", "Install-Guide", "user-content-install-guide", "missing"]

    result = net.run([f"{repo}#{name}" for name in names])

    assert result.requests == 1
    states = {name: result.verdicts[f"{repo}#{name}"].state for name in names}
    assert states == {
        "install-guide": LinkState.OK,
        "Install-Guide": LinkState.OK,
        "user-content-install-guide": LinkState.OK,
        "missing": LinkState.BROKEN,
    }
    assert result.verdicts[f"{repo}#missing"].fragment_missing


def test_github_blob_line_anchors(net: Net) -> None:
    blob = "https://github.com/o/r/blob/main/src/x.py"
    tree = "https://github.com/o/r/tree/main/src"
    net.router.get(blob).mock(return_value=html("<table><tr><td>code</td></tr></table>"))
    net.router.get(tree).mock(return_value=html("<ul><li>x.py</li></ul>"))
    urls = [f"{blob}#L10", f"{blob}#L10-L20", f"{blob}#L3C1-L4C2", f"{blob}#usage", f"{tree}#L10"]

    result = net.run(urls)

    assert {url: v.state for url, v in result.verdicts.items()} == {
        f"{blob}#L10": LinkState.OK,
        f"{blob}#L10-L20": LinkState.OK,
        f"{blob}#L3C1-L4C2": LinkState.OK,
        f"{blob}#usage": LinkState.BROKEN,
        f"{tree}#L10": LinkState.BROKEN,  # line anchors exist on blob pages only
    }


def test_missing_fragment_on_a_blocked_page_is_not_broken(net: Net) -> None:
    net.router.get(A).respond(403)

    result = net.run([f"{A}#intro"])

    verdict = result.verdicts[f"{A}#intro"]
    assert verdict.state is LinkState.BLOCKED
    assert not verdict.fragment_missing


# ---------------------------------------------------------------------------------------------
# GitHub token


def _authorization(net: Net) -> dict[str, str | None]:
    return {str(r.url): r.headers.get("authorization") for r in net.requests}


def test_github_token_goes_to_github_on_the_first_hop_only(net: Net) -> None:
    net.router.get("https://github.com/o/old").mock(
        return_value=redirect(301, "https://github.com/o/new")
    )
    net.router.get("https://github.com/o/new").respond(200)
    net.router.get("https://api.github.com/repos/o/r").respond(200)
    net.router.get("https://github.com/o/r/releases/download/v1/x.zip").mock(
        return_value=redirect(302, "https://objects.githubusercontent.com/x.zip")
    )
    net.router.get("https://objects.githubusercontent.com/x.zip").respond(200)
    net.router.get("http://github.com/o/plain").respond(200)
    net.router.get("https://example.org/").respond(200)
    urls = [
        "https://github.com/o/old",
        "https://api.github.com/repos/o/r",
        "https://github.com/o/r/releases/download/v1/x.zip",
        "http://github.com/o/plain",
        "https://example.org/",
    ]

    # The page checks' rule (repository links go through the GitHub lane, switched off here).
    result = net.run(urls, NetSettings(github_token="tok", github=GithubLane(enabled=False)))

    assert _authorization(net) == {
        "https://github.com/o/old": "Bearer tok",
        "https://github.com/o/new": None,  # never along a redirect, even to github.com
        "https://api.github.com/repos/o/r": "Bearer tok",
        "https://github.com/o/r/releases/download/v1/x.zip": "Bearer tok",
        "https://objects.githubusercontent.com/x.zip": None,
        "http://github.com/o/plain": None,  # never in clear text
        "https://example.org/": None,
    }
    assert result.verdicts["https://github.com/o/old"].state is LinkState.REDIRECTED


def test_no_token_no_authorization(net: Net) -> None:
    net.router.get("https://github.com/o/r").respond(200)

    net.run(["https://github.com/o/r"])

    assert _authorization(net) == {"https://github.com/o/r": None}


# ---------------------------------------------------------------------------------------------
# URLs that need no request


def test_offline_verdicts_make_no_request(net: Net) -> None:
    settings = NetSettings(excludes=(re.compile(r"skip\.example"),))
    urls = {
        "mailto:someone@example.org": LinkState.EXCLUDED,
        "mailto:a@example.org,b@example.net?subject=Hi": LinkState.EXCLUDED,
        "mailto:not-an-address": LinkState.BROKEN,
        "mailto:": LinkState.BROKEN,
        "tel:+1-555-0100": LinkState.EXCLUDED,
        "ftp://ftp.example.org/file": LinkState.EXCLUDED,
        "data:text/plain,hello": LinkState.EXCLUDED,
        "javascript:alert(1)": LinkState.EXCLUDED,
        "https://skip.example/page": LinkState.EXCLUDED,
    }

    result = net.run(urls, settings)

    assert {url: v.state for url, v in result.verdicts.items()} == urls
    assert net.requests == []
    assert result.requests == 0
    assert "--exclude" in (result.verdicts["https://skip.example/page"].error or "")
    assert "not-an-address" in (result.verdicts["mailto:not-an-address"].error or "")


# ---------------------------------------------------------------------------------------------
# configured accepted statuses and per-host headers


def test_accepted_status_counts_as_ok_without_asking_again() -> None:
    net = Net()
    net.router.get("https://a.example/members").respond(401)
    net.router.get("https://a.example/busy").respond(429)
    result = net.run(
        ["https://a.example/members", "https://a.example/busy"],
        NetSettings(accept=frozenset({401, 429})),
    )
    assert result.verdicts["https://a.example/members"].state is LinkState.OK
    assert result.verdicts["https://a.example/busy"].state is LinkState.OK
    assert [r.method for r in net.requests] == ["GET", "GET"]
    assert net.clock.sleeps == []


def test_host_headers_go_to_that_host_only() -> None:
    from roadmap_lint.net.settings import HostSettings

    net = Net()
    net.router.get("https://api.example/v1").respond(
        302, headers={"Location": "https://cdn.example/v1"}
    )
    net.router.get("https://cdn.example/v1").respond(200)
    settings = NetSettings(hosts={"api.example": HostSettings(headers={"X-Key": "secret"})})
    result = net.run(["https://api.example/v1"], settings)
    assert result.verdicts["https://api.example/v1"].state is LinkState.OK
    assert net.requests[0].headers.get("X-Key") == "secret"
    assert "X-Key" not in net.requests[1].headers


def test_only_gzip_and_deflate_are_accepted() -> None:
    net = Net()
    net.router.get("https://a.example/").respond(200)
    net.run(["https://a.example/"])
    assert net.requests[0].headers["Accept-Encoding"] == "gzip, deflate"


def read_prefix_of(encoding: str, stream: httpx.AsyncByteStream, limit: int) -> bytes:
    """What `read_prefix` takes of a streamed response with this Content-Encoding."""
    from roadmap_lint.net.body import read_prefix

    async def read() -> bytes:
        transport = httpx.MockTransport(
            lambda request: httpx.Response(
                200, headers={"Content-Encoding": encoding}, stream=stream
            )
        )
        async with (
            httpx.AsyncClient(transport=transport) as client,
            client.stream("GET", "https://a.example/") as response,
        ):
            return await read_prefix(response, limit)

    return anyio.run(read)


def test_compressed_body_is_decompressed_only_up_to_the_limit() -> None:
    import gzip

    bomb = gzip.compress(b"<p>" + b"\0" * 30_000_000)

    class Chunks(httpx.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            for start in range(0, len(bomb), 4096):
                yield bomb[start : start + 4096]

    body = read_prefix_of("gzip", Chunks(), 10_000)
    assert len(body) == 10_000 and body.startswith(b"<p>")


def test_unknown_content_encoding_is_not_read() -> None:
    assert read_prefix_of("br", CountingStream(), 10_000) == b""


def test_a_host_that_never_answers_is_not_asked_for_every_link() -> None:
    net = Net()
    urls = [f"https://hangs.example/page/{i}" for i in range(10)]
    for url in urls:
        net.fail(url, *[lambda: httpx.ReadTimeout("timed out")] * 3)
    net.router.get("https://fine.example/").respond(200)
    settings = NetSettings(retries=1, max_per_host=1)
    result = net.run([*urls, "https://fine.example/"], settings)
    assert {result.verdicts[url].state for url in urls} == {LinkState.BROKEN}
    assert all("timed out" in (result.verdicts[url].error or "") for url in urls)
    hung = [r for r in net.requests if r.url.host == "hangs.example"]
    # A GET that times out is not asked again (in real time a second attempt would have
    # been running beside it); two pages, then the host is given up
    assert [r.method for r in hung] == ["GET", "GET"]
    assert result.verdicts["https://fine.example/"].state is LinkState.OK


def test_a_host_that_answered_once_is_still_asked_after_timeouts() -> None:
    net = Net()
    net.router.head("https://slow.example/ok").respond(200)
    urls = [f"https://slow.example/page/{i}" for i in range(4)]
    for url in urls:
        net.fail(url, lambda: httpx.ReadTimeout("timed out"))
        net.router.get(url).respond(200)
    result = net.run(
        ["https://slow.example/ok", *urls], NetSettings(retries=1, max_per_host=1, soft_404=False)
    )
    assert {result.verdicts[url].state for url in urls} == {LinkState.OK}


def test_a_bot_wall_gets_one_more_try_as_a_browser() -> None:
    net = Net()
    browser = "Mozilla/5.0 (X11; Linux x86_64) roadmap-lint/1"

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200 if request.headers["User-Agent"] == browser else 403)

    net.router.route(host="walled.example").mock(side_effect=answer)
    net.router.route(host="closed.example").respond(403)
    settings = NetSettings(browser_user_agent=browser)
    result = net.run(["https://walled.example/a", "https://closed.example/b"], settings)
    assert result.verdicts["https://walled.example/a"].state is LinkState.OK
    assert result.verdicts["https://closed.example/b"].state is LinkState.BLOCKED
    closed = [r for r in net.requests if r.url.host == "closed.example"]
    # A GET refused as a robot: one more as a browser, and only its refusal makes the link
    # blocked (HEAD first, the same one GET asks whether HEAD or the robot was refused).
    assert [(r.method, r.headers["User-Agent"] == browser) for r in closed] == [
        ("GET", False),
        ("GET", True),
    ]


def test_no_browser_retry_when_the_user_chose_the_user_agent() -> None:
    net = Net()
    net.router.route(host="closed.example").respond(403)
    result = net.run(
        ["https://closed.example/b"], NetSettings(user_agent="mine", browser_user_agent=None)
    )
    assert result.verdicts["https://closed.example/b"].state is LinkState.BLOCKED
    assert [r.headers["User-Agent"] for r in net.requests] == ["mine"]


def test_without_any_network_the_rest_is_not_looked_up_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    async def slow_failing_dns(host: str, port: int, **kwargs: object) -> list[object]:
        asked.append(host)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(anyio, "getaddrinfo", slow_failing_dns)
    ticks = iter(range(1_000_000))
    urls = [f"https://host{i}.example/" for i in range(60)]
    link_run = LinkRun(
        NetSettings(max_concurrency=1), clock=lambda: next(ticks) * 0.1, rng=FixedRandom(0.5)
    )

    result = anyio.run(link_run.check, urls)

    assert {v.state for v in result.verdicts.values()} == {LinkState.UNKNOWN}
    assert result.no_network == 60
    assert 16 <= len(asked) < 60  # given up once the network was plainly down


def test_one_reachable_host_keeps_dns_failures_broken(net: Net) -> None:
    urls = [f"https://dead{i}.example/" for i in range(30)]
    for url in urls:
        net.fail(url, dns_failure(url.split("/")[2]))
    net.router.get("https://alive.example/").respond(200)
    result = net.run(["https://alive.example/", *urls], NetSettings(max_concurrency=1))
    assert result.verdicts["https://alive.example/"].state is LinkState.OK
    assert {result.verdicts[url].state for url in urls} == {LinkState.BROKEN}


# ---------------------------------------------------------------------------------------------
# what counts as the network answering (the silence limit itself is timed in
# test_net_integration.py, on the real clock)


class _Connecting(httpcore.AsyncNetworkBackend):
    """Connections succeed at once (or fail, with `fail`); the hosts asked are recorded."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.connects: list[str] = []

    async def connect_tcp(self, host: str, port: int, *args: object, **kwargs: object) -> Any:
        self.connects.append(host)
        if self.fail:
            raise httpcore.ConnectError("not connecting")
        return httpcore.AsyncMockStream([])


def _backend(answers: dict[str, list[str]], inner: httpcore.AsyncNetworkBackend) -> Any:
    asked: list[str] = []
    heard: list[bool] = []

    async def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return answers[host]

    backend = GuardedBackend(
        AddressPolicy(), inner, resolver=resolver, on_answer=lambda: heard.append(True)
    )
    return backend, asked, heard


def test_a_resolved_name_and_a_connection_are_answers() -> None:
    backend, asked, heard = _backend({"a.example": ["93.184.215.14"]}, _Connecting(fail=True))

    async def connect() -> None:
        with pytest.raises(httpcore.ConnectError):
            await backend.connect_tcp("a.example", 443, timeout=1.0)

    anyio.run(connect)
    assert (asked, heard) == (["a.example"], [True])  # resolved; the connect failed
    connected, _, heard = _backend({}, _Connecting())
    anyio.run(lambda: connected.connect_tcp("93.184.215.14", 443, timeout=1.0))
    assert heard == [True]


def test_an_address_is_not_looked_up_and_a_local_name_is_no_answer() -> None:
    inner = _Connecting(fail=True)
    backend, asked, heard = _backend({"localhost": ["127.0.0.1", "::1"]}, inner)

    async def connect(host: str, error: type[Exception]) -> None:
        with pytest.raises(error):
            await backend.connect_tcp(host, 80, timeout=1.0)

    anyio.run(connect, "93.184.215.14", httpcore.ConnectError)
    anyio.run(connect, "2606:2800:21f::1", httpcore.ConnectError)
    anyio.run(connect, "localhost", AddressRefused)
    anyio.run(connect, "nowhere.example", NameNotResolved)
    assert asked == ["localhost", "nowhere.example"]
    assert inner.connects == ["93.184.215.14", "2606:2800:21f::1"]
    assert heard == []


def test_any_response_is_an_answer(net: Net) -> None:
    heard: list[str] = []
    net.router.head(A).respond(405)
    net.router.get(A).respond(200)
    checker = PageChecker(
        HEAD_FIRST,
        lambda host: net.client(host, HEAD_FIRST),
        lambda host: HostGate(4, 0.0, net.clock, net.clock.sleep),
        PriorityLimiter(8, lambda host: 1),
        clock=net.clock,
        sleep=net.clock.sleep,
        answered=lambda: heard.append("answer"),
    )
    assert anyio.run(checker.check, A, False).state is LinkState.OK
    assert heard == ["answer", "answer"]  # HEAD, then GET: both answered


def test_lookup_threads_never_wait_for_a_stuck_lookup() -> None:
    release = threading.Event()
    threads = LookupThreads(size=2)
    stuck = threads.submit(release.wait, 30)
    quick = threads.submit(lambda: 42)
    assert quick.result(timeout=5) == 42  # the second thread took it
    threads.retire()  # the end of a run
    assert threads.submit(lambda: 7).result(timeout=5) == 7  # a plain pool from now on
    started = time.monotonic()
    threads.shutdown(wait=True)  # the end of the event loop
    assert time.monotonic() - started < 1
    assert not stuck.done()
    release.set()
    assert stuck.result(timeout=5) is True
