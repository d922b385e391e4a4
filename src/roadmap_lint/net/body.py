"""Reading the start of a response body with hard bounds, compressed or not.

httpx decompresses whole chunks, so one small gzip chunk may expand to gigabytes before
a caller can stop; here the decompressor itself is told how much it may produce.
"""

from __future__ import annotations

import zlib

import httpx

ACCEPT_ENCODING = "gzip, deflate"


def _decoder(encoding: str) -> zlib._Decompress | None:
    if encoding in ("gzip", "x-gzip", "deflate"):
        return zlib.decompressobj(wbits=zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
    return None


async def read_prefix(response: httpx.Response, limit: int) -> bytes:
    """At most `limit` decoded bytes of the body; b"" for an encoding it cannot decode."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    decoder = _decoder(encoding)
    if encoding not in ("", "identity") and decoder is None:
        return b""
    body = bytearray()
    raw_read = 0
    if response.is_stream_consumed:  # already in memory (a response built from bytes)
        return response.content[:limit]
    async for chunk in response.aiter_raw():
        raw_read += len(chunk)
        if decoder is None:
            body += chunk
        else:
            try:
                body += decoder.decompress(chunk, limit - len(body))
            except zlib.error:
                break
            if decoder.unconsumed_tail:
                break  # the output limit was reached
        if len(body) >= limit or raw_read >= limit:
            break
    return bytes(body[:limit])
