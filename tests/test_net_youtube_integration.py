"""The YouTube lane end to end: the command line, a stand-in for YouTube's oEmbed endpoint on
127.0.0.1 (named by `[links.youtube] oembed-url`), and links to youtube.com and youtu.be,
which the run must never request: every one of them is decided by what the stand-in says.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .servers import NET_CONFIG, Reply, Request, TestServer, json_links, run_cli, write_readme

PUBLIC = "dQw4w9WgXcQ"
REMOVED = "aaaaaaaaaaa"
PRIVATE = "bbbbbbbbbbb"
NO_EMBED = "ccccccccccc"
BUSY = "ddddddddddd"  # rate-limited once, then answers
PLAYLIST = "PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI"
FOUND = json.dumps({"type": "video", "version": "1.0", "html": "<iframe></iframe>"}).encode()
TEXT = {"Content-Type": "text/html; charset=utf-8"}


class StandIn:
    """Answers oEmbed requests as YouTube does, by the video or playlist asked about."""

    def __init__(self) -> None:
        self.asked: Counter[str] = Counter()

    def __call__(self, request: Request, hits: int) -> Reply:
        query = parse_qs(urlsplit(request.path).query)
        if query.get("format") != ["json"] or len(query.get("url", [])) != 1:
            return Reply(400, TEXT, b"Bad Request")
        asked = query["url"][0]
        self.asked[asked] += 1
        thing = parse_qs(urlsplit(asked).query)
        key = (thing.get("v") or thing.get("list") or [""])[0]
        if key == REMOVED:
            return Reply(404, TEXT, b"Not Found")
        if key == PRIVATE:
            return Reply(403, TEXT, b"Forbidden")
        if key == NO_EMBED:
            return Reply(401, TEXT, b"Unauthorized")
        if key == BUSY and self.asked[asked] == 1:
            return Reply(429, {"Retry-After": "0", **TEXT}, b"Too Many Requests")
        return Reply(200, {"Content-Type": "application/json"}, FOUND)


@pytest.mark.slow
@pytest.mark.network
def test_youtube_links_are_decided_by_the_oembed_endpoint(tmp_path: Path) -> None:
    stand_in = StandIn()
    links = {
        f"https://www.youtube.com/watch?v={PUBLIC}&t=42s": ("ok", None),
        f"https://youtu.be/{PUBLIC}?si=share": ("ok", None),
        f"https://www.youtube.com/shorts/{PUBLIC}": ("ok", None),
        f"https://youtu.be/{REMOVED}": ("broken", "video-removed"),
        f"https://m.youtube.com/watch?v={PRIVATE}": ("broken", "video-private"),
        f"https://www.youtube-nocookie.com/embed/{NO_EMBED}": ("ok", "embedding-disabled"),
        f"https://music.youtube.com/watch?v={BUSY}": ("ok", None),
        f"https://www.youtube.com/playlist?list={PLAYLIST}": ("ok", None),
        "https://youtu.be/too-short": ("broken", "video-id-invalid"),
    }
    with TestServer({"/oembed": stand_in}) as server:
        (tmp_path / ".roadmap-lint.toml").write_text(
            NET_CONFIG + f'[links.youtube]\noembed-url = "{server.url("/oembed")}"\n',
            encoding="utf-8",
        )
        write_readme(tmp_path, *links)
        status, stdout, stderr = run_cli(
            tmp_path, "--allow-network", "127.0.0.0/8", "--no-cache", "--format", "json"
        )
    assert status == 1, stderr
    report = json.loads(stdout)
    found = {url: (entry["state"], entry["reason"]) for url, entry in json_links(stdout).items()}
    assert found == links
    errors = {(f["rule"], f["line"]) for f in report["findings"] if f["severity"] == "error"}
    # write_readme puts link i on line 3 + i
    assert errors == {("broken-link", 6), ("broken-link", 7), ("broken-link", 11)}
    private = json_links(stdout)[f"https://m.youtube.com/watch?v={PRIVATE}"]
    assert "private" in private["error"]
    # One question per video or playlist (two for the one rate-limited once); nothing else
    # was requested: no watch page, no name of YouTube's looked up.
    assert stand_in.asked == {
        f"https://www.youtube.com/watch?v={PUBLIC}": 1,
        f"https://www.youtube.com/watch?v={REMOVED}": 1,
        f"https://www.youtube.com/watch?v={PRIVATE}": 1,
        f"https://www.youtube.com/watch?v={NO_EMBED}": 1,
        f"https://www.youtube.com/watch?v={BUSY}": 2,
        f"https://www.youtube.com/playlist?list={PLAYLIST}": 1,
    }
    assert len(server.requests) == 7
    assert report["summary"]["requests"] == 7
    assert "network unreachable" not in stderr
