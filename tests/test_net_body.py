"""Reading the start of a body: every deflate a server may send, within the same bounds."""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

import anyio
import httpx
import pytest

from roadmap_lint.net.body import decodable, read_prefix

PAGE = b'<html><h2 id="intro">Intro</h2>' + b"<p>text</p>" * 2000


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


def gzip(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=zlib.MAX_WBITS | 16)
    return compressor.compress(data) + compressor.flush()


class Chunks(httpx.AsyncByteStream):
    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.data), self.size):
            yield self.data[start : start + self.size]


def read(encoding: str, data: bytes, chunk: int, limit: int = 1_000_000) -> bytes:
    response = httpx.Response(
        200, headers={"content-encoding": encoding}, stream=Chunks(data, chunk)
    )
    return anyio.run(read_prefix, response, limit)


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [("deflate", raw_deflate), ("deflate", zlib.compress), ("gzip", gzip), ("x-gzip", gzip)],
    ids=["raw deflate", "zlib deflate", "gzip", "x-gzip"],
)
@pytest.mark.parametrize("chunk", [1, 2, 7, 65536])
def test_every_form_of_deflate_is_read(encoding: str, compress, chunk: int) -> None:  # type: ignore[no-untyped-def]
    assert read(encoding, compress(PAGE), chunk) == PAGE


def test_a_compressed_bomb_is_read_only_to_the_limit() -> None:
    bomb = raw_deflate(b"\0" * 50_000_000)
    assert len(read("deflate", bomb, 65536, limit=1000)) == 1000


@pytest.mark.parametrize("encoding", ["br", "zstd", "compress", "gzip, br"])
def test_an_encoding_it_cannot_read_is_said_so(encoding: str) -> None:
    response = httpx.Response(
        200, headers={"content-encoding": encoding}, stream=Chunks(b"\x8b\x00", 2)
    )
    assert not decodable(response)
