"""httpcore's network backend on asyncio's own transports, for runs on asyncio.

httpcore's anyio backend wraps every read and write in a cancel scope with a deadline and
maps exceptions through context managers: on a run of thousands of short requests that was
a tenth of the CPU time. Here a read that must wait awaits one future, with one timer for
its timeout; data that has already arrived is returned without waiting at all. Runs on trio
keep httpcore's anyio backend (see `default_backend`).

Besides each operation's own timeout, an exchange as a whole has a deadline (`DEADLINE`, on
anyio's clock, set by the transport for the task making the exchange): a server that sends
one byte a second never trips a per-read timeout.
"""

from __future__ import annotations

import asyncio
import contextvars
import select
import socket
import ssl
import typing

import httpcore
import sniffio

SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)

# Bytes held unread before the socket is no longer read from (the server then waits).
_HIGH_WATER = 256 * 1024

# When the exchange under way in this task must be over, on the event loop's clock.
DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "exchange_deadline", default=None
)


def within_deadline(timeout: float | None, now: float) -> float | None:
    """An operation's timeout, shortened to what is left of the exchange's deadline."""
    deadline = DEADLINE.get()
    if deadline is None:
        return timeout
    left = max(deadline - now, 0.0)
    return left if timeout is None else min(timeout, left)


def default_backend() -> httpcore.AsyncNetworkBackend:
    """The backend for the event loop this runs on."""
    try:
        on_asyncio = sniffio.current_async_library() == "asyncio"
    except sniffio.AsyncLibraryNotFoundError:
        on_asyncio = False
    return AsyncioBackend() if on_asyncio else httpcore.AnyIOBackend()


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """TCP connections only: the guarded backend above it refuses unix sockets and sleeps
    on anyio's clock itself."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        protocol = _Reader(loop)
        local = (local_address, 0) if local_address else None
        try:
            await asyncio.wait_for(
                loop.create_connection(lambda: protocol, host, port, local_addr=local),
                within_deadline(timeout, loop.time()),
            )
        except asyncio.TimeoutError as error:
            raise httpcore.ConnectTimeout(f"no connection to {host}:{port} in time") from error
        except OSError as error:
            raise httpcore.ConnectError(str(error) or type(error).__name__) from error
        stream = AsyncioStream(protocol)
        raw = stream.get_extra_info("socket")
        for option in socket_options or ():
            raw.setsockopt(*option)
        return stream


class _Reader(asyncio.Protocol):
    """What has arrived on a connection, and who waits for more."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.closed = False  # the peer closed, or the connection was lost
        self.error: BaseException | None = None
        self.reading_paused = False
        self._waiter: asyncio.Future[None] | None = None
        self._drained: asyncio.Future[None] | None = None
        self.writing_paused = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = typing.cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if len(self.buffer) > _HIGH_WATER and self.transport is not None:
            self.transport.pause_reading()
            self.reading_paused = True
        self._wake()

    def eof_received(self) -> bool:
        self.closed = True
        self._wake()
        return False  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.error = exc
        self._wake()
        self.writing_paused = False
        _resolve(self._drained)

    def pause_writing(self) -> None:
        self.writing_paused = True

    def resume_writing(self) -> None:
        self.writing_paused = False
        _resolve(self._drained)

    def _wake(self) -> None:
        _resolve(self._waiter)

    async def arrival(self, timeout: float | None) -> None:
        """Wait until data arrives or the connection ends; TimeoutError after `timeout`."""
        self._waiter = self.loop.create_future()
        await _wait(self.loop, self._waiter, timeout)
        self._waiter = None

    async def drained(self, timeout: float | None) -> None:
        self._drained = self.loop.create_future()
        await _wait(self.loop, self._drained, timeout)
        self._drained = None


def _resolve(future: asyncio.Future[None] | None) -> None:
    if future is not None and not future.done():
        future.set_result(None)


def _expire(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_exception(TimeoutError())


async def _wait(
    loop: asyncio.AbstractEventLoop, future: asyncio.Future[None], timeout: float | None
) -> None:
    timer = loop.call_later(timeout, _expire, future) if timeout is not None else None
    try:
        await future
    finally:
        if timer is not None:
            timer.cancel()


class AsyncioStream(httpcore.AsyncNetworkStream):
    def __init__(self, protocol: _Reader):
        self._protocol = protocol
        assert protocol.transport is not None
        self._transport = protocol.transport
        self._socket: socket.socket | None = self._transport.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        protocol = self._protocol
        if not protocol.buffer and not protocol.closed:
            try:
                await protocol.arrival(within_deadline(timeout, protocol.loop.time()))
            except TimeoutError as error:
                raise httpcore.ReadTimeout("no data in time") from error
        if protocol.buffer:
            data = bytes(protocol.buffer[:max_bytes])
            del protocol.buffer[:max_bytes]
            if protocol.reading_paused and len(protocol.buffer) <= _HIGH_WATER // 2:
                protocol.reading_paused = False
                self._transport.resume_reading()
            return data
        if protocol.error is not None:
            raise httpcore.ReadError(str(protocol.error)) from protocol.error
        return b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        protocol = self._protocol
        if protocol.closed or self._transport.is_closing():
            raise httpcore.WriteError("the connection is closed")
        self._transport.write(buffer)
        if protocol.writing_paused:
            try:
                await protocol.drained(within_deadline(timeout, protocol.loop.time()))
            except TimeoutError as error:
                raise httpcore.WriteTimeout("could not send in time") from error
            if protocol.error is not None:
                raise httpcore.WriteError(str(protocol.error)) from protocol.error

    async def aclose(self) -> None:
        self._transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        protocol = self._protocol
        try:
            transport = await asyncio.wait_for(
                protocol.loop.start_tls(
                    self._transport, protocol, ssl_context, server_hostname=server_hostname
                ),
                within_deadline(timeout, protocol.loop.time()),
            )
        except asyncio.TimeoutError as error:
            self._transport.abort()
            raise httpcore.ConnectTimeout("TLS handshake not finished in time") from error
        except (OSError, ssl.SSLError) as error:
            self._transport.abort()
            raise httpcore.ConnectError(str(error) or type(error).__name__) from error
        if transport is None:
            raise httpcore.ConnectError("the connection closed during the TLS handshake")
        protocol.transport = transport
        return AsyncioStream(protocol)

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "is_readable":
            return bool(self._protocol.buffer) or self._protocol.closed or readable(self._socket)
        if info == "socket":
            return self._socket
        if info == "ssl_object":
            return self._transport.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._transport.get_extra_info("sockname")
        if info == "server_addr":
            return self._transport.get_extra_info("peername")
        return None


def readable(sock: socket.socket | None) -> bool:
    """Whether a read would return at once (for an idle connection: the server hung up)."""
    if sock is None or sock.fileno() < 0:
        return True
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)
