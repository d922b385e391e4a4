"""URL helpers for the content rules: normalised identity, tracking parameters, local hosts.

Everything here works on the URL text alone; nothing is requested.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

# Query parameters that only say where a visitor came from, on any host.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "twclid",
        "ttclid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "igsh",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "spm",
        "ref",
        "ref_src",
        "ref_url",
        "coupon",
        "couponcode",
        "affiliate",
        "aff_id",
    }
)
TRACKING_PREFIXES = ("utm_",)
# Parameters that are tracking only on some hosts (elsewhere they may select the resource).
_HOST_TRACKING: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (
        re.compile(r"(?:^|\.)(?:youtube\.com|youtu\.be|youtube-nocookie\.com)$"),
        frozenset({"si", "feature", "pp"}),
    ),
    (re.compile(r"(?:^|\.)(?:open\.)?spotify\.com$"), frozenset({"si"})),
    (re.compile(r"(?:^|\.)amazon\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$"), frozenset({"tag"})),
)
# Hosts where `ref` names a branch or tag (`?ref=main`), so it is never tracking there.
_REF_SELECTS = re.compile(
    r"(?:^|\.)(?:github\.com|githubusercontent\.com|gitlab\.com|bitbucket\.org|codeberg\.org"
    r"|gitea\.com|sr\.ht|readthedocs\.io|readthedocs\.org)$"
)
# Never removed, whatever the configuration says: they choose what the page shows.
RESOURCE_PARAMETERS = frozenset({"v", "list", "t", "q", "id", "page", "index", "start"})

_DEFAULT_PORTS = {"http": "80", "https": "443"}
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".test", ".invalid")
_EXAMPLE_HOSTS = re.compile(r"(?:^|\.)example\.(?:com|org|net)$|(?:^|\.)example$")


# An http(s) URL whose host is plain letters, digits, dots and hyphens, up to where the
# port (digits only: no user name), path, query or fragment starts: its host is read
# without taking the URL apart (big lists ask for the hosts of 10,000 URLs several times).
_PLAIN_HOST = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9.-]+)(?=(?::[0-9]*)?(?:[/?#]|\Z))")


def hostname(url: str) -> str:
    """`urlsplit(url).hostname`, lower-cased ("" when there is none or it cannot be read)."""
    plain = _PLAIN_HOST.match(url)
    if plain is not None:
        return plain.group(1).lower()
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def host_of(url: str) -> str:
    """The lower-cased host name of an absolute URL, without a final dot ("" when there is
    none)."""
    return hostname(url.strip()).rstrip(".")


def _parameter_name(pair: str) -> str:
    return unquote(pair.split("=", 1)[0]).strip().lower()


def is_tracking_parameter(name: str, host: str, extra: Iterable[str] = ()) -> bool:
    """Whether a query parameter (by name) only tracks the visit on this host."""
    name = name.lower()
    if name in RESOURCE_PARAMETERS:
        return False
    if name in {e.lower() for e in extra}:
        return True
    if name == "ref":
        return not _REF_SELECTS.search(host)
    if name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES):
        return True
    return any(pattern.search(host) and name in names for pattern, names in _HOST_TRACKING)


def split_url(url: str) -> tuple[str, str | None, str | None]:
    """(base, query, fragment) of a URL as written; query and fragment None when absent."""
    rest, hash_mark, fragment = url.partition("#")
    base, question, query = rest.partition("?")
    return base, (query if question else None), (fragment if hash_mark else None)


def tracking_parameters(url: str, extra: Iterable[str] = ()) -> list[str]:
    """Names of the tracking parameters in a URL's query, in order, as written."""
    _, query, _ = split_url(url)
    if not query:
        return []
    host = host_of(url)
    extra = tuple(extra)
    return [
        pair.split("=", 1)[0]
        for pair in query.split("&")
        if pair and is_tracking_parameter(_parameter_name(pair), host, extra)
    ]


def without_tracking(url: str, extra: Iterable[str] = ()) -> str:
    """The URL with its tracking parameters removed; every other character kept as written."""
    base, query, fragment = split_url(url)
    if query is None:
        return url
    host = host_of(url)
    extra = tuple(extra)
    kept = [
        pair
        for pair in query.split("&")
        if not (pair and is_tracking_parameter(_parameter_name(pair), host, extra))
    ]
    kept_query = "&".join(kept).strip("&") if len(kept) != len(query.split("&")) else query
    result = base + (f"?{kept_query}" if kept_query else "")
    return result + (f"#{fragment}" if fragment is not None else "")


# A URL with a plain host and neither port, user name nor query: its key is put together
# without taking it apart (a list's thousands of entries are keyed one by one).
_PLAIN_WEB_URL = re.compile(
    r"([Hh][Tt][Tt][Pp][Ss]?)://([A-Za-z0-9.-]+)(/[^?#\x00-\x20\x7f]*)?(?:#([^\x00-\x20\x7f]*))?"
)


@functools.lru_cache(maxsize=65536)
def normalise(url: str, *, keep_fragment: bool = False) -> str:
    """A key under which two URLs that name the same resource compare equal.

    Scheme and host case, `http`/`https`, a leading `www.`, the default port, a trailing
    slash, tracking parameters and (unless `keep_fragment`) the fragment do not count.
    """
    url = url.strip()
    plain = _PLAIN_WEB_URL.fullmatch(url)
    if plain is not None:
        host = plain.group(2).lower().rstrip(".")
        while host.startswith("www."):
            host = host[4:]
        key = f"https://{host}{(plain.group(3) or '').rstrip('/')}"
        fragment = plain.group(4)
        return f"{key}#{fragment}" if keep_fragment and fragment else key
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    default_port = _DEFAULT_PORTS.get(scheme)
    host = (parts.hostname or "").lower().rstrip(".")
    while host.startswith("www."):
        host = host[4:]
    if scheme == "http":
        scheme = "https"
    # The default port of the scheme as written, or https's own once http counts as https.
    default = port is None or str(port) in (default_port, _DEFAULT_PORTS["https"])
    port_text = "" if default else f":{port}"
    path = parts.path.rstrip("/")
    query = ""
    if parts.query:  # cleaned with the host, which decides what some parameters mean
        query = split_url(without_tracking(f"{scheme}://{host}/?{parts.query}"))[1] or ""
    key = f"{scheme}://{host}{port_text}{path}"
    if query:
        key += f"?{query}"
    if keep_fragment and parts.fragment:
        key += f"#{parts.fragment}"
    return key


@functools.lru_cache(maxsize=4096)  # big lists name the same few hosts again and again
def is_local_host(host: str) -> bool:
    """Loopback, private, link-local and reserved addresses and names, and example domains."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES) or "." not in host:
        return True  # also a single-label intranet name, and no host at all
    if _EXAMPLE_HOSTS.search(host):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not address.is_global
