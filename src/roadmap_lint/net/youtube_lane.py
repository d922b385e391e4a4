"""The YouTube lane: videos and playlists decided by what YouTube's oEmbed endpoint says.

A watch page answers 200 whether the video is there, removed or private, so its status says
nothing. The oEmbed endpoint (`/oembed?url=<watch or playlist URL>&format=json`) does:

- 200 with a JSON object: the video exists and can be watched (public or unlisted): `ok`;
- 401: it exists but its owner does not allow embedding: `ok`, reason `embedding-disabled`;
- 403: it is private: `broken`, reason `video-private`;
- 404: it was removed or never existed: `broken`, reason `video-removed`;
- 400: YouTube rejects the id: `broken`, reason `video-id-invalid`.

A 4xx counts when its body is YouTube's bare word ("Not Found", "Forbidden"…) or empty, and
a 404 or 400 also with a JSON body; an HTML page, or a JSON error with 401 or 403, is a
refusal of the client, or not the oEmbed endpoint at all, and says nothing of the video.
Anything else (no answer, 5xx or 429 that persist, a 200 that is not a JSON object without
an error, another status) leaves the page to be checked as a page: a doubt never makes a
link `broken`. Each distinct video is asked about once, however it is written.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal, Protocol
from urllib.parse import parse_qs, quote, urlsplit

import anyio
import httpx

from roadmap_lint.model import LinkState, Verdict
from roadmap_lint.net.check import PageResult
from roadmap_lint.net.classify import retry_after_seconds
from roadmap_lint.net.settings import NetSettings
from roadmap_lint.urls import hostname

_VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
# Playlists people make (PL…) and albums (OLAK5uy_…). Mixes, Watch later, Liked videos and
# the like are generated per viewer: they are left to the page check.
_PLAYLIST_ID = re.compile(r"(?:PL|OLAK5uy_)[A-Za-z0-9_-]{10,}")
_WATCH_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"})
_SHORT_HOSTS = frozenset({"youtu.be", "www.youtu.be"})
_NOCOOKIE_HOSTS = frozenset({"youtube-nocookie.com", "www.youtube-nocookie.com"})
_YOUTUBE_HOSTS = _WATCH_HOSTS | _SHORT_HOSTS | _NOCOOKIE_HOSTS
# `/embed/<this>` names no video although it looks like an id.
_EMBED_NOT_VIDEOS = frozenset({"videoseries", "live_stream"})
_TRANSIENT = frozenset({429, 500, 502, 503, 504})
# Requests in a row without a usable answer after which the rest are not asked for: an
# endpoint that is down or refuses us would otherwise cost a timeout or a back-off per video.
_GIVE_UP_AFTER = 3

Kind = Literal["video", "playlist"]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Target:
    """What a YouTube link points at: a video or a playlist, by id."""

    kind: Kind
    id: str

    @property
    def valid(self) -> bool:
        return self.kind == "playlist" or _VIDEO_ID.fullmatch(self.id) is not None

    @property
    def canonical(self) -> str:
        if self.kind == "video":
            return f"https://www.youtube.com/watch?v={self.id}"
        return f"https://www.youtube.com/playlist?list={self.id}"


def youtube_target(url: str) -> Target | None:
    """The video or playlist a URL shows; None when it is no such link (a channel, search…).

    A video link whose id is malformed is a Target all the same (`valid` False). Parameters
    other than the id (`t=`, `si=`, a `list=` beside `v=`) do not change what is shown.
    """
    host = hostname(url)
    if host not in _YOUTUBE_HOSTS:  # most links of a list: known without parsing them
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query, keep_blank_values=True)
    if host in _SHORT_HOSTS:
        return Target("video", segments[0]) if len(segments) == 1 else None
    if host not in _WATCH_HOSTS and host not in _NOCOOKIE_HOSTS:
        return None
    if len(segments) == 2 and segments[0] == "embed":
        if segments[1] == "videoseries":
            return _playlist(query)
        return None if segments[1] in _EMBED_NOT_VIDEOS else Target("video", segments[1])
    if host in _NOCOOKIE_HOSTS:
        return None
    if segments == ["watch"]:
        return Target("video", query["v"][0]) if "v" in query else None
    if segments == ["playlist"]:
        return _playlist(query)
    if len(segments) == 2 and segments[0] in ("shorts", "live"):
        return Target("video", segments[1])
    return None


def _playlist(query: dict[str, list[str]]) -> Target | None:
    ids = query.get("list", [])
    if ids and _PLAYLIST_ID.fullmatch(ids[0]):
        return Target("playlist", ids[0])
    return None


def oembed_url(base: str, target: Target) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}url={quote(target.canonical, safe='')}&format=json"


class Answer(Protocol):
    """An answer to one request (a lane's `LaneResponse`)."""

    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> httpx.Headers: ...
    @property
    def body(self) -> bytes: ...


class Http(Protocol):
    """How the lane's requests are sent (a run's `LaneHttp`: its limits and address policy)."""

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
    ) -> Answer: ...


class YoutubeLane:
    """Decides YouTube video and playlist links by asking YouTube's oEmbed endpoint.

    `no_answer` is what `Http.request` raises when no answer came (`LaneError`: lanes.py
    builds the lanes, so this module does not import it).
    """

    name = "youtube"

    def __init__(
        self,
        settings: NetSettings,
        no_answer: tuple[type[Exception], ...],
        sleep: Sleep = anyio.sleep,
    ):
        self._settings = settings
        self._no_answer = no_answer
        self._sleep = sleep

    def claims(self, page_url: str) -> bool:
        return self._settings.youtube and youtube_target(page_url) is not None

    async def decide(self, page_urls: list[str], http: Http) -> dict[str, PageResult]:
        decided: dict[str, PageResult] = {}
        pages: dict[Target, list[str]] = {}
        for url in page_urls:
            target = youtube_target(url)
            if target is None:
                continue
            if target.valid:
                pages.setdefault(target, []).append(url)
            else:
                decided[url] = PageResult(_invalid_id(target), sent=False)
        asking = _Asking(self, http, self._settings.max_per_host)
        verdicts = await asking.verdicts(list(pages))
        for target, verdict in verdicts.items():
            decided.update({url: PageResult(verdict) for url in pages[target]})
        return decided

    async def answer(self, target: Target, http: Http) -> Answer | None:
        """oEmbed's answer, asked again after a 429 or a 5xx; None when no usable one came."""
        url = oembed_url(self._settings.youtube_oembed, target)
        waited = 0.0
        for attempt in range(self._settings.retries + 1):
            try:
                answer = await http.request("GET", url, headers={"Accept": "application/json"})
            except self._no_answer:
                return None
            if answer.status not in _TRANSIENT:
                return answer
            delay = retry_after_seconds(answer.headers.get("retry-after"), time.time())
            if delay is None:
                delay = min(self._settings.backoff_base * 2**attempt, self._settings.backoff_cap)
            waited += delay
            if attempt == self._settings.retries or waited > self._settings.retry_after_cap:
                return None
            await self._sleep(delay)
        return None


class _Asking:
    """One run's questions: one per target, concurrently, until the endpoint stops answering."""

    def __init__(self, lane: YoutubeLane, http: Http, at_once: int):
        self._lane = lane
        self._http = http
        self._limiter = anyio.CapacityLimiter(max(1, at_once))
        self._failures_in_a_row = 0
        self._found: dict[Target, Verdict] = {}

    async def verdicts(self, targets: list[Target]) -> dict[Target, Verdict]:
        async with anyio.create_task_group() as group:
            for target in targets:
                group.start_soon(self._ask, target)
        return self._found

    async def _ask(self, target: Target) -> None:
        async with self._limiter:
            if self._failures_in_a_row >= _GIVE_UP_AFTER:
                return  # handed back: checked as a page
            answer = await self._lane.answer(target, self._http)
            verdict = None if answer is None else oembed_verdict(target, answer)
            if verdict is None:
                self._failures_in_a_row += 1
                return
            self._failures_in_a_row = 0
            self._found[target] = verdict


def oembed_verdict(target: Target, answer: Answer) -> Verdict | None:
    """What an oEmbed answer says of the video or playlist; None when it says nothing."""
    if answer.status == 200:
        return Verdict(LinkState.OK) if _is_oembed(answer.body) else None
    if not _refusal_of_youtube(answer.status, answer.body):
        return None
    what = target.kind
    said = f"(oEmbed answered {answer.status})"
    if answer.status == 401:  # known to YouTube; only embedding elsewhere is refused
        return Verdict(LinkState.OK, reason="embedding-disabled")
    if answer.status == 403:
        error = f"YouTube says this {what} is private {said}"
        return Verdict(LinkState.BROKEN, error=error, reason=f"{what}-private")
    if answer.status == 404:
        error = f"YouTube says this {what} does not exist or was removed {said}"
        return Verdict(LinkState.BROKEN, error=error, reason=f"{what}-removed")
    if answer.status == 400:
        error = f"YouTube says {target.id!r} is not a valid {what} id {said}"
        return Verdict(LinkState.BROKEN, error=error, reason=f"{what}-id-invalid")
    return None


def _invalid_id(target: Target) -> Verdict:
    error = f"not a YouTube video id: {target.id!r} (11 letters, digits, '-' or '_')"
    return Verdict(LinkState.BROKEN, error=error, reason="video-id-invalid")


def _is_oembed(body: bytes) -> bool:
    try:
        data = json.loads(body)
    except ValueError:
        return False
    return isinstance(data, dict) and bool(data) and "error" not in data


def _refusal_of_youtube(status: int, body: bytes) -> bool:
    """Whether a 4xx is the endpoint's word on the video. YouTube's refusals are a bare word
    ("Not Found"); an HTML page is someone else's (a proxy, a wall). A JSON body counts for
    404 and 400, which only say the video is not there, but not for 401 and 403, which
    Google's front end also sends for its own reasons ("SSL is required")."""
    first = body.lstrip()[:1]
    if first == b"<":
        return False
    return first not in (b"{", b"[") or status in (400, 404)
