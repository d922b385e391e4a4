"""httpcore's network backend on asyncio's transports, against servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import ssl
import struct
import time
from collections.abc import Awaitable, Callable

import anyio
import httpcore
import pytest

from roadmap_lint.net.aio_stream import DEADLINE, AsyncioBackend, default_backend

pytestmark = pytest.mark.network

Serve = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _with_server(serve: Serve, client: Callable[[int], Awaitable[None]]) -> None:
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        await asyncio.wait_for(client(port), 10)
    finally:
        server.close()


def run(serve: Serve, client: Callable[[int], Awaitable[None]]) -> None:
    anyio.run(_with_server, serve, client)


async def _silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A server that takes the connection and never answers."""
    await reader.read(1)


async def _connect(port: int) -> httpcore.AsyncNetworkStream:
    return await AsyncioBackend().connect_tcp("127.0.0.1", port, timeout=5)


def test_reads_what_arrived_then_nothing_once_the_server_closed() -> None:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readexactly(4)
        writer.write(b"pong")
        await writer.drain()
        writer.close()

    async def client(port: int) -> None:
        stream = await _connect(port)
        await stream.write(b"ping", timeout=5)
        received = b""
        while len(received) < 4:
            received += await stream.read(1024, timeout=5)
        assert received == b"pong"
        assert await stream.read(1024, timeout=5) == b""
        assert stream.get_extra_info("is_readable") is True  # closed: not to be reused
        await stream.aclose()

    run(serve, client)


def test_an_idle_open_connection_is_not_readable() -> None:
    async def client(port: int) -> None:
        stream = await _connect(port)
        assert stream.get_extra_info("is_readable") is False
        assert stream.get_extra_info("server_addr")[1] == port
        await stream.aclose()

    run(_silent, client)


def test_a_server_that_never_answers_times_out() -> None:
    async def client(port: int) -> None:
        stream = await _connect(port)
        started = time.monotonic()
        with pytest.raises(httpcore.ReadTimeout):
            await stream.read(1024, timeout=0.2)
        assert 0.15 < time.monotonic() - started < 2
        await stream.aclose()

    run(_silent, client)


def test_the_exchange_deadline_cuts_a_read_short() -> None:
    async def client(port: int) -> None:
        stream = await _connect(port)
        started = time.monotonic()
        DEADLINE.set(asyncio.get_running_loop().time() + 0.2)
        try:
            with pytest.raises(httpcore.ReadTimeout):
                await stream.read(1024, timeout=30)
        finally:
            DEADLINE.set(None)
        assert time.monotonic() - started < 2
        await stream.aclose()

    run(_silent, client)


def test_a_large_answer_arrives_whole_though_reading_pauses_the_socket() -> None:
    payload = bytes(range(256)) * 8192  # 2 MB: far above what is held unread

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(payload)
        await writer.drain()
        writer.close()

    async def client(port: int) -> None:
        stream = await _connect(port)
        await asyncio.sleep(0.2)  # let it pile up unread
        received = bytearray()
        while chunk := await stream.read(64 * 1024, timeout=5):
            received += chunk
        assert bytes(received) == payload
        await stream.aclose()

    run(serve, client)


def test_a_reset_connection_is_a_read_error() -> None:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1)
        raw = writer.get_extra_info("socket")
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()

    async def client(port: int) -> None:
        stream = await _connect(port)
        await stream.write(b"x", timeout=5)
        with pytest.raises(httpcore.ReadError):
            await stream.read(1024, timeout=5)
        await stream.aclose()

    run(serve, client)


def test_a_closed_port_cannot_be_connected_to() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]

    async def main() -> None:
        with pytest.raises(httpcore.ConnectError):
            await _connect(port)

    anyio.run(main)


def test_a_failed_tls_handshake_is_a_connect_error_caused_by_tls() -> None:
    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1)
        writer.write(b"HTTP/1.1 400 Bad Request\r\n\r\n")  # not TLS at all
        await writer.drain()
        writer.close()

    async def client(port: int) -> None:
        stream = await _connect(port)
        with pytest.raises(httpcore.ConnectError) as caught:
            await stream.start_tls(ssl.create_default_context(), "localhost", timeout=5)
        assert isinstance(caught.value.__cause__, ssl.SSLError)

    run(serve, client)


def test_asyncio_runs_get_this_backend_and_others_httpcores() -> None:
    async def main() -> httpcore.AsyncNetworkBackend:
        return default_backend()

    assert isinstance(anyio.run(main), AsyncioBackend)
    assert isinstance(default_backend(), httpcore.AnyIOBackend)  # no event loop at all
