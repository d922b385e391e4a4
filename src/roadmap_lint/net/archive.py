"""The Internet Archive's copy of a dead page, from before it broke.

For each page, the archive's CDX API is asked first for the captures that answered 200 up
to the moment the link was first seen broken (one a day at most):

    GET {archive}/cdx/search/cdx?url=PAGE&output=json&fl=timestamp,original,statuscode
        &filter=statuscode:200&to=YYYYMMDDhhmmss&collapse=timestamp:8

Of the captures from before it broke, the one closest to `near` (when the line with the
link was added) is chosen, else the latest. When the CDX endpoint is missing (400, 404…) or
does not answer JSON, the availability API is asked instead:

    GET {archive}/wayback/available?url=PAGE&timestamp=YYYYMMDDhhmmss

and its closest snapshot is taken only when it is available, answered 2xx and is from
before the page broke. A snapshot's address is `{archive}/web/TIMESTAMP/PAGE`, always on
the configured archive.

Lookups go through the guarded transport (the address policy applies), one host gate per
archive host (starting at a few lookups at once and adapting as for pages), with 429 and
503 + Retry-After waited out within `retry_after_cap`; a host that timed out twice without
answering anything is given up for the run. Nothing here raises for a bad answer: a lookup
that got no usable answer is listed in `failed`, with the reason.
"""

from __future__ import annotations

import calendar
import json
import re
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import anyio
import httpcore
import httpx

from roadmap_lint.net.body import ACCEPT_ENCODING, read_prefix
from roadmap_lint.net.classify import retry_after_seconds
from roadmap_lint.net.politeness import HostGate, HostGivenUp
from roadmap_lint.net.resolver import Resolver
from roadmap_lint.net.run import ClientFactory, GuardedClients, Reachability, host_limits
from roadmap_lint.net.settings import NetSettings
from roadmap_lint.net.transport import NameNotResolved

MAX_ANSWER = 4 * 1024 * 1024  # bytes of an answer read at most
_WAITS = 3  # times one lookup waits when asked to (429, 503 with Retry-After)
# Seconds the archive may stay silent (no name resolved, no connection, no answer) before
# its lookups are given up for the run.
SILENCE_LIMIT = 3.0
_TIMESTAMP = re.compile(r"^\d{4,14}$")
_WEB_PATH = re.compile(r"/web/(\d{4,14})[a-z_]*/")
_CDX_FIELDS = ("timestamp", "original", "statuscode")


@dataclass(frozen=True)
class SnapshotQuery:
    url: str  # the dead page (without its fragment)
    before: float  # epoch seconds: when it was first seen broken; captures must be older
    near: float | None = None  # epoch seconds: when the link was added, if known


@dataclass
class ArchiveOutcome:
    # The answers: the snapshot's address, or None when the archive has no good copy.
    snapshots: dict[str, str | None] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # no usable answer: page → why
    excluded: set[str] = field(default_factory=set)  # not asked: the lookup matches --exclude
    requests: int = 0


def timestamp(moment: float) -> str:
    """Epoch seconds as the archive writes them, in UTC: `YYYYMMDDhhmmss`."""
    return time.strftime("%Y%m%d%H%M%S", time.gmtime(moment))


def epoch(stamp: str) -> float | None:
    """An archive timestamp (`YYYYMMDDhhmmss`, or a prefix of it) as epoch seconds."""
    if not _TIMESTAMP.match(stamp):
        return None
    full = stamp + "00000101000000"[len(stamp) :]
    try:
        parsed = time.strptime(full, "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return float(calendar.timegm(parsed))


class _NoAnswer(Exception):
    """The lookup got no usable answer."""


@dataclass(frozen=True)
class _Response:
    status: int
    body: bytes
    truncated: bool


def find_snapshots(
    settings: NetSettings,
    queries: Iterable[SnapshotQuery],
    *,
    backend: httpcore.AsyncNetworkBackend | None = None,
    resolver: Resolver | None = None,
) -> ArchiveOutcome:
    """Look every page up (once each); never raises for what the archive answers."""
    lookups = ArchiveLookups(settings, backend=backend, resolver=resolver)
    return anyio.run(lookups.run, list(queries))


class ArchiveLookups:
    """One run's lookups. `client_factory`, `backend` and `resolver` replace the real
    transport, socket opener or name lookup in tests; `sleep` and `clock` the time."""

    def __init__(
        self,
        settings: NetSettings,
        *,
        client_factory: ClientFactory | None = None,
        backend: httpcore.AsyncNetworkBackend | None = None,
        resolver: Resolver | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ):
        self._settings = settings
        self._base = settings.archive.url.rstrip("/")
        try:
            self._host = (urlsplit(self._base).hostname or "").lower()
        except ValueError:
            self._host = ""  # no request can be made to it: each lookup says why (`_get`)
        self._client_factory = client_factory or GuardedClients(
            inner=backend, resolver=resolver, on_answer=self._heard
        )
        self._reach: Reachability | None = None  # whether the archive answers at all
        self._clock = clock
        self._sleep = sleep
        self._clients: dict[str, httpx.AsyncBaseTransport] = {}
        self._gates: dict[str, HostGate] = {}
        # Hosts whose name did not resolve, with why: it will not in the rest of the run
        # either, so the lookups left fail at once instead of each making a request.
        self._unresolved: dict[str, str] = {}
        self.requests = 0

    async def run(self, queries: list[SnapshotQuery]) -> ArchiveOutcome:
        outcome = ArchiveOutcome()
        unique = {query.url: query for query in queries}

        async def one(query: SnapshotQuery) -> None:
            try:
                outcome.snapshots[query.url] = await self.lookup(query)
            except _NoAnswer as error:
                outcome.failed[query.url] = str(error)

        left = iter(unique.values())

        async def worker() -> None:
            for query in left:  # shared by the workers: each takes the next one left
                if self._settings.excludes and self._excluded(self._cdx_url(query)):
                    outcome.excluded.add(query.url)
                else:
                    await one(query)

        async def all_of_them() -> bool:
            # As many at once as the archive's gate may let through, and as many again
            # waiting their turn (as for the links): a lookup is set up only when it may
            # soon be sent, so that when the archive turns out to be out of reach the
            # lookups left end without being set up at all.
            in_flight, _ = host_limits(self._host, self._settings)
            async with anyio.create_task_group() as group:
                for _ in range(min(2 * in_flight, len(unique))):
                    group.start_soon(worker)
            return True

        try:
            # A suggestion must not hold up the run: when nothing answers at all (no name
            # resolved, no connection made) within the silence limit, the archive is
            # taken to be out of reach and the lookups left are given up.
            self._reach = Reachability(self._clock, silence=SILENCE_LIMIT)
            if not await self._reach.unless_silent(all_of_them, False):
                for query in unique.values():
                    if query.url not in outcome.snapshots and query.url not in outcome.excluded:
                        outcome.failed.setdefault(
                            query.url, f"{self._base} did not answer within {SILENCE_LIMIT:g} s"
                        )
        finally:
            self._reach = None
            with anyio.CancelScope(shield=True):
                for client in self._clients.values():
                    await client.aclose()
                self._clients.clear()
        outcome.requests = self.requests
        return outcome

    def _heard(self) -> None:
        """Something answered (a name resolved, a connection made): no silence limit."""
        if self._reach is not None:
            self._reach.heard()

    async def lookup(self, query: SnapshotQuery) -> str | None:
        """The snapshot's address; None when the archive has no good copy from before."""
        gate = self._gates.get(self._host)
        if gate is not None:  # the archive has been asked: known out of reach, perhaps
            self._refuse_if_hopeless(gate, self._host)
        cdx = await self._get(self._cdx_url(query))
        if 200 <= cdx.status < 300:
            rows = _cdx_rows(cdx.body, cdx.truncated)
            if rows is not None:
                return self._choose(rows, query)
        elif cdx.status >= 500:
            raise _NoAnswer(f"CDX API answered HTTP {cdx.status}")
        # No CDX endpoint there (400, 404…), or not a CDX answer: the availability API.
        return await self._available(query)

    def _cdx_url(self, query: SnapshotQuery) -> str:
        parameters = {
            "url": query.url,
            "output": "json",
            "fl": ",".join(_CDX_FIELDS),
            "filter": "statuscode:200",
            "to": timestamp(query.before),
            "collapse": "timestamp:8",
        }
        return f"{self._base}/cdx/search/cdx?{urlencode(parameters)}"

    def _choose(self, rows: list[dict[str, str]], query: SnapshotQuery) -> str | None:
        captures: list[tuple[float, str, str]] = []
        for row in rows:
            status = row.get("statuscode")
            moment = epoch(row.get("timestamp", ""))
            if moment is None or moment >= query.before:
                continue
            if status is not None and not (status.isdigit() and 200 <= int(status) < 300):
                continue
            original = row.get("original", "")
            if not original.lower().startswith(("http://", "https://")):
                original = query.url
            captures.append((moment, row["timestamp"], original))
        if not captures:
            return None
        if query.near is not None:
            near = query.near
            _, stamp, original = min(captures, key=lambda c: (abs(c[0] - near), -c[0]))
        else:
            _, stamp, original = max(captures, key=lambda c: c[0])
        return self.snapshot_url(stamp, original)

    def snapshot_url(self, stamp: str, page: str) -> str:
        return f"{self._base}/web/{stamp}/{page}"

    async def _available(self, query: SnapshotQuery) -> str | None:
        moment = query.near if query.near is not None else query.before
        parameters = {"url": query.url, "timestamp": timestamp(min(moment, query.before))}
        answer = await self._get(f"{self._base}/wayback/available?{urlencode(parameters)}")
        if not 200 <= answer.status < 300:
            raise _NoAnswer(f"neither API answered (availability API: HTTP {answer.status})")
        try:
            data: Any = json.loads(answer.body)
        except ValueError:
            raise _NoAnswer("the availability API did not answer JSON") from None
        if not isinstance(data, dict) or "archived_snapshots" not in data:
            raise _NoAnswer("the availability API's answer is not understood")
        snapshots = data["archived_snapshots"]
        closest = snapshots.get("closest") if isinstance(snapshots, dict) else None
        if not isinstance(closest, dict) or closest.get("available") is not True:
            return None
        status = closest.get("status")
        if status is not None and not (str(status).isdigit() and 200 <= int(status) < 300):
            return None
        found = _WEB_PATH.search(str(closest.get("url", "")))
        stamp = found.group(1) if found else str(closest.get("timestamp", ""))
        taken = epoch(stamp)
        if taken is None or taken >= query.before:
            return None
        return self.snapshot_url(stamp, query.url)

    def _excluded(self, url: str) -> bool:
        return any(pattern.search(url) for pattern in self._settings.excludes)

    def _gate_for(self, host: str) -> HostGate:
        gate = self._gates.get(host)
        if gate is None:
            in_flight, interval = host_limits(host, self._settings)
            gate = self._gates[host] = HostGate(in_flight, interval, self._clock, self._sleep)
        return gate

    def _client_for(self, host: str) -> httpx.AsyncBaseTransport:
        client = self._clients.get(host)
        if client is None:
            client = self._clients[host] = self._client_factory(host, self._settings)
        return client

    async def _get(self, url: str) -> _Response:
        """The answer to a GET, waiting when asked to; _NoAnswer when none came."""
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError as error:
            raise _NoAnswer(f"cannot ask {url}: {error}") from None
        gate = self._gate_for(host)
        waited = 0.0
        waits = 0
        retries = 0
        while True:
            self._refuse_if_hopeless(gate, host)
            try:
                async with gate.slot() as place:
                    # Found out while waiting its turn. The request is made only now: when
                    # the archive is out of reach, most lookups end here without one.
                    self._refuse_if_hopeless(gate, host)
                    request = self._request(url)
                    self.requests += 1
                    sent_at = self._clock()
                    response = await self._client_for(host).handle_async_request(request)
                    self._heard()
                    try:
                        body = await read_prefix(response, MAX_ANSWER + 1)
                    finally:
                        await response.aclose()
                    seconds = self._clock() - sent_at
            except httpx.TimeoutException:
                gate.timed_out()
                raise _NoAnswer(f"{host} timed out") from None
            except HostGivenUp as error:
                raise _NoAnswer(f"{host} {error}") from None
            except httpx.HTTPError as error:
                reason = f"{host}: {type(error).__name__}: {error}"
                if isinstance(error.__cause__, NameNotResolved):
                    self._unresolved[host] = reason
                raise _NoAnswer(reason) from None
            status = response.status_code
            retry_after = retry_after_seconds(response.headers.get("retry-after"), time.time())
            if status == 429 or (status == 503 and retry_after is not None):
                gate.slow_down(
                    retry_after,
                    rate_limited=status == 429,
                    sent_at=sent_at,
                    on_the_wire=place.on_the_wire,
                )
                delay = retry_after if retry_after is not None else self._backoff(waits)
                if waits >= _WAITS or waited + delay > self._settings.retry_after_cap:
                    raise _NoAnswer(f"{host} answered HTTP {status} (asked to wait)")
                waits += 1
                waited += delay
                await self._sleep(delay)
                continue
            gate.answered(seconds, on_the_wire=place.on_the_wire)
            if status >= 500 and retries < self._settings.retries:
                await self._sleep(self._backoff(retries))
                retries += 1
                continue
            return _Response(status, body[:MAX_ANSWER], len(body) > MAX_ANSWER)

    def _request(self, url: str) -> httpx.Request:
        try:
            return httpx.Request(
                "GET",
                url,
                headers={
                    "User-Agent": self._settings.user_agent,
                    "Accept": "application/json",
                    "Accept-Encoding": ACCEPT_ENCODING,
                },
                extensions=self._settings.request_timeouts,
            )
        except (httpx.InvalidURL, ValueError) as error:
            raise _NoAnswer(f"cannot ask {url}: {error}") from None

    def _refuse_if_hopeless(self, gate: HostGate, host: str) -> None:
        """_NoAnswer when the host has been given up, or its name did not resolve."""
        if gate.given_up:
            raise _NoAnswer(f"{host} {gate.give_up_error()}")
        if host in self._unresolved:
            raise _NoAnswer(self._unresolved[host])

    def _backoff(self, attempt: int) -> float:
        return float(min(self._settings.backoff_cap, self._settings.backoff_base * 2**attempt))


def _cdx_rows(body: bytes, truncated: bool) -> list[dict[str, str]] | None:
    """The captures of a CDX answer in JSON (a header row, then one row per capture), by
    field name; None when it is not one. A truncated answer gives its complete rows."""
    try:
        data: Any = json.loads(body)
    except ValueError:
        if not truncated:
            return _text_rows(body)
        data = _complete_rows(body)
    if not isinstance(data, list):
        return None
    if not data:
        return []
    names: tuple[str, ...] = _CDX_FIELDS
    first = data[0]
    if isinstance(first, list) and "timestamp" in first:
        names = tuple(str(name) for name in first)
        data = data[1:]
    rows = []
    for row in data:
        if isinstance(row, list) and all(isinstance(value, (str, int)) for value in row):
            rows.append(dict(zip(names, (str(value) for value in row), strict=False)))
    return rows


_TIMESTAMP = re.compile(r"\d{4,14}")


def _text_rows(body: bytes) -> list[dict[str, str]] | None:
    """The captures of a CDX answer in its plain-text form, one a line: the fields asked for
    (timestamp, original, status code), or all seven (key, timestamp, original, type, status
    code, digest, length); None when it is not one."""
    rows = []
    for line in body.decode("utf-8", "replace").splitlines():
        fields = line.split()
        if not fields:
            continue
        if len(fields) == 3:
            stamp, original, status = fields
        elif len(fields) >= 7:
            stamp, original, status = fields[1], fields[2], fields[4]
        else:
            return None
        if not _TIMESTAMP.fullmatch(stamp) or "://" not in original:
            return None
        rows.append({"timestamp": stamp, "original": original, "statuscode": status})
    return rows


def _complete_rows(body: bytes) -> list[Any]:
    """The rows of the part of a CDX answer that was read (one row a line, as it writes)."""
    rows: list[Any] = []
    for line in body.decode("utf-8", "replace").splitlines():
        text = line.strip().rstrip(",")
        if text.startswith("[["):
            text = text[1:]
        if text.endswith("]]"):
            text = text[:-1]
        try:
            rows.append(json.loads(text))
        except ValueError:
            continue
    return rows
