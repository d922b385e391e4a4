"""Whether a URL is one a request can be made for: what a document or a server's `Location`
header says is never trusted to parse."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx

_FORBIDDEN_IN_HOST = re.compile(r"[\x00-\x20\x7f%\\]")


def url_problem(url: str) -> str | None:
    """Why no request can be made for `url`; None for a usable URL (or another scheme's,
    such as `mailto:`, which is not requested)."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            return None
        port = parts.port  # raises for a port out of range or not a number
        host = parts.hostname or ""
    except ValueError as error:
        return str(error) or "cannot be read"
    if not host:
        return "no host"
    if _FORBIDDEN_IN_HOST.search(host):
        return f"the host {host!r} holds a character no host name may"
    if port == 0:
        return "port 0"
    try:
        parsed = httpx.URL(url)
        if not parsed.host:
            return "no host"
    except (httpx.InvalidURL, ValueError, UnicodeError) as error:
        return str(error) or type(error).__name__
    if not host.startswith("[") and ":" not in host:
        try:
            host.encode("idna")
        except UnicodeError as error:
            return f"the host {host!r} is not a valid name ({error})"
    return None
