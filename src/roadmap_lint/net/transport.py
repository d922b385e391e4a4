"""HTTP clients whose every connection is checked against the address policy.

The check happens when a socket is opened, after DNS resolution, and the socket is opened
to the very address that was checked: a name that resolves to a public address for the
check and to a private one a moment later (DNS rebinding) cannot slip through, and neither
can a redirect, since each hop opens its own connection.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import typing
from collections.abc import Callable

import anyio
import httpcore
import httpx

from roadmap_lint.net.aio_stream import (
    DEADLINE,
    AsyncioStream,
    SocketOption,
    default_backend,
    readable,
    within_deadline,
)
from roadmap_lint.net.policy import AddressPolicy
from roadmap_lint.net.resolver import Resolver, is_ip_literal, system_resolver


class AddressRefused(httpcore.ConnectError):
    """The destination resolved to an address the policy refuses."""


class NameNotResolved(httpcore.ConnectError):
    """DNS has no address for the name."""


_KEEP_ALIVE = 5.0  # seconds an idle connection is kept for the next request
_OriginKey = tuple[bytes, bytes, int]


def _key(origin: httpcore.Origin) -> _OriginKey:
    return origin.scheme, origin.host, origin.port


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """`inner` opens the sockets and `resolver` looks names up (both replaceable in tests);
    `on_answer` is called whenever the network answers: a name resolved to an address
    the policy allows, or a connection established."""

    def __init__(
        self,
        policy: AddressPolicy,
        inner: httpcore.AsyncNetworkBackend | None = None,
        *,
        resolver: Resolver | None = None,
        on_answer: Callable[[], None] | None = None,
    ):
        self._policy = policy
        self._inner = inner  # None: chosen for the event loop at the first connection
        self._resolver = resolver or system_resolver
        self._on_answer = on_answer or _nothing
        # One lookup per name and port for the whole run, shared by concurrent connections:
        # a host's pool opens several at once, and a resolver that is slow to fail (no
        # network) would otherwise be asked again for each.
        self._resolved: dict[tuple[str, int], list[str] | NameNotResolved] = {}
        self._resolving = anyio.Lock()

    async def _addresses(self, host: str, port: int) -> list[str]:
        key = (host, port)
        async with self._resolving:
            if key not in self._resolved:
                try:
                    self._resolved[key] = await self._lookup(host, port)
                except NameNotResolved as error:
                    self._resolved[key] = error
        known = self._resolved[key]
        if isinstance(known, NameNotResolved):
            raise NameNotResolved(str(known))
        return known

    async def _lookup(self, host: str, port: int) -> list[str]:
        if is_ip_literal(host):
            return [host]  # nothing asked, so no sign of a network either
        try:
            addresses = await self._resolver(host, port)
        except socket.gaierror as error:
            raise NameNotResolved(f"DNS lookup failed for {host}: {error.strerror}") from error
        # DNS answering shows there is a network; a name that resolves only to addresses
        # refused here (localhost, from the hosts file) shows nothing: it resolves offline.
        if any(self._policy.refusal(address) is None for address in addresses):
            self._on_answer()
        return addresses

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            limit = within_deadline(timeout, anyio.current_time())
            with anyio.fail_after(limit) if limit is not None else _no_timeout():
                addresses = await self._addresses(host, port)
        except TimeoutError as error:
            # anyio's own TimeoutError is not an httpcore error: unmapped it would end the run.
            raise httpcore.ConnectTimeout(f"DNS lookup for {host} timed out") from error
        if not addresses:
            raise NameNotResolved(f"DNS lookup failed for {host}: no address")
        refusals = [reason for reason in map(self._policy.refusal, addresses) if reason]
        allowed = [address for address in addresses if self._policy.refusal(address) is None]
        if not allowed:
            raise AddressRefused(refusals[0])
        # Only the allowed addresses are ever connected to: `localhost` answering ::1 and
        # 127.0.0.1 works with 127.0.0.0/8 allowed, and a name that also points into the
        # private network is reached on its public address only.
        if self._inner is None:
            self._inner = default_backend()
        last_error: Exception | None = None
        for address in allowed:
            try:
                stream = await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
                self._on_answer()
                return stream if isinstance(stream, AsyncioStream) else _Bounded(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise AddressRefused("unix sockets are not used")

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)


class _Bounded(httpcore.AsyncNetworkStream):
    """Another backend's stream, kept to the exchange's deadline (see `aio_stream.DEADLINE`),
    and answering "is the idle socket readable?" cheaply.

    httpcore asks that of every idle connection before it reuses it, and the anyio stream
    answers by building a table of all its attributes first; that alone was a fifth of the
    CPU time of a large check. The raw socket is looked up once instead.
    """

    def __init__(
        self, stream: httpcore.AsyncNetworkStream, raw_socket: socket.socket | None = None
    ):
        self._stream = stream
        self._socket = raw_socket if raw_socket is not None else stream.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        with _deadline_as(httpcore.ReadTimeout):
            return await self._stream.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        with _deadline_as(httpcore.WriteTimeout):
            await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        with _deadline_as(httpcore.ConnectTimeout):
            tls = await self._stream.start_tls(ssl_context, server_hostname, timeout)
        return _Bounded(tls, self._socket)

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "is_readable":
            return readable(self._socket)
        if info == "socket":
            return self._socket
        return self._stream.get_extra_info(info)


@contextlib.contextmanager
def _deadline_as(error: type[Exception]) -> typing.Iterator[None]:
    deadline = DEADLINE.get()
    if deadline is None:
        yield
        return
    try:
        with anyio.fail_at(deadline):
            yield
    except TimeoutError as timeout:
        raise error("the answer took longer than the timeout") from timeout


def _nothing() -> None:
    return None


class _no_timeout:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _as_httpx(error: Exception) -> Exception:
    """httpcore's error as the httpx error of the same name, as httpx's own transport raises.

    httpx mirrors httpcore's transport errors class by class under the same names
    (ConnectError, ReadTimeout, RemoteProtocolError…); the closest class in the error's
    ancestry that httpx has is the one raised, so no table of our own can fall behind.
    """
    for kind in type(error).__mro__:
        if not kind.__module__.startswith("httpcore"):
            continue
        mirror = getattr(httpx, kind.__name__, None)
        if isinstance(mirror, type) and issubclass(mirror, httpx.TransportError):
            mapped = mirror(str(error))
            mapped.__cause__ = error
            return mapped
    return error


def _budget(request: httpx.Request) -> float | None:
    """Seconds the answer's head (and again its body) may take: the longest of the
    request's timeouts."""
    timeouts = request.extensions.get("timeout") or {}
    values = [float(value) for value in timeouts.values() if value is not None]
    return max(values) if values else None


def _start_deadline(budget: float | None) -> None:
    """The exchange made in this task must be over `budget` seconds from now (see
    `aio_stream.DEADLINE`)."""
    DEADLINE.set(None if budget is None else anyio.current_time() + budget)


class _ResponseStream(httpx.AsyncByteStream):
    def __init__(self, stream: typing.AsyncIterable[bytes], on_close: typing.Callable[[], None]):
        self._stream = stream
        self._on_close: typing.Callable[[], None] | None = on_close

    async def __aiter__(self) -> typing.AsyncIterator[bytes]:
        try:
            async for chunk in self._stream:
                yield chunk
        except Exception as error:
            raise _as_httpx(error) from error

    async def aclose(self) -> None:
        try:
            close = getattr(self._stream, "aclose", None)
            if close is not None:
                await close()
        finally:
            if self._on_close is not None:
                self._on_close()
                self._on_close = None


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport over httpcore's connections, with the guarded network backend.

    Each request takes an idle connection to its origin, or opens one; the connection is
    kept alive for the next request once the response is closed. httpcore's pool would do
    this too, at several times the cost per request; the host's gate already limits how
    many are in flight, so a list of idle connections is all the pooling needed.

    The answer's head must come within the request's budget (the longest of its timeouts),
    and its body within as much again: httpx's timeouts bound each network operation, so a
    server that sends one byte a second would never trip them.
    """

    def __init__(
        self,
        policy: AddressPolicy,
        tls: Callable[[], ssl.SSLContext],
        *,
        inner: httpcore.AsyncNetworkBackend | None = None,
        resolver: Resolver | None = None,
        on_answer: Callable[[], None] | None = None,
    ):
        """`tls` gives the SSL context for https connections, asked when one is opened."""
        self._backend = GuardedBackend(policy, inner, resolver=resolver, on_answer=on_answer)
        self._tls = tls
        self._idle: dict[_OriginKey, list[httpcore.AsyncHTTPConnection]] = {}
        self._busy: set[httpcore.AsyncHTTPConnection] = set()
        self._retired: list[httpcore.AsyncHTTPConnection] = []  # to close at the end

    async def _take(self, origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection:
        idle = self._idle.get(_key(origin))
        while idle:
            connection = idle.pop()
            if connection.is_available() and not connection.has_expired():
                break
            await connection.aclose()
        else:
            connection = httpcore.AsyncHTTPConnection(
                origin,
                ssl_context=self._tls() if origin.scheme == b"https" else None,
                keepalive_expiry=_KEEP_ALIVE,
                network_backend=self._backend,
            )
        self._busy.add(connection)
        return connection

    def _give_back(self, origin: httpcore.Origin, connection: httpcore.AsyncHTTPConnection) -> None:
        if connection not in self._busy:
            return
        self._busy.discard(connection)
        if connection.is_idle() and not connection.is_closed():
            self._idle.setdefault(_key(origin), []).append(connection)
        elif not connection.is_closed():
            self._retired.append(connection)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        url = httpcore.URL(
            scheme=request.url.raw_scheme,
            host=request.url.raw_host,
            port=request.url.port,
            target=request.url.raw_path,
        )
        core_request = httpcore.Request(
            method=request.method,
            url=url,
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        budget = _budget(request)
        origin = url.origin
        connection = await self._take(origin)
        head = request.method == "HEAD"

        def finished() -> None:
            DEADLINE.set(None)
            self._give_back(origin, connection)

        _start_deadline(budget)
        try:
            response = await connection.handle_async_request(core_request)
            if head:  # no body to wait for: finished here, the connection is free at once
                try:
                    await response.aread()
                finally:
                    await response.aclose()
        except BaseException as error:
            finished()
            if isinstance(error, Exception):
                raise _as_httpx(error) from error
            raise
        if head:
            finished()
            return httpx.Response(
                status_code=response.status,
                headers=response.headers,
                content=b"",
                extensions=response.extensions,
            )
        assert isinstance(response.stream, typing.AsyncIterable)
        _start_deadline(budget)  # the body's own: it is read only when a fragment is looked for
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream, finished),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        connections = [*self._busy, *self._retired]
        for idle in self._idle.values():
            connections.extend(idle)
        self._idle.clear()
        self._busy.clear()
        self._retired.clear()
        for connection in connections:
            await connection.aclose()


def shared_ssl_context() -> ssl.SSLContext:
    """One context for every client: loading the trust store once saves time and memory."""
    return httpx.create_ssl_context()
