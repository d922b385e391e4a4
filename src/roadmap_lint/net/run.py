"""Checking every external URL of a run: deduplicated, concurrent per host, polite."""

from __future__ import annotations

import functools
import math
import random
import re
import ssl
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeVar
from urllib.parse import urldefrag, urlsplit

import anyio
import httpcore
import httpx
from anyio.abc import TaskGroup

from roadmap_lint.model import LinkState, Verdict
from roadmap_lint.net.check import PageChecker, PageResult, given_up
from roadmap_lint.net.fragments import fragment_found, needs_check
from roadmap_lint.net.lanes import Lane, LaneHttp, default_lanes
from roadmap_lint.net.politeness import HostGate, PriorityLimiter
from roadmap_lint.net.resolver import Resolver, install_lookup_threads
from roadmap_lint.net.settings import NetSettings
from roadmap_lint.net.shared_slots import SharedSlots
from roadmap_lint.net.targets import plain_http_url, url_problem
from roadmap_lint.net.transport import GuardedTransport, shared_ssl_context
from roadmap_lint.urls import hostname

_EMAIL = re.compile(
    r"^[^@\s/?#]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
Progress = Callable[[int, int, int], None]
_T = TypeVar("_T")
ClientFactory = Callable[[str, NetSettings], httpx.AsyncBaseTransport]


@dataclass
class RunResult:
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    requests: int = 0

    @property
    def no_network(self) -> int:
        """URLs left unknown because nothing could be reached."""
        return sum(1 for verdict in self.verdicts.values() if verdict.no_network)


class GuardedClients:
    """Small per-host transports sharing one SSL context (httpx pools grow costly when large).

    The checker talks to the transport directly: it builds its own requests and follows
    redirects itself, so httpx's client layer (URL merging, cookies, auth and redirect
    machinery) would only cost time on every request.
    """

    def __init__(
        self,
        *,
        inner: httpcore.AsyncNetworkBackend | None = None,
        resolver: Resolver | None = None,
        on_answer: Callable[[], None] | None = None,
    ) -> None:
        self._ssl_context: ssl.SSLContext | None = None
        self._inner = inner
        self._resolver = resolver
        self._on_answer = on_answer

    def _tls(self) -> ssl.SSLContext:
        """The run's SSL context, made when the first https connection needs it (loading the
        trust store takes a few hundredths of a second that a plain-http run need not wait)."""
        if self._ssl_context is None:
            self._ssl_context = shared_ssl_context()
        return self._ssl_context

    def __call__(self, host: str, settings: NetSettings) -> httpx.AsyncBaseTransport:
        return GuardedTransport(
            settings.policy,
            self._tls,
            inner=self._inner,
            resolver=self._resolver,
            on_answer=self._on_answer,
        )


def host_limits(host: str, settings: NetSettings) -> tuple[int, float]:
    """Requests in flight and seconds between request starts for one host (config overrides)."""
    override = settings.hosts.get(host.lower())
    in_flight = settings.max_per_host
    interval = settings.min_interval
    if override is not None:
        if override.max_per_host is not None:
            in_flight = override.max_per_host
        if override.min_interval is not None:
            interval = override.min_interval
    return max(1, in_flight), interval


def offline_verdict(url: str, settings: NetSettings) -> Verdict | None:
    """The verdict for URLs that need no request; None for http(s) URLs to request.

    Never raises: a URL no request could be made for is `broken`, with the reason.
    """
    if plain_http_url(url):
        return _excluded(url, settings)
    problem = url_problem(url)
    if problem is not None:
        return Verdict(LinkState.BROKEN, error=f"invalid URL: {problem}", reason="invalid-url")
    scheme = urlsplit(url).scheme.lower()
    if scheme == "mailto":
        address = url[len("mailto:") :].split("?", 1)[0]
        if (
            all(_EMAIL.match(part.strip()) for part in address.split(",") if part.strip())
            and address
        ):
            return Verdict(
                LinkState.EXCLUDED, error="mailto: address syntax is valid; not requested"
            )
        return Verdict(LinkState.BROKEN, error=f"invalid e-mail address {address!r}")
    if scheme not in ("http", "https"):
        return Verdict(LinkState.EXCLUDED, error=f"{scheme or 'scheme-less'} links are not checked")
    return _excluded(url, settings)


def _excluded(url: str, settings: NetSettings) -> Verdict | None:
    for pattern in settings.excludes:
        if pattern.search(url):
            return Verdict(LinkState.EXCLUDED, error=f"matches --exclude {pattern.pattern}")
    return None


class LinkRun:
    """One check of many URLs.

    `backend` (what opens sockets) and `resolver` (what looks names up) replace the real
    ones under the guarded transport; `client_factory` replaces the transport itself.
    `shared_slots`: when other processes check other URLs of the same run.
    """

    def __init__(
        self,
        settings: NetSettings,
        *,
        client_factory: ClientFactory | None = None,
        backend: httpcore.AsyncNetworkBackend | None = None,
        resolver: Resolver | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
        rng: random.Random | None = None,
        progress: Progress | None = None,
        lanes: list[Lane] | None = None,
        shared_slots: SharedSlots | None = None,
    ):
        self._settings = settings
        self._shared_slots = shared_slots  # hosts' requests in flight, counted across processes
        self._reach: Reachability | None = None  # the current check's
        self._client_factory = client_factory or GuardedClients(
            inner=backend, resolver=resolver, on_answer=self._heard
        )
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._progress = progress
        self._clients: dict[str, httpx.AsyncBaseTransport] = {}
        self._gates: dict[str, HostGate] = {}
        self._lanes = default_lanes(settings) if lanes is None else lanes

    def _client_for(self, host: str) -> httpx.AsyncBaseTransport:
        client = self._clients.get(host)
        if client is None:
            client = self._clients[host] = self._client_factory(host, self._settings)
        return client

    def _heard(self) -> None:
        if self._reach is not None:
            self._reach.heard()

    def _gate_for(self, host: str) -> HostGate:
        gate = self._gates.get(host)
        if gate is None:
            in_flight, interval = host_limits(host, self._settings)
            shared = (self._shared_slots, host) if self._shared_slots is not None else None
            gate = self._gates[host] = HostGate(
                in_flight, interval, self._clock, self._sleep, shared=shared
            )
        return gate

    def _claimed(self, pages: Mapping[str, list[str]]) -> dict[Lane, list[str]]:
        """The pages each lane decides (see `_fragment_to_read` for what is read after all)."""
        claimed: dict[Lane, list[str]] = {}
        for page in pages:
            lane = next((lane for lane in self._lanes if lane.claims(page)), None)
            if lane is not None:
                claimed.setdefault(lane, []).append(page)
        return claimed

    async def check(self, urls: Iterable[str]) -> RunResult:
        result = RunResult()
        pages: dict[str, list[str]] = defaultdict(list)  # page URL → URLs as written
        for url in dict.fromkeys(urls):
            verdict = offline_verdict(url, self._settings)
            if verdict is not None:
                result.verdicts[url] = verdict
            else:
                pages[urldefrag(url)[0]].append(url)
        claimed = self._claimed(pages)
        by_host: dict[str, list[str]] = defaultdict(list)
        for page in pages:
            if not any(page in lane_pages for lane_pages in claimed.values()):
                by_host[hostname(page)].append(page)
        page_results: dict[str, PageResult] = {}
        done = 0
        failures = 0
        reach = self._reach = Reachability(self._clock)
        lookup_threads = install_lookup_threads()
        limiter = PriorityLimiter(
            self._settings.max_concurrency, lambda host: len(by_host.get(host, ()))
        )
        lane_http = LaneHttp(
            self._settings, self._client_for, self._gate_for, limiter, answered=reach.heard
        )
        checker = PageChecker(
            self._settings,
            self._client_for,
            self._gate_for,
            limiter,
            clock=self._clock,
            sleep=self._sleep,
            rng=self._rng,
            no_network=reach.is_down,
            answered=reach.heard,
        )

        def finished(page: str, page_result: PageResult) -> None:
            nonlocal done, failures
            page_results[page] = page_result
            done += 1
            failures += page_result.state is LinkState.BROKEN
            if self._progress is not None:
                self._progress(done, len(pages), failures)

        async def work(host: str, queue: list[str]) -> None:
            while queue:
                page = queue.pop()
                if reach.is_down():
                    page_result = reach.verdict()
                elif self._gate_for(host).given_up:
                    page_result = given_up(self._gate_for(host).give_up_error())
                else:
                    want_body = any(needs_check(urldefrag(url)[1]) for url in pages[page])
                    page_result = await reach.unless_down(
                        functools.partial(checker.check, page, want_body)
                    )
                    reach.record(page_result)
                finished(page, page_result)

        running: set[str] = set()  # hosts with a worker

        async def host_worker(host: str, queue: list[str]) -> None:
            running.add(host)
            in_flight, _ = host_limits(host, self._settings)
            # Twice as many pages under way as the host is sent requests at once (its gate
            # keeps to that): a page waiting out a back-off or a Retry-After, or between the
            # hops of a redirect, would otherwise leave its place in the window empty.
            async with anyio.create_task_group() as group:
                for _ in range(min(2 * in_flight, len(queue))):
                    group.start_soon(work, host, queue)
            # A redirect from another host may be using this host's client right now: close
            # it once nobody is (a later hop here gets a new client, closed at the end).
            running.discard(host)
            await self._gate_for(host).wait_idle()
            client = self._clients.pop(host, None)
            if client is not None:
                await client.aclose()

        async def lane_worker(group: TaskGroup, lane: Lane, lane_pages: list[str]) -> None:
            decided: dict[str, PageResult] = {}
            if not reach.is_down():
                decided = await reach.unless_silent(
                    functools.partial(lane.decide, lane_pages, lane_http), {}
                )
            for page in lane_pages:
                if page in decided and not _fragment_to_read(page, pages[page], decided[page]):
                    finished(page, decided[page])
                    continue
                host = hostname(page)  # undecided: checked as a page
                by_host[host].append(page)
                if host not in running:
                    running.add(host)
                    group.start_soon(host_worker, host, by_host[host])

        try:
            async with checker.running(), anyio.create_task_group() as group:
                # The longest queues start first: they bound the run, so they get the first
                # of the limited slots (the limiter's own priority applies once it is full).
                for lane, lane_pages in claimed.items():
                    group.start_soon(lane_worker, group, lane, lane_pages)
                for host, queue in sorted(by_host.items(), key=lambda item: -len(item[1])):
                    queue.reverse()  # pop() from the end keeps document order
                    running.add(host)
                    group.start_soon(host_worker, host, queue)
        finally:
            with anyio.CancelScope(shield=True):
                while self._clients:
                    _, client = self._clients.popitem()
                    await client.aclose()
            if lookup_threads is not None:
                lookup_threads.retire()

        result.requests = sum(r.requests for r in page_results.values()) + lane_http.requests
        attempted = [r for r in page_results.values() if r.state is not LinkState.EXCLUDED]
        no_network = reach.concluded or (bool(attempted) and all(r.no_network for r in attempted))
        for page, urls_of_page in pages.items():
            page_result = page_results[page]
            for url in urls_of_page:
                verdict = _verdict_for(url, page_result)
                if no_network and _unanswered(page_result):
                    verdict = Verdict(
                        LinkState.UNKNOWN,
                        error="network unreachable: not checked",
                        no_network=True,
                    )
                result.verdicts[url] = verdict
        return result


# With this many names failing to resolve, none resolving and none of the pages reaching a
# server, and this long since the start, the machine has no network: the other links are
# left unknown rather than looked up one slow failure after another.
_UNREACHABLE_AFTER = 16
_UNREACHABLE_SECONDS = 2.0
# With nothing at all answering for this long after the first requests (no name resolved,
# no connection made, no response), the machine has no network either: where DNS queries
# or connections hang instead of failing, each would take seconds to give up.
_SILENCE_LIMIT = 1.5


class Reachability:
    """Whether there is a network at all, judged from what has answered so far.

    Once anything has answered, the run goes on normally whatever fails later. Once it
    concludes there is no network, it stays so: the checks in progress are stopped and
    every page left gets `verdict()`.
    """

    def __init__(self, clock: Callable[[], float], silence: float = _SILENCE_LIMIT):
        self._clock = clock
        self._silence = silence  # seconds without any answer that mean no network
        self._started = clock()
        self._unresolved = 0
        self._answered = False
        self._silence_ends: float | None = None  # on anyio's clock, set by the first check
        self._checks: set[anyio.CancelScope] = set()
        self.concluded = False

    def heard(self) -> None:
        """Something answered: a name resolved, a connection was made, a response came."""
        if not self._answered:
            self._answered = True
            for scope in self._checks:
                scope.deadline = math.inf

    def record(self, result: PageResult) -> None:
        if result.no_network:
            self._unresolved += 1
        elif result.http_status is not None or (result.sent and not result.timed_out):
            self.heard()  # an answer or a refusal: something is out there

    def is_down(self) -> bool:
        if (
            not self.concluded
            and not self._answered
            and self._unresolved >= _UNREACHABLE_AFTER
            and self._clock() - self._started >= _UNREACHABLE_SECONDS
        ):
            self._conclude()
        return self.concluded

    def _conclude(self) -> None:
        self.concluded = True
        for scope in self._checks:
            scope.cancel()

    async def unless_down(self, check: Callable[[], Awaitable[PageResult]]) -> PageResult:
        """The check's result, or `verdict()` if the network is found down before it ends.

        Until something answers, every check stops at the silence limit, timed on anyio's
        clock rather than the run's (which tests replace): it is the network's silence
        that is measured.
        """
        while not self.is_down():
            result = await self.unless_silent(check, None)
            if result is not None:
                return result
            if not self._answered:  # the silence limit has passed
                self._conclude()
            # else: an answer came just as the limit passed; the check is made again
        return self.verdict()

    async def unless_silent(self, work: Callable[[], Awaitable[_T]], otherwise: _T) -> _T:
        """What `work` gives, or `otherwise` when nothing at all has answered by the silence
        limit, or the network was concluded down, before it ended. (A site lane's work:
        the pages it was for are then checked as pages, which conclude it.)"""
        with anyio.CancelScope(deadline=self._deadline()) as scope:
            self._checks.add(scope)
            try:
                return await work()
            finally:
                self._checks.discard(scope)
        return otherwise

    def _deadline(self) -> float:
        if self._answered:
            return math.inf
        if self._silence_ends is None:
            self._silence_ends = anyio.current_time() + self._silence
        return self._silence_ends

    @staticmethod
    def verdict() -> PageResult:
        return PageResult(
            Verdict(LinkState.BROKEN, error="network unreachable"), no_network=True, sent=False
        )


def _unanswered(result: PageResult) -> bool:
    """No answer of any kind: a name that did not resolve, a request that timed out."""
    return result.no_network or (result.timed_out and result.http_status is None)


def _fragment_to_read(page: str, written: list[str], decided: PageResult) -> bool:
    """Whether a page a lane found alive must still be read for a fragment: one that is not
    found whatever the page holds (`#L10` on a github.com file is). A page the lane found
    dead is dead whatever its fragment."""
    if decided.state not in (LinkState.OK, LinkState.REDIRECTED):
        return False
    fragments = [urldefrag(url)[1] for url in written]
    return any(needs_check(f) and not fragment_found(page, f, frozenset()) for f in fragments)


def _verdict_for(url: str, page: PageResult) -> Verdict:
    """The verdict on one URL of a page: the page's, and whether its fragment is there."""
    verdict = page.verdict
    fragment = urldefrag(url)[1]
    alive = verdict.state in (LinkState.OK, LinkState.REDIRECTED)
    if alive and page.unreadable and fragment:
        if not fragment_found(verdict.final_url or url, fragment, frozenset()):
            verdict = replace(
                verdict,
                state=LinkState.UNKNOWN if verdict.state is LinkState.OK else verdict.state,
                error=f"fragment #{fragment} not decided: the page could not be read "
                f"({page.unreadable})",
                reason="unreadable-page",
            )
    elif alive and page.ids is not None and fragment:
        checked_url = verdict.final_url or url
        if fragment_found(checked_url, fragment, page.ids):
            pass
        elif page.script_built:
            # The page is rendered in the browser: its ids are added by scripts, not sent.
            verdict = replace(
                verdict,
                state=LinkState.UNKNOWN if verdict.state is LinkState.OK else verdict.state,
                error=f"fragment #{fragment} not in the page's HTML, which scripts build in "
                "the browser; not decided",
                reason="built-by-script",
            )
        elif page.body_truncated:
            # Only the start of a long page was read: the fragment may well be further down.
            verdict = replace(
                verdict,
                state=LinkState.UNKNOWN if verdict.state is LinkState.OK else verdict.state,
                error=f"fragment #{fragment} not in the part of the page read; not decided",
            )
        else:
            verdict = replace(
                verdict,
                state=LinkState.BROKEN,
                fragment_missing=True,
                error=f"fragment #{fragment} not found on the page",
            )
    if verdict.final_url and fragment and "#" not in verdict.final_url:
        verdict = replace(verdict, final_url=f"{verdict.final_url}#{fragment}")
    return verdict
