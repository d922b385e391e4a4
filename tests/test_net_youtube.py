"""The YouTube lane: links to videos and playlists decided by YouTube's oEmbed endpoint.

Every exchange is mocked with respx; the lane's back-off sleeps are recorded, not waited.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import anyio
import anyio.lowlevel
import httpx
import pytest
import respx

from roadmap_lint.config.file import parse_config
from roadmap_lint.config.settings import CommandLine, resolve
from roadmap_lint.errors import UsageError
from roadmap_lint.model import LinkState, Verdict
from roadmap_lint.net.fragments import needs_check
from roadmap_lint.net.lanes import Lane, LaneError, default_lanes
from roadmap_lint.net.run import LinkRun
from roadmap_lint.net.settings import NetSettings
from roadmap_lint.net.youtube_lane import Target, YoutubeLane, oembed_url, youtube_target
from roadmap_lint.rules import all_rules
from tests.recorded import Sleeps

OEMBED = "https://www.youtube.com/oembed"
VIDEO = "dQw4w9WgXcQ"
OTHER = "9bZkp7q19f0"
PLAYLIST = "PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI"
ALBUM = "OLAK5uy_kdAYd5gF7nZ3xJ2sSYyEtd4aZcuPZJP8w"
FOUND = {"type": "video", "title": "A video", "html": "<iframe></iframe>", "version": "1.0"}
JSON = {"Content-Type": "application/json"}
TEXT = {"Content-Type": "text/html; charset=utf-8"}


class OEmbed:
    """YouTube's oEmbed endpoint, answering per canonical URL; records what it was asked."""

    def __init__(self, answers: dict[str, list[httpx.Response | Exception]]):
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        query = parse_qs(urlsplit(str(request.url)).query)
        assert query["format"] == ["json"]
        (asked,) = query["url"]
        self.asked.append(asked)
        queue = self.answers.get(asked) or [httpx.Response(200, json=FOUND)]
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def watch(video: str = VIDEO) -> str:
    return f"https://www.youtube.com/watch?v={video}"


def playlist(list_id: str = PLAYLIST) -> str:
    return f"https://www.youtube.com/playlist?list={list_id}"


class Harness:
    """A run with the YouTube lane, the oEmbed stand-in and a catch-all for pages."""

    def __init__(self, answers: dict[str, list[httpx.Response | Exception]] | None = None):
        self.oembed = OEmbed(answers or {})
        self.router = respx.MockRouter(assert_all_called=False)
        self.router.get(OEMBED).mock(side_effect=self.oembed)
        self.pages = self.router.route().respond(200)  # a watch page answers 200 for anything
        self.sleeps = Sleeps()

    def run(
        self, urls: list[str], settings: NetSettings | None = None, default: bool = False
    ) -> tuple[dict[str, Verdict], int]:
        settings = settings or NetSettings()
        lanes: list[Lane] | None = None
        if not default:
            lanes = [YoutubeLane(settings, no_answer=(LaneError,), sleep=self.sleeps)]
        transport = httpx.MockTransport(self.router.async_handler)
        link_run = LinkRun(
            settings,
            client_factory=lambda host, given: transport,
            lanes=lanes,
            sleep=self.sleeps,
        )
        result = anyio.run(link_run.check, urls)
        return result.verdicts, result.requests


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, content=body, headers=headers or TEXT)


# ---------------------------------------------------------------------------------------------
# what a link points at


@pytest.mark.parametrize(
    ("url", "target"),
    [
        (watch(), Target("video", VIDEO)),
        (f"https://youtube.com/watch?v={VIDEO}", Target("video", VIDEO)),
        (f"http://m.youtube.com/watch?v={VIDEO}&t=42s", Target("video", VIDEO)),
        (f"https://music.youtube.com/watch?v={VIDEO}&list={ALBUM}", Target("video", VIDEO)),
        (
            f"https://www.youtube.com/watch?v={VIDEO}&list={PLAYLIST}&index=3",
            Target("video", VIDEO),
        ),
        (f"https://www.youtube.com/watch?feature=share&v={VIDEO}", Target("video", VIDEO)),
        (f"https://youtu.be/{VIDEO}", Target("video", VIDEO)),
        (f"https://youtu.be/{VIDEO}?si=AbCdEf&t=10", Target("video", VIDEO)),
        (f"https://www.youtube.com/shorts/{VIDEO}", Target("video", VIDEO)),
        (f"https://youtube.com/shorts/{VIDEO}/?feature=share", Target("video", VIDEO)),
        (f"https://www.youtube.com/embed/{VIDEO}?start=5", Target("video", VIDEO)),
        (f"https://www.youtube.com/live/{VIDEO}?si=x", Target("video", VIDEO)),
        (f"https://www.youtube-nocookie.com/embed/{VIDEO}", Target("video", VIDEO)),
        (f"https://youtube-nocookie.com/embed/{VIDEO}", Target("video", VIDEO)),
        (playlist(), Target("playlist", PLAYLIST)),
        (f"https://music.youtube.com/playlist?list={ALBUM}", Target("playlist", ALBUM)),
        (
            f"https://www.youtube.com/embed/videoseries?list={PLAYLIST}",
            Target("playlist", PLAYLIST),
        ),
        # malformed ids are still video links: decided without a request
        ("https://youtu.be/abc", Target("video", "abc")),
        ("https://www.youtube.com/watch?v=", Target("video", "")),
        ("https://www.youtube.com/shorts/not*an*id!", Target("video", "not*an*id!")),
        # not a video or playlist of its own: checked as pages
        ("https://www.youtube.com/", None),
        ("https://www.youtube.com/@SomeChannel", None),
        ("https://www.youtube.com/@SomeChannel/live", None),
        ("https://www.youtube.com/results?search_query=python", None),
        (f"https://www.youtube.com/watch?list={PLAYLIST}", None),
        ("https://www.youtube.com/playlist?list=WL", None),
        (f"https://www.youtube.com/playlist?list=RD{VIDEO}", None),
        ("https://www.youtube.com/embed/live_stream?channel=UC1234567890", None),
        (f"https://www.youtube-nocookie.com/watch?v={VIDEO}", None),
        ("https://youtu.be/", None),
        (f"https://example.org/watch?v={VIDEO}", None),
        (f"https://notyoutube.com/watch?v={VIDEO}", None),
    ],
)
def test_what_a_link_points_at(url: str, target: Target | None) -> None:
    assert youtube_target(url) == target


def test_the_oembed_request_names_the_canonical_url() -> None:
    assert oembed_url(OEMBED, Target("video", VIDEO)) == (
        f"{OEMBED}?url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3D{VIDEO}&format=json"
    )
    assert oembed_url("http://127.0.0.1:8080/oembed?key=1", Target("playlist", PLAYLIST)) == (
        "http://127.0.0.1:8080/oembed?key=1&url=https%3A%2F%2Fwww.youtube.com%2Fplaylist"
        f"%3Flist%3D{PLAYLIST}&format=json"
    )


# ---------------------------------------------------------------------------------------------
# one request per video, never the watch page


def test_every_form_of_a_video_is_decided_by_one_request() -> None:
    harness = Harness()
    forms = [
        watch(),
        f"https://youtube.com/watch?v={VIDEO}&t=42s",
        f"https://m.youtube.com/watch?v={VIDEO}",
        f"https://music.youtube.com/watch?v={VIDEO}",
        f"https://www.youtube.com/watch?v={VIDEO}&list={PLAYLIST}",
        f"https://youtu.be/{VIDEO}?si=AbCdEf",
        f"https://www.youtube.com/shorts/{VIDEO}",
        f"https://www.youtube.com/embed/{VIDEO}",
        f"https://www.youtube.com/live/{VIDEO}",
        f"https://www.youtube-nocookie.com/embed/{VIDEO}",
        f"https://youtu.be/{VIDEO}#t=30",  # a time, not an element: no page to read
        f"{watch()}#t=1m30s",
    ]
    playlists = [playlist(), f"https://www.youtube.com/embed/videoseries?list={PLAYLIST}"]
    verdicts, requests = harness.run([*forms, *playlists])
    assert {url: verdict.state for url, verdict in verdicts.items()} == {
        url: LinkState.OK for url in [*forms, *playlists]
    }
    assert sorted(harness.oembed.asked) == sorted([watch(), playlist()])
    assert harness.pages.call_count == 0
    assert requests == 2


def test_videos_are_asked_about_concurrently_each_once() -> None:
    videos = [f"{VIDEO[:-2]}{index:02d}" for index in range(12)]
    harness = Harness()
    verdicts, requests = harness.run([watch(video) for video in videos * 2])
    assert all(verdict.state is LinkState.OK for verdict in verdicts.values())
    assert sorted(harness.oembed.asked) == sorted(watch(video) for video in videos)
    assert requests == 12


def test_the_default_lanes_include_youtube() -> None:
    harness = Harness({watch(): [answer(404, b"Not Found")]})
    verdicts, _ = harness.run([f"https://youtu.be/{VIDEO}"], default=True)
    assert verdicts[f"https://youtu.be/{VIDEO}"].reason == "video-removed"
    assert harness.oembed.asked == [watch()]


# ---------------------------------------------------------------------------------------------
# what oEmbed answers


@pytest.mark.parametrize(
    ("reply", "state", "reason", "error"),
    [
        (httpx.Response(200, json=FOUND), LinkState.OK, None, None),
        (answer(401, b"Unauthorized"), LinkState.OK, "embedding-disabled", None),
        (answer(403, b"Forbidden"), LinkState.BROKEN, "video-private", "is private"),
        (answer(404, b"Not Found"), LinkState.BROKEN, "video-removed", "was removed"),
        (answer(400, b"Bad Request"), LinkState.BROKEN, "video-id-invalid", "not a valid"),
        # what a simpler endpoint (a stand-in, a proxy) may answer
        (answer(404, b""), LinkState.BROKEN, "video-removed", "was removed"),
        (httpx.Response(404, json={"error": "not found"}), LinkState.BROKEN, "video-removed", None),
        (httpx.Response(200, json={"title": "A talk"}), LinkState.OK, None, None),
    ],
)
def test_what_oembed_says_of_a_video(
    reply: httpx.Response, state: LinkState, reason: str | None, error: str | None
) -> None:
    harness = Harness({watch(): [reply]})
    url = f"https://youtu.be/{VIDEO}"
    verdicts, requests = harness.run([url])
    assert (verdicts[url].state, verdicts[url].reason) == (state, reason)
    if error is None:
        assert verdicts[url].error is None or state is LinkState.BROKEN
    else:
        assert error in (verdicts[url].error or "")
    assert (requests, harness.pages.call_count) == (1, 0)


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (answer(403, b"Forbidden"), "playlist-private"),
        (answer(404, b"Not Found"), "playlist-removed"),
    ],
)
def test_what_oembed_says_of_a_playlist(reply: httpx.Response, reason: str) -> None:
    harness = Harness({playlist(): [reply]})
    verdicts, _ = harness.run([playlist()])
    assert (verdicts[playlist()].state, verdicts[playlist()].reason) == (LinkState.BROKEN, reason)


def test_a_malformed_id_is_broken_without_a_request() -> None:
    harness = Harness()
    urls = ["https://youtu.be/abc", "https://www.youtube.com/watch?v=dQw4w9WgXcQQ"]
    verdicts, requests = harness.run(urls)
    for url in urls:
        assert (verdicts[url].state, verdicts[url].reason) == (
            LinkState.BROKEN,
            "video-id-invalid",
        )
    assert "not a YouTube video id" in (verdicts[urls[0]].error or "")
    assert (requests, harness.oembed.asked, harness.pages.call_count) == (0, [], 0)


def test_a_429_is_waited_out_then_asked_again() -> None:
    harness = Harness(
        {watch(): [answer(429, b"", {"Retry-After": "3"}), httpx.Response(200, json=FOUND)]}
    )
    verdicts, requests = harness.run([watch()])
    assert verdicts[watch()].state is LinkState.OK
    assert (harness.oembed.asked, harness.sleeps.delays) == ([watch()] * 2, [3.0])
    assert (requests, harness.pages.call_count) == (2, 0)


@pytest.mark.parametrize(
    "reply",
    [
        answer(503, b"Service Unavailable"),
        answer(429, b"Too Many Requests"),
        answer(429, b"", {"Retry-After": "3600"}),  # longer than is worth waiting for
        answer(200, b"Forbidden"),  # not JSON
        httpx.Response(200, json=["not", "an", "object"]),
        httpx.Response(200, json={"error": "no"}),
        answer(403, b"<!DOCTYPE html><title>Sorry</title>"),  # a refusal of us, not of the video
        answer(404, b"<html><body>No such endpoint</body></html>"),
        httpx.Response(403, json={"error": {"code": 403, "message": "SSL is required"}}),
        answer(410, b"Gone"),
        answer(302, b"", {"Location": "https://consent.youtube.com/"}),
        httpx.ReadTimeout("timed out"),
        httpx.ConnectError("refused"),
    ],
)
def test_an_answer_that_says_nothing_hands_the_page_back(
    reply: httpx.Response | Exception,
) -> None:
    harness = Harness({watch(): [reply]})
    verdicts, _ = harness.run([watch()])
    assert verdicts[watch()].state is LinkState.OK  # the watch page's 200
    assert verdicts[watch()].reason is None
    assert harness.pages.call_count >= 1


def test_a_5xx_is_asked_again_with_back_off_before_handing_back() -> None:
    harness = Harness({watch(): [answer(503, b"Service Unavailable")]})
    settings = NetSettings(retries=2, backoff_base=0.5)
    harness.run([watch()], settings)
    assert harness.oembed.asked == [watch()] * 3
    assert harness.sleeps.delays[:2] == [0.5, 1.0]  # the lane's; the page check's come after
    assert harness.pages.call_count >= 1


def test_an_endpoint_that_never_answers_is_not_asked_about_every_video() -> None:
    videos = [f"{VIDEO[:-2]}{index:02d}" for index in range(10)]
    harness = Harness({watch(video): [httpx.ConnectError("refused")] for video in videos})
    verdicts, _ = harness.run([watch(video) for video in videos], NetSettings(max_per_host=1))
    assert len(harness.oembed.asked) == 3
    assert all(verdict.state is LinkState.OK for verdict in verdicts.values())  # as pages
    assert harness.pages.call_count == 10


def test_a_verdict_in_between_keeps_the_endpoint_in_use() -> None:
    videos = [f"{VIDEO[:-2]}{index:02d}" for index in range(6)]
    failing = {watch(video): [httpx.ConnectError("refused")] for video in videos[::3]}
    harness = Harness(failing)
    verdicts, _ = harness.run([watch(video) for video in videos], NetSettings(max_per_host=1))
    assert all(verdict.state is LinkState.OK for verdict in verdicts.values())
    assert len(harness.oembed.asked) == 6
    assert harness.pages.call_count == 2


# ---------------------------------------------------------------------------------------------
# switched off, configured


def test_the_lane_switched_off_claims_nothing() -> None:
    settings = NetSettings(youtube=False)
    assert not any(lane.name == "youtube" for lane in default_lanes(settings))
    assert not YoutubeLane(settings, no_answer=(LaneError,)).claims(watch())
    harness = Harness()
    verdicts, _ = harness.run([watch()], settings, default=True)
    assert verdicts[watch()].state is LinkState.OK
    assert (harness.oembed.asked, harness.pages.call_count) == ([], 1)


def test_a_timestamp_fragment_names_no_element() -> None:
    for fragment in ("t=30", "t=1m30s", "t=1h2m3s", "t=0:01:30", "t=10,20", "t=npt:10"):
        assert not needs_check(fragment)
    for fragment in ("intro", "t=intro", "top-10", "t"):
        assert needs_check(fragment)


def _config(folder: Path, text: str) -> NetSettings:
    path = folder / ".roadmap-lint.toml"
    path.write_text(text, encoding="utf-8")
    known = [(rule.name, rule.code) for rule in all_rules()]
    defaults = {key: rule.options for rule in all_rules() for key in (rule.name, rule.code)}
    return resolve(CommandLine(), parse_config(path, defaults), known, "1.0").net


def test_the_oembed_endpoint_is_configurable(tmp_path: Path) -> None:
    assert NetSettings().youtube_oembed == OEMBED
    assert _config(tmp_path, "[links]\ntimeout = 3\n").youtube_oembed == OEMBED
    net = _config(
        tmp_path, '[links.youtube]\nenabled = false\noembed-url = "http://127.0.0.1:9/oembed"\n'
    )
    assert (net.youtube, net.youtube_oembed) == (False, "http://127.0.0.1:9/oembed")


@pytest.mark.parametrize("url", ["youtube.com/oembed", "ftp://example.org/oembed", "http://[::1"])
def test_a_bad_oembed_endpoint_is_a_config_error(tmp_path: Path, url: str) -> None:
    with pytest.raises(UsageError, match=r":2: links\.youtube\.oembed-url: must be an http"):
        _config(tmp_path, f'[links.youtube]\noembed-url = "{url}"\n')
