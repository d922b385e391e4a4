"""Reading the start of a response body with hard bounds, compressed or not.

httpx decompresses whole chunks, so one small gzip chunk may expand to gigabytes before
a caller can stop; here the decompressor itself is told how much it may produce.
"""

from __future__ import annotations

import zlib

import httpx

ACCEPT_ENCODING = "gzip, deflate"
_DEFLATE = ("gzip", "x-gzip", "deflate")


def _decoder(head: bytes) -> zlib._Decompress:
    """A decoder for gzip, zlib-wrapped deflate or raw deflate, told apart by the first bytes
    ("deflate" is meant to be zlib-wrapped, but many servers send it raw)."""
    wrapped = head[:2] == b"\x1f\x8b" or (
        len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
    )
    return zlib.decompressobj(wbits=zlib.MAX_WBITS | 32 if wrapped else -zlib.MAX_WBITS)


class Undecodable(Exception):
    """The body is in an encoding this module cannot read, or its compressed data is bad."""


def decodable(response: httpx.Response) -> bool:
    """Whether `read_prefix` can read this body (else it reads nothing)."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    return encoding in ("", "identity", *_DEFLATE)


async def read_prefix(response: httpx.Response, limit: int, strict: bool = False) -> bytes:
    """At most `limit` decoded bytes of the body; b"" for an encoding it cannot decode (with
    `strict`, `Undecodable` is raised instead, also for damaged compressed data)."""
    if not decodable(response):
        if strict:
            raise Undecodable(response.headers.get("content-encoding", "").strip().lower())
        return b""
    if response.is_stream_consumed:  # already in memory (a response built from bytes)
        return response.content[:limit]
    compressed = response.headers.get("content-encoding", "").strip().lower() in _DEFLATE
    decoder: zlib._Decompress | None = None
    pending = b""  # compressed bytes held until the format can be told
    body = bytearray()
    raw_read = 0
    async for chunk in response.aiter_raw():
        raw_read += len(chunk)
        if not compressed:
            body += chunk
        else:
            pending += chunk
            if decoder is None:
                if len(pending) < 2:
                    continue
                decoder = _decoder(pending)
            try:
                body += decoder.decompress(pending, limit - len(body))
            except zlib.error as error:
                if strict:
                    raise Undecodable(f"damaged compressed data ({error})") from None
                break
            pending = b""
            if decoder.unconsumed_tail:
                break  # the output limit was reached
        if len(body) >= limit or raw_read >= limit:
            break
    return bytes(body[:limit])
