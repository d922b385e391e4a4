"""Which query parameters came along with a copied URL, and which were placed on purpose.

A URL copied from a social network, a newsletter, a search result or an AI assistant
brings that visit's tracking with it (`fbclid`, `si`, `utm_source=chatgpt.com`,
`utm_medium=email`, a newsletter's `?ref=`). A list's owner also tags links on purpose:
sponsors and partners (`utm_medium=referral`, `utm_campaign=<the list>`), affiliate and
referral codes, coupon codes. Only the first kind is tracking to remove; where the
evidence does not say which kind a parameter is, it is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

from roadmap_lint.urls import RESOURCE_PARAMETERS, host_of, split_url

# Click and share identifiers: never placed by hand.
_CLICK_IDS = frozenset(
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
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "spm",
        "ref_src",
        "ref_url",
        "share_source",
        "share_medium",
    }
)
# Parameters that record a share on one site (elsewhere they may select the resource).
_HOST_SHARES: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (
        re.compile(r"(?:^|\.)(?:youtube\.com|youtu\.be|youtube-nocookie\.com)$"),
        frozenset({"si", "feature", "pp"}),
    ),
    (re.compile(r"(?:^|\.)(?:open\.)?spotify\.com$"), frozenset({"si"})),
    (re.compile(r"(?:^|\.)facebook\.com$"), frozenset({"ref", "__tn__", "__cft__"})),
    (re.compile(r"(?:^|\.)(?:twitter\.com|x\.com)$"), frozenset({"s", "t"})),
    (re.compile(r"(?:^|\.)linkedin\.com$"), frozenset({"trk", "trackingid", "lipi"})),
)
# utm_* values that say the link came from somewhere it was shared, not from the list.
_SHARED_FROM = re.compile(
    r"^(?:share|shared|social|email|e-mail|mail|newsletter\w*|rss|feed\w*|twitter|t\.co|x"
    r"|facebook|fb|linkedin|reddit|hn|hackernews|hacker_news|mastodon|bluesky|bsky|whatsapp"
    r"|telegram|slack|discord|pocket|flipboard|substack|medium|copy|copylink|ios|android"
    r"|chatgpt(?:\.com)?|openai|perplexity(?:\.ai)?|claude(?:\.ai)?|gemini|copilot|bing|google"
    r"|duckduckgo|organic_social|paid_social)$",
    re.IGNORECASE,
)
# utm_* values that say the list's owner (or its sponsor) tagged the link.
_PLACED = re.compile(
    r"^(?:referral|affiliate\w*|sponsor\w*|partner\w*|partnership|ads?|paid|cpc|ppc|display"
    r"|banner|badge|promo\w*|campaign)$",
    re.IGNORECASE,
)
# A `ref` naming where the visitor came from: a site, a newsletter, a directory.
_REF_SOURCE = re.compile(
    r"^(?:[\w-]+\.)+[a-z]{2,}$|^(?:newsletter\w*|producthunt|hackernews|hn|reddit|twitter"
    r"|share|email|rss|feed\w*|bookmarks?|nav\w*|chatgpt)$",
    re.IGNORECASE,
)
# Hosts where `ref` names a branch or tag (`?ref=main`), never a visit.
_REF_SELECTS = re.compile(
    r"(?:^|\.)(?:github\.com|githubusercontent\.com|gitlab\.com|bitbucket\.org|codeberg\.org"
    r"|gitea\.com|sr\.ht|readthedocs\.io|readthedocs\.org)$"
)
_API = re.compile(r"^api\.|\.api\.")


def _pairs(query: str) -> list[tuple[str, str, str]]:
    """(raw pair, lower-cased name, decoded value) of each parameter, as written."""
    pairs = []
    for pair in query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        pairs.append((pair, unquote(name).strip().lower(), unquote(value).strip()))
    return pairs


def _utm_says_shared(values: dict[str, str]) -> bool:
    utm = {name: value for name, value in values.items() if name.startswith("utm_")}
    if not utm or any(_PLACED.match(value) for value in utm.values()):
        return False
    return any(_SHARED_FROM.match(utm.get(name, "")) for name in ("utm_source", "utm_medium"))


def copied_tracking(url: str, extra: Iterable[str] = ()) -> list[str]:
    """Names (as written) of the parameters that came along with a copied URL, in order."""
    _, query, _ = split_url(url)
    if not query:
        return []
    host = host_of(url)
    pairs = _pairs(query)
    values = {name: value for _, name, value in pairs}
    extra_names = {name.lower() for name in extra}
    shared_utm = _utm_says_shared(values)
    found = []
    for raw, name, value in pairs:
        if name in RESOURCE_PARAMETERS and name not in extra_names:
            continue
        if (
            name in extra_names
            or name in _CLICK_IDS
            or (name.startswith("utm_") and shared_utm)
            or any(pattern.search(host) and name in names for pattern, names in _HOST_SHARES)
            or (name == "ref" and _ref_came_along(host, value, values))
        ):
            found.append(raw.split("=", 1)[0])
    return found


def _ref_came_along(host: str, value: str, values: dict[str, str]) -> bool:
    """`ref=newsletter`, `ref=mrdbourke.com`: where a visitor came from. Not on code forges
    (a branch), not in an API call among other parameters, not a referral code (`ref=x7k2`)."""
    if _REF_SELECTS.search(host) or _API.search(host):
        return False
    others = [name for name in values if name != "ref" and not name.startswith("utm_")]
    return not others and bool(_REF_SOURCE.match(value))


def without(url: str, names: Iterable[str]) -> str:
    """The URL without the named parameters; every other character kept as written."""
    base, query, fragment = split_url(url)
    if query is None:
        return url
    removed = set(names)
    pairs = query.split("&")
    kept = [pair for pair in pairs if not (pair and pair.split("=", 1)[0] in removed)]
    kept_query = "&".join(kept).strip("&") if len(kept) != len(pairs) else query
    result = base + (f"?{kept_query}" if kept_query else "")
    return result + (f"#{fragment}" if fragment is not None else "")
