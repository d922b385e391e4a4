"""Whether a URL is one a request can be made for: what a document or a server's `Location`
header says is never trusted to parse."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx

_FORBIDDEN_IN_HOST = re.compile(r"[\x00-\x20\x7f%\\]")

# The URLs of nearly every list: an ASCII host name (labels of letters, digits and inner
# hyphens) or a dotted IPv4 address, a port from 1 to 65535, and a path, query and
# fragment of characters that need no quoting. Both parsers take such a URL as it is, so it
# needs neither (a property test holds this to the full check below).
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN_CHARACTERS = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*"
_PLAIN_URL = re.compile(
    rf"[Hh][Tt][Tt][Pp][Ss]?://"
    rf"(?:{_OCTET}(?:\.{_OCTET}){{3}}|(?=[^/:?#]*[A-Za-z-]){_LABEL}(?:\.{_LABEL})*\.?)"
    rf"(?::(?:[1-9][0-9]{{0,3}}|[1-5][0-9]{{4}}|6[0-4][0-9]{{3}}|65[0-4][0-9]{{2}}|655[0-2][0-9]|6553[0-5]))?"
    rf"(?:/{_PLAIN_CHARACTERS})?(?:\?{_PLAIN_CHARACTERS})?(?:#{_PLAIN_CHARACTERS})?"
)


def plain_http_url(url: str) -> bool:
    """Whether `url` is an http(s) URL of the plain kind nearly every list has: one a
    request can be made for as it is."""
    return _PLAIN_URL.fullmatch(url) is not None


def url_problem(url: str) -> str | None:
    """Why no request can be made for `url`; None for a usable URL (or another scheme's,
    such as `mailto:`, which is not requested)."""
    if plain_http_url(url):
        return None
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
