"""Rot that no status code shows: soft 404s, parked domains, deep links sent to the home page.

A page that answers 200 may still be gone: the site's "not found" page served with 200 (a
soft 404), a domain-parking page, or a deep link redirected to its site's home page. What a
page says is not enough to tell: an article about 404 errors says "404 Not Found" too. So a
page that looks gone is compared with what its site answers at an address that cannot
exist (`probe_url`, asked once per site and run):

- the same page there: the site serves it for every address, so it is not the page linked
  to; with parking markers it is a parked domain;
- a real 404 (or 410…) there: the site does proper 404s, so its 200 was meant: alive;
- another page, or no answer: nothing is certain; alive, except that a deep link sent to
  the home page is then a warning.

Every page read gets a cheap first look (`first_look`: the title and first headings, a few
sentences, parking markers, where redirects ended); only the few that look gone are parsed
(`page_text`) and compared with the probe (`judge`).
"""

from __future__ import annotations

import html
import re
import secrets
import string
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, unquote_plus, urlsplit

from roadmap_lint.net.fragments import html_text, read_anchors

SOFT_404 = "soft-404"
PARKED_DOMAIN = "parked-domain"
HOME_REDIRECT = "home-redirect"

PEEK_LIMIT = 64 * 1024  # bytes of a page read to look at it (title, headings, first text)
_PROBE_ALPHABET = string.ascii_lowercase + string.digits
_PROBE_LENGTH = 24
_MAX_WORDS = 3000  # of a page's text compared
_SHINGLE = 3  # words per shingle
_SAME_TEXT = 0.6  # Jaccard similarity of the shingles above which two pages are the same

# -- what a page says ------------------------------------------------------------------------

# Said in a title or a first heading: the page says it is not there.
_NOT_FOUND_TITLE = re.compile(
    r"\b(?:404|410)\b"
    r"|\bnot\s+found\b|\bnotfound\b"
    r"|\b(?:could\s*n[o']?t|can\s*not|can'?t)\s+be\s+found\b"
    r"|\b(?:does\s*n[o']?t|no\s+longer)\s+exists?\b"
    r"|\bno\s+longer\s+available\b"
    r"|\bpage\s+(?:is\s+)?(?:missing|unavailable|gone|removed|deleted)\b"
    r"|\bno\s+such\s+(?:page|file|post|article)\b"
    r"|\bnothing\s+(?:was\s+)?found\b"
    r"|\b(?:we|i)\s+(?:could\s*n[o']?t|can\s*not|can'?t)\s+find\b"
    r"|\bnicht\s+gefunden\b|\bno\s+encontrad[ao]\b|\bintrouvable\b|\bnon\s+trovat[ao]\b"
    r"|\bn[aã]o\s+encontrad[ao]\b|\bniet\s+gevonden\b|не\s+найден"
    r"|找不到|不存在|見つかりません|찾을\s*수\s*없"
)
# Said in the text: sentences only a "not found" page says. Searched near their hints only.
_NOT_FOUND_TEXT = re.compile(
    r"\b(?:page|url|file|resource|content|post|article)s?\s+(?:that\s+)?"
    r"(?:you(?:'re|\s+are|\s+were)?\s+)?(?:looking\s+for|requested|tried\s+to\s+\w+)\s+"
    r"(?:(?:could|can|does|did|was|is|has|have)\s*(?:n[o']?t|not)\b|can'?t\b|cannot\b|no\s+longer\b"
    r"|(?:has\s+been|was)\s+(?:removed|deleted|moved)\b)"
    r"|\bthis\s+page\s+(?:does\s*n[o']?t|no\s+longer)\s+exists?\b"
    r"|\bthe\s+requested\s+(?:page|url|resource)\s+(?:was\s+not|could\s+not\s+be|cannot\s+be)"
    r"\s+found\b"
    r"|\b(?:we|i)\s+(?:could\s*n[o']?t|can\s*not|can'?t)\s+find\s+(?:that|the|this|what)\b"
)
_TEXT_HINTS = ("looking for", "requested", "tried to", "this page", "find")  # one in each
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r"<h([12])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
# Where a site sends what it cannot find: /404, /not-found, /error…
_ERROR_PATH = re.compile(
    r"(?:^|[/._-])(?:404|410|not[-_]?found|notfound|page[-_]?not[-_]?found|error)(?:$|[/._-])",
    re.IGNORECASE,
)

# Domain-parking pages: the services that serve them, and what they say. Searched near their
# hints only.
_PARKING = re.compile(
    r"(?<![\w.-])(?:sedo\.com|sedoparking\.com|bodis\.com|dan\.com|afternic\.com"
    r"|hugedomains\.com|parkingcrew\.net|parklogic\.com|above\.com|undeveloped\.com"
    r"|domainmarket\.com|parkit\.com|dsparking\.com|smartname\.com)\b"
    r"|\b(?:sedoparking|parkingcrew|parklogic|bodis|afternic|hugedomains)\b"
    r"|\b(?:this|the)\s+domain(?:\s+name)?\s+(?:[\w.-]+\s+)?(?:is|may\s+be|might\s+be)\s+for\s+"
    r"sale\b"
    r"|\bdomain(?:\s+name)?\s+(?:is\s+|may\s+be\s+)?for\s+sale\b"
    r"|\bbuy\s+this\s+domain\b|\bmake\s+an\s+offer\s+on\s+this\s+domain\b"
    r"|\binquire\s+about\s+this\s+domain\b|\bthis\s+domain\s+(?:is\s+parked|has\s+expired)\b"
    r"|\bparked\s+(?:free|domain)\b|\bdomain\s+parking\b"
    r"|location(?:\.href)?\s*=\s*[\"']/lander\b"
)
# Every marker has one of these in it, or "domain" near it.
_PARKING_HINTS = ("domain", "sedo", "bodis", "parking", "afternic", "dan.com", "lander")
_NEAR = 80  # characters each side of a hint searched for the sentence it may be part of
_MOST_HINTS = 16  # hints looked at per page: a page that says "domain" everywhere is an article

# Hosts that serve parking or domain-sale pages: a link to another site that ends there has
# lost its domain.
_PARKING_HOSTS = frozenset(
    {
        "sedo.com",
        "sedoparking.com",
        "bodis.com",
        "dan.com",
        "afternic.com",
        "hugedomains.com",
        "parkingcrew.net",
        "parklogic.com",
        "above.com",
        "undeveloped.com",
        "domainmarket.com",
        "parkit.com",
        "dsparking.com",
        "smartname.com",
    }
)

# -- where a redirect ends -------------------------------------------------------------------

_INDEX_PAGES = frozenset(
    {"index.html", "index.htm", "index.php", "index.asp", "index.aspx", "default.aspx", "home"}
)
_LANGUAGE_CODES = (  # of the languages sites commonly have a home page for: `/en/`, `/de/`…
    "ar bg bn ca cs cy da de el en es et eu fa fi fr ga gl he hi hr hu hy id is it ja ka kk ko "
    "lt lv mk ms mt nb nl nn no pl pt ro ru sk sl sq sr sv sw ta th tl tr uk ur uz vi zh"
)
_LANGUAGES = frozenset(_LANGUAGE_CODES.split())
_LOCALE = re.compile(r"([a-z]{2})(?:[-_](?:[a-z]{2}|[a-z]{4}|\d{3}))?")


def _is_home_path(path: str) -> bool:
    """`/`, `/index.html`, a locale root (`/en/`, `/pt-br/index.html`): a site's home page."""
    segments = [segment for segment in unquote(path).lower().split("/") if segment]
    if segments and segments[-1] in _INDEX_PAGES:
        segments.pop()
    if not segments:
        return True
    found = _LOCALE.fullmatch(segments[0]) if len(segments) == 1 else None
    return found is not None and found[1] in _LANGUAGES


def _site(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    return host, None if port in (80, 443) else port


def same_site(a: str, b: str) -> bool:
    """The same host (`www.` or not, http or https), or one a subdomain of the other."""
    (host_a, port_a), (host_b, port_b) = _site(a), _site(b)
    if not host_a or not host_b or port_a != port_b:
        return False
    return host_a == host_b or host_a.endswith("." + host_b) or host_b.endswith("." + host_a)


def is_deep(url: str) -> bool:
    """A link to a page of a site rather than to the site."""
    return not _is_home_path(urlsplit(url).path)


def sent_home(url: str, landed: str) -> bool:
    """A deep link that ended, after redirects, on its own site's home page."""
    return (
        landed != url
        and is_deep(url)
        and _is_home_path(urlsplit(landed).path)
        and same_site(url, landed)
    )


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.rpartition('@')[2].lower()}"


def probe_url(origin: str) -> str:
    """An address of the site that cannot exist: random, unguessable, never asked twice."""
    name = "".join(secrets.choice(_PROBE_ALPHABET) for _ in range(_PROBE_LENGTH))
    return f"{origin}/{name}"


def _parking_host(url: str, landed: str) -> bool:
    host = _site(landed)[0]
    return host in _PARKING_HOSTS and not same_site(url, landed)


# -- the first look --------------------------------------------------------------------------


@dataclass(frozen=True)
class Suspicion:
    """Why a page that answered 200 may be gone."""

    not_found: bool = False  # its title, a first heading or a sentence says "not found"
    parking: bool = False  # it carries the markers of a domain-parking page
    home: bool = False  # a deep link that ended on its site's home page
    parking_host: bool = False  # it ended on a parking or domain-sale service: gone for sure

    @property
    def needs_probe(self) -> bool:
        return not self.parking_host

    def probe_origin(self, url: str, landed: str) -> str:
        """Where to ask: the linked site whether it sends every unknown address home; the
        site that answered whether it gives every unknown address this page."""
        return origin_of(url if self.home else landed)


# Apostrophes as pages write them ("can\u2019t", "can&rsquo;t"), read as the patterns expect.
_APOSTROPHES = (
    ("\u2019", "'"),
    ("&rsquo;", "'"),
    ("&#8217;", "'"),
    ("&#x2019;", "'"),
    ("&#39;", "'"),
)


def _straight(lowered: str) -> str:
    for written, plain in _APOSTROPHES:
        lowered = lowered.replace(written, plain)
    return lowered


def _plain(fragment: str) -> str:
    return _straight(" ".join(html.unescape(_TAG.sub(" ", fragment)).split()).lower())


def _said_near(lowered: str, hints: tuple[str, ...], pattern: re.Pattern[str]) -> bool:
    """Whether `pattern` matches around one of the first hints in the page, outside scripts
    and styles (searching the whole page would cost milliseconds)."""
    looked = 0
    for hint in hints:
        at = lowered.find(hint)
        while at >= 0 and looked < _MOST_HINTS:
            looked += 1
            window = " ".join(lowered[max(0, at - _NEAR) : at + _NEAR].split())
            if pattern.search(window) and not _in_script(lowered, at):
                return True
            at = lowered.find(hint, at + len(hint))
    return False


def _in_script(lowered: str, at: int) -> bool:
    opened = max(lowered.rfind("<script", 0, at), lowered.rfind("<style", 0, at))
    return opened > max(lowered.rfind("</script", 0, at), lowered.rfind("</style", 0, at))


def _says_not_found(text: str, lowered: str) -> bool:
    title = _TITLE.search(text)
    if title is not None and _NOT_FOUND_TITLE.search(_plain(title[1])):
        return True
    for index, heading in enumerate(_HEADING.finditer(text)):
        if index >= 2:
            break
        if _NOT_FOUND_TITLE.search(_plain(heading[2])):
            return True
    return _said_near(lowered, _TEXT_HINTS, _NOT_FOUND_TEXT)


def first_look(url: str, landed: str, body: bytes) -> Suspicion | None:
    """Why the page at `landed` (reached from `url`) may be gone; None when nothing says so.

    Cheap enough for every page read: a few searches of the first `PEEK_LIMIT` bytes.
    """
    if _parking_host(url, landed):
        return Suspicion(parking_host=True)
    text = body[:PEEK_LIMIT].decode("utf-8", errors="replace")
    lowered = _straight(text.lower())
    parking = _said_near(lowered, _PARKING_HINTS, _PARKING)
    home = sent_home(url, landed)
    not_found = is_deep(url) and (
        (landed != url and bool(_ERROR_PATH.search(urlsplit(landed).path)))
        or _says_not_found(text, lowered)
    )
    if parking or home or not_found:
        return Suspicion(not_found=not_found, parking=parking, home=home)
    return None


# -- the comparison --------------------------------------------------------------------------


class _Text(HTMLParser):
    """A page's title and the words of its visible text."""

    _HIDDEN = frozenset({"script", "style", "template", "noscript", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.text: list[str] = []
        self._hidden = 0
        self._in_title = False
        self._chars = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden and self._chars < 8 * _MAX_WORDS:
            self.text.append(data)
            self._chars += len(data)


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class PageText:
    """What two pages are compared by: the title and the visible text, word by word."""

    title: tuple[str, ...]
    words: tuple[str, ...]
    script_built: bool = False  # an application shell: the same for every address


def page_text(body: bytes, *addresses: str) -> PageText:
    """The page's title and text, without the `addresses` it was asked at and reached (a
    "not found" page often repeats the address: "/docs/old-guide was not found")."""
    parser = _Text()
    parser.feed(html_text(body[:PEEK_LIMIT]))
    runs = [run for address in addresses for run in _address_runs(address)]
    return PageText(
        title=tuple(_without(_words(" ".join(parser.title)), runs)),
        words=tuple(_without(_words(" ".join(parser.text)), runs)[:_MAX_WORDS]),
        script_built=read_anchors(body[:PEEK_LIMIT]).script_built,
    )


def _address_runs(url: str) -> list[list[str]]:
    """The word sequences of an address a page may repeat, longest first: its path, its
    last segment, the values of its query."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    segments = [segment for segment in path.split("/") if segment]
    texts = [path, segments[-1] if segments else ""]
    texts += [unquote_plus(pair.partition("=")[2]) for pair in parts.query.split("&")]
    runs = [_words(text) for text in texts]
    return sorted((run for run in runs if run), key=len, reverse=True)


def _without(words: list[str], runs: list[list[str]]) -> list[str]:
    """`words` with every occurrence of each run (longest first) taken out."""
    for run in runs:
        size = len(run)
        if size > len(words) or run[0] not in words:
            continue
        kept: list[str] = []
        index = 0
        while index < len(words):
            if words[index : index + size] == run:
                index += size
            else:
                kept.append(words[index])
                index += 1
        words = kept
    return words


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    if len(words) < _SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def same_page(a: PageText, b: PageText) -> bool:
    """Whether two pages are (nearly) the same: the same title, and most of their text (the
    same word shingles)."""
    if a.title != b.title:
        return False
    shingles_a = _shingles(list(a.words))
    shingles_b = _shingles(list(b.words))
    if not shingles_a or not shingles_b:
        return shingles_a == shingles_b
    shared = len(shingles_a & shingles_b)
    return shared / (len(shingles_a) + len(shingles_b) - shared) >= _SAME_TEXT


@dataclass(frozen=True)
class Probe:
    """What a site answered at an address that cannot exist."""

    asked: str | None = None  # the address that cannot exist
    missing: bool = False  # a real 404, 410 or other definite client error
    landed: str | None = None  # where a 2xx answer ended, after redirects
    page: PageText | None = None  # that page's text, when it was HTML

    @property
    def answered(self) -> bool:
        return self.landed is not None


NO_PROBE = Probe()  # it could not be made: no answer, an error, a refusal


@dataclass(frozen=True)
class Rot:
    """A page found gone (`certain`: broken) or probably gone (a warning)."""

    reason: str
    certain: bool
    error: str


def judge(
    url: str, landed: str, body: bytes, suspicion: Suspicion, probe: Probe = NO_PROBE
) -> Rot | None:
    """The verdict on a suspect page, given what its site answered at an address that
    cannot exist; None when it is alive after all."""
    if suspicion.parking_host:
        return Rot(
            PARKED_DOMAIN, True, f"parked domain: redirected to {landed}, a domain-sale service"
        )
    page = page_text(body, url, landed)
    same = probe.answered and (
        probe.landed == landed or (probe.page is not None and same_page(page, probe.page))
    )
    if suspicion.parking and same:
        return Rot(
            PARKED_DOMAIN,
            True,
            "parked domain: a domain-parking page, the same at every address of the site",
        )
    if suspicion.home:
        if probe.answered and (same or sent_home(probe.asked or "", probe.landed or "")):
            return Rot(
                HOME_REDIRECT,
                True,
                f"redirected to the site's home page {landed}, as every unknown address of "
                "the site is: the page is gone",
            )
        return Rot(
            HOME_REDIRECT,
            False,
            f"redirected to the site's home page {landed}: the page may have been removed",
        )
    if suspicion.not_found and same and not page.script_built:
        return Rot(
            SOFT_404,
            True,
            'soft 404: the page answers 200 but is the site\'s "not found" page '
            "(an address that cannot exist gets the same page)",
        )
    return None
