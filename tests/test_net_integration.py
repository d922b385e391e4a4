"""End-to-end tests of external link checking against real HTTP servers on loopback.

Every server is started and stopped here, listens on 127.0.0.x (or ::1) only and answers a
bounded number of requests; names that must not resolve are resolved by a patched resolver,
so no test sends a packet beyond this machine.
"""

from __future__ import annotations

import http.server
import itertools
import json
import os
import pty
import select
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpcore
import httpx
import pytest

from roadmap_lint.config.settings import Config
from roadmap_lint.model import LinkResult, LinkState, Report, Severity
from roadmap_lint.net import run as run_module
from roadmap_lint.net import transport
from roadmap_lint.net.policy import AddressPolicy, parse_networks
from roadmap_lint.net.run import RunResult
from roadmap_lint.net.settings import ArchiveSettings, GithubLane, NetSettings
from roadmap_lint.net.transport import AddressRefused, GuardedBackend
from roadmap_lint.pipeline import SourceFile, lint_paths, lint_sources
from roadmap_lint.store import cache as cache_module

from .servers import (
    NET_CONFIG,
    NET_RULES,
    Reply,
    Request,
    SilentServer,
    TestServer,
    cli,
    html,
    isolate_config,
    json_links,
    markdown,
    redirect,
    run_cli,
    serving,
    write_readme,
)

LOOPBACK = AddressPolicy(parse_networks(["127.0.0.0/8"]))
HTML = {"Content-Type": "text/html; charset=utf-8"}

# ---------------------------------------------------------------------------------------------
# helpers


def net(**overrides: Any) -> NetSettings:
    """Quick settings for tests: loopback allowed, short timeouts, short back-off."""
    values: dict[str, Any] = {
        "policy": LOOPBACK,
        "timeout": 2.0,
        "retries": 1,
        "backoff_base": 0.05,
        "backoff_cap": 0.2,
        "archive": ArchiveSettings(enabled=False),  # no test may reach the real archive
    }
    values.update(overrides)
    return NetSettings(**values)


def lint(
    *urls: str,
    settings: NetSettings | None = None,
    cache_path: Path | None = None,
    warnings: list[str] | None = None,
) -> Report:
    config = Config(
        offline=False,
        select=frozenset(NET_RULES),
        net=settings or net(),
        cache=cache_path is not None,
        cache_path=cache_path,
    )
    sink = warnings if warnings is not None else []
    return lint_sources([SourceFile(None, "README.md", markdown(*urls))], config, warn=sink.append)


def link(report: Report, url: str) -> LinkResult:
    matches = [result for result in report.links if result.url == url]
    assert matches, f"{url} not in the report: {[r.url for r in report.links]}"
    return matches[0]


def rules(report: Report, severity: Severity | None = None) -> list[str]:
    return sorted(f.rule for f in report.findings if severity is None or f.severity is severity)


class TableResolver:
    """A resolver to give GuardedBackend: the addresses of the names in `table`; `asked` lists
    the names looked up, in order."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        return self.table[host]


def fake_resolver(monkeypatch: pytest.MonkeyPatch, table: dict[str, list[str] | None]) -> list[str]:
    """Answer DNS for the names in `table` (None: the name does not exist); others resolve
    normally. Returns the names looked up, in order."""
    real = anyio.getaddrinfo
    asked: list[str] = []

    async def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        asked.append(name)
        if name in table:
            addresses = table[name]
            if addresses is None:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return [
                (
                    socket.AF_INET6 if ":" in address else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (address, int(port)),
                )
                for address in addresses
            ]
        if "*" in table:
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return await real(host, port, *args, **kwargs)

    monkeypatch.setattr(transport.anyio, "getaddrinfo", getaddrinfo)
    return asked


# ---------------------------------------------------------------------------------------------
# deduplication and politeness


@pytest.mark.network
def test_each_page_is_requested_once() -> None:
    page = html("<p>hello</p>")
    doc = html('<h2 id="intro">Intro</h2>', '<a name="legacy"></a>')
    with TestServer({"/page": page, "/doc": doc}) as server:
        same = server.url("/page")
        report = lint(
            same,
            same,
            same,
            same,
            same,
            server.url("/doc#intro"),
            server.url("/doc#legacy"),
            server.url("/doc#absent"),
        )
    assert sorted(server.seen()) == [("GET", "/doc"), ("GET", "/page")]
    assert len(link(report, same).locations) == 5
    assert link(report, same).state is LinkState.OK
    assert link(report, server.url("/doc#intro")).state is LinkState.OK
    assert link(report, server.url("/doc#legacy")).state is LinkState.OK
    absent = link(report, server.url("/doc#absent"))
    assert absent.state is LinkState.BROKEN
    assert absent.fragment_missing
    assert "#absent" in (absent.error or "")
    assert rules(report) == ["broken-fragment"]
    assert report.summary.requests == 2


@pytest.mark.network
def test_per_host_limit_is_never_exceeded() -> None:
    routes = {"/slow/*": Reply(200, delay=0.15)}
    with TestServer(routes) as server:
        urls = [server.url(f"/slow/{i}") for i in range(12)]
        report = lint(*urls, settings=net(max_per_host=3))
    assert all(link(report, url).state is LinkState.OK for url in urls)
    assert len(server.requests) == 12
    assert server.max_in_flight == 3  # the limit is used, and never exceeded


@pytest.mark.slow
@pytest.mark.network
def test_per_host_limit_on_the_command_line(tmp_path: Path) -> None:
    with TestServer({"/slow/*": Reply(200, delay=0.1)}) as server:
        write_readme(tmp_path, *(server.url(f"/slow/{i}") for i in range(8)))
        status, stdout, _ = run_cli(
            tmp_path,
            "--allow-network",
            "127.0.0.0/8",
            "--no-cache",
            "--max-per-host",
            "2",
            "--format",
            "json",
        )
    assert status == 0
    assert {entry["state"] for entry in json_links(stdout).values()} == {"ok"}
    assert len(server.requests) == 8
    assert server.max_in_flight == 2


@pytest.mark.slow
@pytest.mark.network
def test_a_slow_host_does_not_hold_up_another() -> None:
    slow = TestServer({"/s/*": Reply(200, delay=0.4)}, host="127.0.0.1")
    fast = TestServer({"/f/*": Reply(200)}, host="127.0.0.2")
    with serving(slow, fast):
        urls = [slow.url(f"/s/{i}") for i in range(4)] + [fast.url(f"/f/{i}") for i in range(8)]
        report = lint(*urls, settings=net(max_per_host=1))
    assert all(link(report, url).state is LinkState.OK for url in urls)
    assert len(fast.requests) == 8
    fast_done = max(r.finished or 0.0 for r in fast.requests)
    # The fast host is finished before the slow one has answered its first request.
    assert fast_done < slow.requests[0].started + 0.4
    assert slow.max_in_flight == 1


@pytest.mark.slow
@pytest.mark.network
def test_host_overrides_from_the_config_file(tmp_path: Path) -> None:
    with (
        TestServer({"/p/*": Reply(200, delay=0.05)}, host="127.0.0.1") as limited,
        # Slow enough that requests to this host must overlap unless something limits them.
        TestServer({"/p/*": Reply(200, delay=0.4)}, host="127.0.0.2") as free,
    ):
        (tmp_path / ".roadmap-lint.toml").write_text(
            NET_CONFIG + '[links.hosts."127.0.0.1"]\nmax-per-host = 1\nmin-interval = 0.1\n',
            encoding="utf-8",
        )
        write_readme(
            tmp_path,
            *(limited.url(f"/p/{i}") for i in range(4)),
            *(free.url(f"/p/{i}") for i in range(8)),
        )
        status, stdout, stderr = run_cli(
            tmp_path, "--allow-network", "127.0.0.0/8", "--no-cache", "--format", "json"
        )
    assert status == 0, stderr
    assert {entry["state"] for entry in json_links(stdout).values()} == {"ok"}
    assert limited.max_in_flight == 1
    starts = [r.started for r in limited.requests]
    # The gap is kept between the client's request starts; the server sees them shifted by
    # connection set-up (the first request opens the connection, later ones reuse it).
    assert all(later - earlier >= 0.075 for earlier, later in itertools.pairwise(starts))
    assert free.max_in_flight > 1  # the default limit still applies to other hosts


@pytest.mark.network
def test_a_redirect_into_a_host_that_has_finished_its_own_pages() -> None:
    """The redirect hop uses the other host's client after that host's own work is done."""
    target = TestServer({"/quick": Reply(200, delay=0.1), "/slow": Reply(200, delay=0.5)})
    origin = TestServer(host="127.0.0.2")
    with serving(target, origin):
        origin.routes["/jump"] = redirect(302, target.url("/slow"))
        report = lint(target.url("/quick"), origin.url("/jump"), settings=net(retries=0))
    assert link(report, origin.url("/jump")).state is LinkState.OK
    assert link(report, target.url("/quick")).state is LinkState.OK
    assert sorted(target.paths()) == ["/quick", "/slow"]


@pytest.mark.slow
def test_a_slow_name_lookup_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    real = anyio.getaddrinfo

    async def slow(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "slow-dns.example":
            await anyio.sleep(10)
        return await real(host, port, *args, **kwargs)

    monkeypatch.setattr(transport.anyio, "getaddrinfo", slow)
    started = time.monotonic()
    report = lint("http://slow-dns.example/", settings=net(timeout=0.3, retries=0))
    assert time.monotonic() - started < 3
    result = link(report, "http://slow-dns.example/")
    assert result.state is LinkState.BROKEN
    assert "timed out" in (result.error or "")


# ---------------------------------------------------------------------------------------------
# answers and verdicts


@pytest.mark.network
def test_head_refused_then_get() -> None:
    def route(request: Request, hits: int) -> Reply:
        return Reply(405) if request.method == "HEAD" else html("<p>ok</p>")

    with TestServer({"/no-head": route}) as server:
        report = lint(server.url("/no-head"), settings=net(soft_404=False))  # HEAD first
    assert link(report, server.url("/no-head")).state is LinkState.OK
    assert server.seen() == [("HEAD", "/no-head"), ("GET", "/no-head")]
    assert report.findings == []


@pytest.mark.network
def test_a_head_that_is_never_answered_is_overtaken_by_a_get() -> None:
    """The GET starts beside the hung HEAD long before the timeout, and its answer wins."""

    def route(request: Request, hits: int) -> Reply:
        return Reply(hang=True) if request.method == "HEAD" else html("<p>ok</p>")

    with TestServer({"/deaf-to-head": route}, max_wait=10) as server:
        started = time.monotonic()
        report = lint(
            server.url("/deaf-to-head"), settings=net(timeout=8, retries=1, soft_404=False)
        )
        elapsed = time.monotonic() - started
    assert link(report, server.url("/deaf-to-head")).state is LinkState.OK
    assert server.seen() == [("HEAD", "/deaf-to-head"), ("GET", "/deaf-to-head")]
    assert elapsed < 4  # the GET began after at most half the timeout, not after all of it


@pytest.mark.slow
@pytest.mark.network
def test_a_slow_get_beside_a_hung_head_is_waited_for() -> None:
    """A GET beside a HEAD asks something else: it may be the one answered, however late."""

    def route(request: Request, hits: int) -> Reply:
        return Reply(hang=True) if request.method == "HEAD" else Reply(200, delay=2.5)

    with TestServer({"/slow-get": route}, max_wait=10) as server:
        report = lint(server.url("/slow-get"), settings=net(timeout=6, soft_404=False))
    assert link(report, server.url("/slow-get")).state is LinkState.OK
    assert server.seen() == [("HEAD", "/slow-get"), ("GET", "/slow-get")]


@pytest.mark.network
def test_the_attempt_beside_a_hung_get_is_closed_early_and_the_first_waits_out_the_timeout() -> (
    None
):
    """A page that hangs holds one of the server's places for the timeout, not two: the
    GET beside it, unanswered as long as the first was when it started, is dropped."""
    routes = {"/hung": Reply(hang=True), "/ok/*": Reply(200)}
    with TestServer(routes, max_wait=10) as server:
        urls = [server.url("/hung")] + [server.url(f"/ok/{i}") for i in range(4)]
        started = time.monotonic()
        report = lint(*urls, settings=net(timeout=3.0))
        elapsed = time.monotonic() - started
        hung = [r for r in server.requests if r.path == "/hung"]
    verdict = link(report, server.url("/hung"))
    assert (verdict.state, verdict.error) == (LinkState.BROKEN, "timed out")
    first, beside = hung  # two attempts, both GET
    assert (first.method, beside.method) == ("GET", "GET")
    assert first.finished is not None and beside.finished is not None
    assert first.finished - first.started >= 2.9  # the first is given the whole timeout
    # The one beside went out after at most half the timeout (1.5 s), and was closed after
    # as long again: half a second, the least, as the host answers the others at once. Not
    # after its own timeout of 3 s. (Bounds with room for a busy machine.)
    assert beside.started - first.started <= 2.0
    assert beside.finished - beside.started < 1.5
    assert elapsed < 5


@pytest.mark.network
def test_a_page_waiting_to_be_asked_again_leaves_its_place_to_the_next_pages() -> None:
    """While one page waits out its back-off, the host's other pages fill its window."""

    def flaky(request: Request, hits: int) -> Reply:
        return Reply(503) if hits == 0 else Reply(200)

    routes = {"/flaky": flaky, "/p/*": Reply(200, delay=0.2)}
    with TestServer(routes) as server:
        urls = [server.url("/flaky")] + [server.url(f"/p/{i}") for i in range(8)]
        report = lint(*urls, settings=net(max_per_host=2, backoff_base=1.0, backoff_cap=1.0))
        failed, again = [r for r in server.requests if r.path == "/flaky"]
    assert all(link(report, url).state is LinkState.OK for url in urls)
    assert failed.finished is not None and again.started - failed.finished >= 0.45
    during_back_off = [r for r in server.requests if failed.finished < r.started < again.started]
    # Two at once, the most the host is asked: no place stayed empty behind the waiting page.
    assert max(r.in_flight for r in during_back_off) == 2
    assert server.max_in_flight == 2


@pytest.mark.network
def test_redirects() -> None:
    def hop(request: Request, hits: int) -> Reply:
        number = int(request.path.rsplit("/", 1)[1])
        return redirect(302, f"/hop/{number + 1}")

    routes = {
        "/moved": redirect(301, "/middle"),
        "/middle": redirect(308, "/final"),
        "/final": html("<p>here</p>"),
        "/temporary": redirect(302, "/final"),
        "/loop-a": redirect(301, "/loop-b"),
        "/loop-b": redirect(301, "/loop-a"),
        "/hop/*": hop,
    }
    with TestServer(routes) as server:
        report = lint(
            server.url("/moved"),
            server.url("/temporary"),
            server.url("/loop-a"),
            server.url("/hop/0"),
        )
    moved = link(report, server.url("/moved"))
    assert moved.state is LinkState.REDIRECTED
    assert moved.final_url == server.url("/final")
    temporary = link(report, server.url("/temporary"))
    assert temporary.state is LinkState.OK
    assert temporary.final_url is None
    loop = link(report, server.url("/loop-a"))
    assert loop.state is LinkState.BROKEN
    assert "loop" in (loop.error or "")
    hops = link(report, server.url("/hop/0"))
    assert hops.state is LinkState.BROKEN
    assert "too many redirects" in (hops.error or "")
    assert len(server.paths()) < 40
    assert max(int(path.rsplit("/", 1)[1]) for path in server.paths() if "/hop/" in path) <= 11
    assert rules(report, Severity.WARNING) == ["redirected-link"]
    assert rules(report, Severity.ERROR) == ["broken-link", "broken-link"]


@pytest.mark.network
def test_a_redirect_that_sets_a_cookie_and_comes_back_is_followed_with_the_cookie() -> None:
    """Some sites send a new visitor round a redirect that sets a cookie and back to the
    page: with the cookie sent back, as a browser does, that is no loop."""

    def wall(request: Request, hits: int) -> Reply:
        if "visited=yes" in request.headers.get("cookie", ""):
            return html("<p>welcome</p>")
        return Reply(302, {"Location": "/gate", "Set-Cookie": "visited=yes; Path=/"})

    def gate(request: Request, hits: int) -> Reply:
        return Reply(302, {"Location": "/wall", "Set-Cookie": "gate=passed; Path=/"})

    routes = {
        "/wall": wall,
        "/gate": gate,
        "/self": lambda request, hits: Reply(
            302, {"Location": "/self", "Set-Cookie": f"n={hits}; Path=/"}
        ),
        "/loop": redirect(302, "/loop"),
        "/elsewhere": lambda request, hits: (
            html("<p>in</p>")
            if "visited" in request.headers.get("cookie", "")
            else Reply(302, {"Location": "/elsewhere", "Set-Cookie": "visited=yes; Path=/x"})
        ),
    }
    with TestServer(routes) as server:
        report = lint(
            server.url("/wall"), server.url("/self"), server.url("/loop"), server.url("/elsewhere")
        )
    assert link(report, server.url("/wall")).state is LinkState.OK
    wall_visits = [r for r in server.requests if r.path == "/wall"]
    assert "cookie" not in wall_visits[0].headers
    assert "visited=yes" in wall_visits[-1].headers["cookie"]
    assert "gate=passed" in wall_visits[-1].headers["cookie"]
    # A cookie that changes every time still ends at the hop limit; no cookie: a loop.
    endless = link(report, server.url("/self"))
    assert (endless.state, endless.error) == (LinkState.BROKEN, "too many redirects")
    assert (link(report, server.url("/loop")).error) == "redirect loop"
    # A cookie for another path is not sent: asked again with the same cookies, a loop.
    assert link(report, server.url("/elsewhere")).error == "redirect loop"
    assert [r.headers.get("cookie") for r in server.requests if r.path == "/elsewhere"] == [
        None,
        None,
    ]


@pytest.mark.slow
@pytest.mark.network
def test_429_slows_the_host_then_succeeds() -> None:
    def limited(request: Request, hits: int) -> Reply:
        return Reply(429, {"Retry-After": "1"}) if hits == 0 else html("<p>ok</p>")

    routes = {"/limited": limited, "/other/*": Reply(200, delay=0.05)}
    with TestServer(routes) as server:
        urls = [server.url("/limited")] + [server.url(f"/other/{i}") for i in range(5)]
        started = time.monotonic()
        report = lint(*urls, settings=net(max_per_host=2))
        elapsed = time.monotonic() - started
    assert all(link(report, url).state is LinkState.OK for url in urls)
    refusal = next(r for r in server.requests if r.path == "/limited")
    assert refusal.finished is not None
    # The page that got the 429 is asked again only after its Retry-After; the other pages
    # go on meanwhile, one at a time now that the host asked to slow down (2 → 1).
    again = [r for r in server.requests if r.path == "/limited"][1]
    assert again.started >= refusal.finished + 0.95
    meanwhile = [
        r for r in server.requests if refusal.finished < r.started < refusal.finished + 0.9
    ]
    assert meanwhile and all(r.path.startswith("/other/") for r in meanwhile)
    overlapping = [
        (a.path, b.path)
        for a in meanwhile
        for b in meanwhile
        if a is not b and a.started < b.started < (a.finished or a.started)
    ]
    assert overlapping == []
    assert [r.path for r in server.requests].count("/limited") == 2
    assert elapsed < 5


@pytest.mark.network
def test_503_is_retried() -> None:
    def flaky(request: Request, hits: int) -> Reply:
        return Reply(503) if hits < 1 else html("<p>back</p>")  # the first GET fails

    routes = {"/flaky": flaky, "/down": Reply(503)}
    with TestServer(routes) as server:
        report = lint(server.url("/flaky"), server.url("/down"), settings=net(retries=1))
    assert link(report, server.url("/flaky")).state is LinkState.OK
    assert server.paths().count("/flaky") == 2
    down = link(report, server.url("/down"))
    assert down.state is LinkState.BROKEN
    assert down.http_status == 503
    assert server.paths().count("/down") == 2  # GET, one retry
    assert rules(report) == ["broken-link"]


@pytest.mark.slow
@pytest.mark.network
def test_a_server_that_never_answers_times_out(tmp_path: Path) -> None:
    with SilentServer() as server:
        write_readme(tmp_path, server.url("/silent"))
        started = time.monotonic()
        status, stdout, stderr = run_cli(
            tmp_path,
            "--allow-network",
            "127.0.0.0/8",
            "--no-cache",
            "--timeout",
            "0.5",
            "--retries",
            "1",
            "--format",
            "json",
        )
        elapsed = time.monotonic() - started
    assert status == 1, stderr
    entry = json_links(stdout)[server.url("/silent")]
    assert entry["state"] == "broken"
    assert "timed out" in entry["error"]
    # HEAD, then beside it a GET (a server may ignore HEAD): retries + 1 attempts, overlapping
    assert server.accepted == 2
    # about one timeout of 0.5 s (the attempts overlap), and the start of Python
    assert elapsed < 3


@pytest.mark.slow
@pytest.mark.network
def test_a_trickling_server_cannot_stretch_the_timeout() -> None:
    """One byte every 0.1 s never trips a per-read timeout; the whole answer must still end."""
    body = b"<p>" + b"x" * 200 + b"</p>"
    routes = {
        "/slow-head": Reply(200, {"X-Padding": "p" * 60}, drip=0.1),
        "/slow-body": Reply(200, HTML, body, drip=0.1),
    }
    with TestServer(routes) as server:
        started = time.monotonic()
        report = lint(
            server.url("/slow-head"),
            server.url("/slow-body#part"),
            settings=net(timeout=0.5, retries=0),
        )
        elapsed = time.monotonic() - started
    for url in (server.url("/slow-head"), server.url("/slow-body#part")):
        result = link(report, url)
        assert result.state is LinkState.BROKEN
        assert "timed out" in (result.error or "")
    assert elapsed < 3  # the answers alone would take 10 s and more


@pytest.mark.slow
@pytest.mark.network
def test_a_huge_body_is_read_only_in_part() -> None:
    total = 50 * 1024 * 1024
    huge = Reply(
        200,
        HTML,
        body=b'<!doctype html><h1 id="start">Start</h1>',
        stream=total,
        chunk=128 * 1024,
        pause=0.02,  # 50 MB would take 8 s to send
    )
    with TestServer({"/huge": huge}) as server:
        started = time.monotonic()
        report = lint(server.url("/huge#start"), server.url("/huge#elsewhere"))
        elapsed = time.monotonic() - started
        time.sleep(0.1)  # let the server notice that the client has gone
        streamed = server.bytes_streamed
    assert link(report, server.url("/huge#start")).state is LinkState.OK
    # Not found in the part read is not "not on the page": no false alarm.
    elsewhere = link(report, server.url("/huge#elsewhere"))
    assert elsewhere.state is LinkState.UNKNOWN
    assert not elsewhere.fragment_missing
    assert report.findings == []
    assert server.seen() == [("GET", "/huge")]
    assert streamed < 12 * 1024 * 1024
    assert elapsed < 4


@pytest.mark.network
def test_fragments_by_id_and_name() -> None:
    page = html(
        '<h2 id="install">Install</h2>',
        "<a name='old-anchor'></a>",
        '<div id="caf&eacute;">x</div>',
    )
    with TestServer({"/page": page}) as server:
        report = lint(
            server.url("/page#install"),
            server.url("/page#old-anchor"),
            server.url("/page#caf%C3%A9"),
            server.url("/page#top"),
            server.url("/page#missing"),
        )
    assert link(report, server.url("/page#install")).state is LinkState.OK
    assert link(report, server.url("/page#old-anchor")).state is LinkState.OK
    assert link(report, server.url("/page#caf%C3%A9")).state is LinkState.OK
    assert link(report, server.url("/page#top")).state is LinkState.OK
    assert link(report, server.url("/page#missing")).state is LinkState.BROKEN
    assert [(f.rule, f.severity) for f in report.findings] == [("broken-fragment", Severity.ERROR)]
    assert server.seen() == [("GET", "/page")]


# ---------------------------------------------------------------------------------------------
# security


def _private_urls(v4: TestServer, v6: TestServer | None) -> list[str]:
    urls = [
        v4.url("/secret"),
        f"http://localhost:{v4.port}/secret",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/admin",
        "http://192.168.0.1/",
    ]
    if v6 is not None:
        urls.append(v6.url("/secret"))
    return urls


def _ipv6_server() -> TestServer | None:
    try:
        return TestServer(host="::1").start()
    except OSError:
        return None


@pytest.mark.network
def test_private_addresses_are_refused_by_default() -> None:
    v6 = _ipv6_server()
    try:
        with TestServer() as v4:
            urls = _private_urls(v4, v6)
            report = lint(*urls, settings=net(policy=AddressPolicy(), timeout=0.5, retries=0))
    finally:
        if v6 is not None:
            v6.stop()
    for url in urls:
        result = link(report, url)
        assert result.state is LinkState.EXCLUDED, (url, result)
        assert "refused" in (result.error or "")
        assert "--allow-network" in (result.error or "")
    assert "link-local" in (link(report, urls[2]).error or "")
    assert "loopback" in (link(report, urls[0]).error or "")
    assert "private" in (link(report, urls[3]).error or "")
    assert v4.requests == []
    assert v6 is None or v6.requests == []
    assert report.findings == []


@pytest.mark.network
def test_private_addresses_are_refused_on_the_command_line(tmp_path: Path) -> None:
    with TestServer() as server:
        write_readme(tmp_path, server.url("/a"), f"http://localhost:{server.port}/b")
        status, stdout, stderr = run_cli(
            tmp_path, "--no-cache", "--timeout", "0.5", "--format", "json"
        )
    assert status == 0, stderr
    for entry in json_links(stdout).values():
        assert entry["state"] == "excluded"
        assert "loopback" in entry["error"]
    assert server.requests == []


@pytest.mark.network
def test_redirect_into_a_refused_range_is_stopped_at_the_hop() -> None:
    inside = TestServer({"/secret": html("<p>secret</p>")}, host="127.0.0.1")
    allowed = TestServer(host="127.0.0.2")
    with serving(inside, allowed):
        allowed.routes["/go"] = redirect(302, inside.url("/secret"))
        report = lint(
            allowed.url("/go"),
            settings=net(policy=AddressPolicy(parse_networks(["127.0.0.2/32"]))),
        )
    result = link(report, allowed.url("/go"))
    assert result.state is LinkState.EXCLUDED
    assert "127.0.0.1" in (result.error or "")
    assert allowed.paths() == ["/go"]
    assert inside.requests == []


class _RecordingBackend(httpcore.AsyncNetworkBackend):
    def __init__(self) -> None:
        self.connects: list[str] = []

    async def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        self.connects.append(host)
        raise httpcore.ConnectError("recording backend: not connecting")


@pytest.mark.parametrize(
    "addresses",
    [
        ["10.0.0.7"],
        ["169.254.169.254", "10.1.1.1"],
        ["::ffff:127.0.0.1"],
        ["fd00::1"],
        ["64:ff9b::a9fe:a9fe"],
        ["2002:a9fe:a9fe::1"],
    ],
)
def test_the_address_is_checked_after_resolution(
    addresses: list[str],
) -> None:
    resolver = TableResolver({"rebind.example": addresses})
    inner = _RecordingBackend()
    backend = GuardedBackend(AddressPolicy(), inner, resolver=resolver)

    async def connect() -> None:
        await backend.connect_tcp("rebind.example", 80, timeout=1.0)

    with pytest.raises(AddressRefused):
        anyio.run(connect)
    assert inner.connects == []


def test_a_name_with_public_and_private_addresses_is_reached_on_the_public_one_only() -> None:
    resolver = TableResolver({"mixed.example": ["169.254.169.254", "93.184.215.14", "10.0.0.7"]})
    inner = _RecordingBackend()
    backend = GuardedBackend(AddressPolicy(), inner, resolver=resolver)

    async def connect() -> None:
        await backend.connect_tcp("mixed.example", 80, timeout=1.0)

    with pytest.raises(httpcore.ConnectError):
        anyio.run(connect)
    assert inner.connects == ["93.184.215.14"]


def test_localhost_with_loopback_allowed_uses_the_allowed_address() -> None:
    resolver = TableResolver({"localhost": ["::1", "127.0.0.1"]})
    inner = _RecordingBackend()
    policy = AddressPolicy(parse_networks(["127.0.0.0/8"]))
    backend = GuardedBackend(policy, inner, resolver=resolver)

    async def connect() -> None:
        await backend.connect_tcp("localhost", 80, timeout=1.0)

    with pytest.raises(httpcore.ConnectError):
        anyio.run(connect)
    assert inner.connects == ["127.0.0.1"]


def test_the_connection_goes_to_the_checked_address() -> None:
    """A name is resolved once, checked, and the socket opened to that very address."""
    resolver = TableResolver({"rebind.example": ["127.0.0.2"]})
    inner = _RecordingBackend()
    policy = AddressPolicy(parse_networks(["127.0.0.2/32"]))
    backend = GuardedBackend(policy, inner, resolver=resolver)

    async def connect() -> None:
        await backend.connect_tcp("rebind.example", 80, timeout=1.0)

    with pytest.raises(httpcore.ConnectError):
        anyio.run(connect)
    assert resolver.asked == ["rebind.example"]
    assert inner.connects == ["127.0.0.2"]


@pytest.mark.network
def test_dns_rebinding_end_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    target = TestServer({"/": html("<p>inside</p>")}, host="127.0.0.1")
    public = TestServer({"/": html("<p>public</p>")}, host="127.0.0.2")
    with serving(target, public):
        # Both names use the port of `target`: `evil` points at it, `good` at 127.0.0.2,
        # where a second server listens on another port (so nothing answers there).
        fake_resolver(monkeypatch, {"evil.example": ["127.0.0.1"], "good.example": ["127.0.0.2"]})
        policy = AddressPolicy(parse_networks(["127.0.0.2/32"]))
        evil = f"http://evil.example:{target.port}/"
        good = f"http://good.example:{public.port}/"
        report = lint(evil, good, settings=net(policy=policy, retries=0))
    assert link(report, evil).state is LinkState.EXCLUDED
    assert target.requests == []
    assert link(report, good).state is LinkState.OK
    assert [r.headers.get("host") for r in public.requests] == [f"good.example:{public.port}"]


@pytest.mark.network
def test_github_token_is_not_sent_to_other_hosts(tmp_path: Path) -> None:
    routes = {"/a": html("<p>a</p>"), "/jump": redirect(302, "/a")}
    with TestServer(routes) as server:
        write_readme(tmp_path, server.url("/a"), server.url("/jump"))
        status, _, stderr = run_cli(
            tmp_path,
            "--allow-network",
            "127.0.0.0/8",
            "--no-cache",
            env={"GITHUB_TOKEN": "ghp_not_for_you"},
        )
    assert status == 0, stderr
    assert len(server.requests) >= 3
    assert all("authorization" not in r.headers for r in server.requests)
    assert "ghp_not_for_you" not in stderr


def _github_certificate(folder: Path) -> tuple[Path, Path] | None:
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    key, cert = folder / "key.pem", folder / "cert.pem"
    done = subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=github.com",
            "-addext",
            "subjectAltName=DNS:github.com,DNS:api.github.com",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        capture_output=True,
        timeout=20,
    )
    return (key, cert) if done.returncode == 0 else None


@pytest.mark.network
def test_github_token_goes_to_github_only_and_not_along_redirects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ssl

    files = _github_certificate(tmp_path)
    if files is None:
        pytest.skip("openssl cannot make a test certificate here")
    key, cert = files
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    elsewhere = TestServer({"/landing": html("<p>x</p>")}, host="127.0.0.2")
    github = TestServer(ssl_context=server_context)
    with serving(github, elsewhere):
        origin = f"https://github.com:{github.port}"
        github.routes.update(
            {
                "/o/r": html('<h2 id="user-content-usage">Usage</h2>'),
                "/o/moved": redirect(301, "/o/r"),
                "/o/away": redirect(302, elsewhere.url("/landing")),
            }
        )
        fake_resolver(monkeypatch, {"github.com": ["127.0.0.1"]})
        # Trust the test certificate the way users point httpx at their own CA bundle.
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        report = lint(
            f"{origin}/o/r#usage",
            f"{origin}/o/moved",
            f"{origin}/o/away",
            # The page checks' rule: the GitHub lane (which would ask api.github.com) is off.
            settings=net(github_token="ghp_secret", github=GithubLane(enabled=False)),
        )
    assert link(report, f"{origin}/o/r#usage").state is LinkState.OK
    assert link(report, f"{origin}/o/moved").state is LinkState.REDIRECTED
    assert link(report, f"{origin}/o/away").state is LinkState.OK
    first_hops = [r for r in github.requests if r.path in ("/o/moved", "/o/away")]
    assert first_hops and all(
        r.headers.get("authorization") == "Bearer ghp_secret" for r in first_hops
    )
    # /o/r is asked for directly (for the fragment: the token goes with it) and as the end
    # of the /o/moved redirect (a second hop, so no token).
    to_r = [r for r in github.requests if r.path == "/o/r"]
    assert sorted("authorization" in r.headers for r in to_r) == [False, True]
    assert elsewhere.paths() == ["/landing"]
    assert all("authorization" not in r.headers for r in elsewhere.requests)


# ---------------------------------------------------------------------------------------------
# the persistent cache


@pytest.mark.network
def test_warm_cache_sends_no_requests_for_good_links(tmp_path: Path) -> None:
    cache = tmp_path / "links.sqlite3"
    routes = {"/ok": html("<p>x</p>"), "/moved": redirect(301, "/ok")}
    with TestServer(routes) as server:
        urls = [server.url("/ok"), server.url("/moved"), server.url("/gone")]
        first = lint(*urls, cache_path=cache)
        after_first = len(server.requests)
        second = lint(*urls, cache_path=cache)
        new = server.paths()[after_first:]
    assert [link(first, url).cached for url in urls] == [False, False, False]
    assert link(second, server.url("/ok")).cached
    assert link(second, server.url("/ok")).state is LinkState.OK
    moved = link(second, server.url("/moved"))
    assert moved.cached and moved.state is LinkState.REDIRECTED
    assert moved.final_url == server.url("/ok")
    gone = link(second, server.url("/gone"))
    assert not gone.cached and gone.state is LinkState.BROKEN
    assert set(new) == {"/gone"}  # broken verdicts are never taken from the cache
    assert rules(second) == rules(first) == ["broken-link", "redirected-link"]


def _damage(cache: Path, kind: str) -> bytes:
    """Put something that is not a usable cache at `cache`; returns its bytes."""
    if kind == "random bytes":
        cache.write_bytes(os.urandom(8192))
    elif kind == "foreign sqlite":
        with sqlite3.connect(cache) as db:
            db.execute("CREATE TABLE users (name TEXT)")
            db.execute("INSERT INTO users VALUES ('someone')")
        db.close()
    else:  # ours, with everything after the header damaged
        cache_module.VerdictCache(cache, 3600).close()
        data = bytearray(cache.read_bytes())
        data[100:] = os.urandom(len(data) - 100)
        cache.write_bytes(bytes(data))
    return cache.read_bytes()


@pytest.mark.network
@pytest.mark.parametrize("kind", ["random bytes", "foreign sqlite", "ours, damaged"])
def test_a_damaged_cache_in_its_own_place_is_rebuilt(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At roadmap-lint's own location (here ROADMAP_LINT_CACHE_DIR), whatever is there goes."""
    monkeypatch.setenv("ROADMAP_LINT_CACHE_DIR", str(tmp_path))
    cache = tmp_path / "links.sqlite3"
    _damage(cache, kind)
    config = Config(offline=False, select=frozenset(NET_RULES), net=net())
    warnings: list[str] = []
    with TestServer({"/ok": html("<p>x</p>")}) as server:
        text = markdown(server.url("/ok"))
        report = lint_sources([SourceFile(None, "README.md", text)], config, warn=warnings.append)
        again = lint_sources([SourceFile(None, "README.md", text)], config)
    assert link(report, server.url("/ok")).state is LinkState.OK
    assert any(str(cache) in message for message in warnings), warnings
    assert link(again, server.url("/ok")).cached
    assert len(server.requests) == 1


@pytest.mark.network
def test_a_damaged_cache_of_ours_is_rebuilt_where_the_user_put_it(tmp_path: Path) -> None:
    cache = tmp_path / "my-cache.db"
    _damage(cache, "ours, damaged")
    warnings: list[str] = []
    with TestServer({"/ok": html("<p>x</p>")}) as server:
        report = lint(server.url("/ok"), cache_path=cache, warnings=warnings)
        again = lint(server.url("/ok"), cache_path=cache)
    assert link(report, server.url("/ok")).state is LinkState.OK
    assert any("starting a new one" in message for message in warnings), warnings
    assert link(again, server.url("/ok")).cached


@pytest.mark.network
@pytest.mark.parametrize("kind", ["random bytes", "foreign sqlite", "text"])
def test_someone_elses_file_named_as_the_cache_is_never_touched(tmp_path: Path, kind: str) -> None:
    """--cache-path naming a file that is not a roadmap-lint cache: it is left byte for byte
    as it was, and the run goes on without a cache."""
    cache = tmp_path / "important"
    if kind == "text":
        cache.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
        before = cache.read_bytes()
    else:
        before = _damage(cache, kind)
    warnings: list[str] = []
    with TestServer({"/ok": html("<p>x</p>")}) as server:
        report = lint(server.url("/ok"), cache_path=cache, warnings=warnings)
        again = lint(server.url("/ok"), cache_path=cache)
    assert link(report, server.url("/ok")).state is LinkState.OK
    assert not link(again, server.url("/ok")).cached
    assert len(server.requests) == 2
    assert cache.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["important"]
    assert len(warnings) == 1 and "left as it is" in warnings[0], warnings


@pytest.mark.network
def test_a_cache_folder_that_cannot_be_made_is_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    warnings: list[str] = []
    with TestServer({"/ok": html("<p>x</p>")}) as server:
        report = lint(server.url("/ok"), cache_path=blocker / "links.sqlite3", warnings=warnings)
    assert link(report, server.url("/ok")).state is LinkState.OK
    assert len(warnings) == 1 and "cache unavailable" in warnings[0], warnings


@pytest.mark.slow
@pytest.mark.network
def test_two_runs_share_one_cache_file(tmp_path: Path) -> None:
    cache = tmp_path / "shared.sqlite3"
    with TestServer({"/p/*": Reply(200, delay=0.05)}, max_requests=100) as server:
        folders = []
        for n in range(2):
            folder = tmp_path / f"run{n}"
            folder.mkdir()
            write_readme(folder, *(server.url(f"/p/{i}") for i in range(20)))
            folders.append(folder)
        processes = [
            cli(
                folder,
                "--allow-network",
                "127.0.0.0/8",
                "--cache",
                "--cache-path",
                str(cache),
                "--format",
                "json",
            )
            for folder in folders
        ]
        outputs = [process.communicate(timeout=30) for process in processes]
    for process, (stdout, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr
        assert "cache" not in stderr, stderr
        assert {entry["state"] for entry in json_links(stdout).values()} == {"ok"}
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0] == 20
    db.close()


# ---------------------------------------------------------------------------------------------
# no network at all


@pytest.fixture
def no_dns(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every name fails to resolve, as on a machine without network."""
    return fake_resolver(monkeypatch, {"*": None})


def test_no_network_leaves_links_unknown(
    run_cli: Callable[..., Any], tmp_path: Path, no_dns: list[str]
) -> None:
    urls = ["http://nonexistent.invalid/a", "https://also-not-here.invalid/b#x"]
    write_readme(tmp_path, *urls)
    isolate_config(tmp_path)
    result = run_cli("--no-cache", "--format", "json", "README.md", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("network unreachable: 2 URLs not checked") == 1
    links = json_links(result.stdout)
    assert {links[url]["state"] for url in urls} == {"unknown"}
    assert json.loads(result.stdout)["findings"] == []
    assert set(no_dns) == {"nonexistent.invalid", "also-not-here.invalid"}


def test_no_network_is_not_remembered(
    run_cli: Callable[..., Any], tmp_path: Path, no_dns: list[str]
) -> None:
    """The next run, perhaps back online, asks again and says again that it could not."""
    urls = ["http://nonexistent.invalid/a", "https://also-not-here.invalid/b"]
    write_readme(tmp_path, *urls)
    isolate_config(tmp_path)
    cache = tmp_path / "cache.sqlite3"
    for _ in range(2):
        result = run_cli("--cache-path", str(cache), "--format", "json", "README.md", cwd=tmp_path)
        assert result.stderr.count("network unreachable: 2 URLs not checked") == 1
        assert {entry["cached"] for entry in json_links(result.stdout).values()} == {False}
    assert no_dns.count("nonexistent.invalid") == 2
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0] == 0
    db.close()


@pytest.mark.network
def test_an_unknown_name_is_broken_when_the_network_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_resolver(monkeypatch, {"nonexistent.invalid": None})
    warnings: list[str] = []
    with TestServer({"/": html("<p>x</p>")}) as server:
        report = lint("http://nonexistent.invalid/", server.url("/"), warnings=warnings)
    result = link(report, "http://nonexistent.invalid/")
    assert result.state is LinkState.BROKEN
    assert "DNS" in (result.error or "")
    assert not any("network unreachable" in message for message in warnings)


# Where DNS queries or connections hang instead of failing (an offline laptop, a sandbox
# that drops packets), "no network" must be concluded from silence, within a second or two.
NO_ANSWER_BOUND = 3.0  # seconds a run with nothing answering may take in all


class _HangingBackend(httpcore.AsyncNetworkBackend):
    """Every connection attempt hangs until its timeout, as when SYNs are dropped."""

    def __init__(self) -> None:
        self.connects: list[str] = []

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, *args: Any, **kwargs: Any
    ) -> Any:
        self.connects.append(host)
        await anyio.sleep(timeout or 60)
        raise httpcore.ConnectTimeout(f"no answer from {host}")


class _Resolver:
    """An injected resolver: `answers` for some names, every other lookup hangs."""

    def __init__(self, answers: dict[str, list[str]] | None = None) -> None:
        self.answers = answers or {}
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        if host in self.answers:
            return self.answers[host]
        await anyio.sleep(60)
        raise AssertionError("a lookup that hangs was waited for")


def _timed_check(urls: list[str], link_run: run_module.LinkRun) -> tuple[float, RunResult]:
    started = time.monotonic()
    result = anyio.run(link_run.check, urls)
    return time.monotonic() - started, result


def _all_not_checked(result: RunResult, urls: list[str]) -> bool:
    return all(
        result.verdicts[url].state is LinkState.UNKNOWN and result.verdicts[url].no_network
        for url in urls
    )


@pytest.mark.slow
def test_a_resolver_that_never_answers_means_no_network_within_seconds() -> None:
    resolver = _Resolver()
    urls = [f"https://host{i}.example/page#part" for i in range(40)]
    elapsed, result = _timed_check(urls, run_module.LinkRun(NetSettings(), resolver=resolver))
    assert elapsed < NO_ANSWER_BOUND
    assert _all_not_checked(result, urls)
    assert result.no_network == 40
    assert resolver.asked  # the lookups were started, and given up on


@pytest.mark.slow
def test_connects_that_never_complete_mean_no_network_within_seconds() -> None:
    backend = _HangingBackend()
    urls = [f"http://93.184.{i}.14/" for i in range(10)] + ["https://[2606:2800:21f::1]/"]
    link_run = run_module.LinkRun(NetSettings(), backend=backend, resolver=_Resolver())
    elapsed, result = _timed_check(urls, link_run)
    assert elapsed < NO_ANSWER_BOUND
    assert _all_not_checked(result, urls)
    assert "93.184.0.14" in backend.connects  # an address is connected to without a lookup


@pytest.mark.slow
def test_a_system_resolver_stuck_in_its_thread_holds_up_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The real path: getaddrinfo blocking its thread, as with a resolver timing out."""
    release = threading.Event()
    blocked: list[str] = []

    def stuck(host: Any, *args: Any, **kwargs: Any) -> Any:
        blocked.append(str(host))
        release.wait(30)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    urls = [f"https://stuck{i}.example/" for i in range(50)]
    try:
        elapsed, result = _timed_check(urls, run_module.LinkRun(NetSettings()))
    finally:
        release.set()
    assert elapsed < NO_ANSWER_BOUND  # the event loop did not wait for the threads either
    assert _all_not_checked(result, urls)
    assert blocked


@pytest.mark.slow
def test_a_process_with_lookups_stuck_ends_at_once(tmp_path: Path) -> None:
    """Python waits for executor threads at exit: the lookup threads must not be those."""
    script = (
        "import socket, time\n"
        "def stuck(*args, **kwargs):\n"
        "    time.sleep(30)\n"
        "    raise socket.gaierror(socket.EAI_AGAIN, 'no answer')\n"
        "socket.getaddrinfo = stuck\n"
        "from roadmap_lint.net.parallel import check_urls\n"
        "from roadmap_lint.net.settings import NetSettings\n"
        "urls = [f'https://stuck{i}.example/' for i in range(20)]\n"
        "result = check_urls(NetSettings(), urls)\n"
        "print(result.no_network)\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=25, cwd=tmp_path
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "20"
    assert elapsed < NO_ANSWER_BOUND + 2  # interpreter start and imports included


@pytest.mark.slow
def test_no_network_from_silence_end_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    async def hanging(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        await anyio.sleep(60)

    monkeypatch.setattr(transport.anyio, "getaddrinfo", hanging)
    urls = ["https://a.example/x", "https://b.example/y#z", "http://c.example/"]
    warnings: list[str] = []
    started = time.monotonic()
    report = lint(*urls, settings=net(timeout=20, retries=2), warnings=warnings)
    assert time.monotonic() - started < NO_ANSWER_BOUND
    assert warnings == ["network unreachable: 3 URLs not checked"]
    assert {link(report, url).state for url in urls} == {LinkState.UNKNOWN}
    assert report.findings == []


@pytest.mark.slow
@pytest.mark.network
def test_a_slow_server_is_not_taken_for_no_network() -> None:
    """The connection is made at once; the first answer comes after the silence limit."""
    with TestServer({"/slow": Reply(200, delay=1.8), "/gone": Reply(404, delay=1.8)}) as server:
        urls = [server.url("/slow"), server.url("/gone")]
        elapsed, result = _timed_check(urls, run_module.LinkRun(net(timeout=5, retries=0)))
    assert elapsed >= 1.8
    assert result.verdicts[urls[0]].state is LinkState.OK
    assert result.verdicts[urls[1]].state is LinkState.BROKEN
    assert result.no_network == 0


@pytest.mark.slow
def test_a_resolved_name_is_an_answer_even_if_its_connect_hangs() -> None:
    """DNS answering shows a network: a host that then hangs is that host's problem."""
    resolver = _Resolver({"hangs.example": ["93.184.215.14"]})
    url = "https://hangs.example/"
    link_run = run_module.LinkRun(
        net(policy=AddressPolicy(), timeout=2.0, retries=0),
        backend=_HangingBackend(),
        resolver=resolver,
    )
    elapsed, result = _timed_check([url], link_run)
    assert elapsed >= 2.0  # waited for the request's own timeout, past the silence limit
    assert result.verdicts[url].state is LinkState.BROKEN
    assert result.verdicts[url].error == "timed out"
    assert result.no_network == 0


@pytest.mark.slow
def test_names_only_the_hosts_file_knows_are_no_sign_of_a_network() -> None:
    """localhost resolves offline too: refused by the policy, it shows nothing."""
    resolver = _Resolver({"localhost": ["127.0.0.1", "::1"]})
    urls = ["http://localhost:3000/", "https://elsewhere.example/"]
    link_run = run_module.LinkRun(NetSettings(), backend=_HangingBackend(), resolver=resolver)
    elapsed, result = _timed_check(urls, link_run)
    assert elapsed < NO_ANSWER_BOUND
    assert result.verdicts[urls[0]].state is LinkState.EXCLUDED
    assert _all_not_checked(result, urls[1:])


# ---------------------------------------------------------------------------------------------
# output streams and progress


@pytest.mark.network
def test_stdout_holds_only_the_report_and_no_progress_without_a_tty(tmp_path: Path) -> None:
    with TestServer({"/p/*": Reply(200, delay=0.02)}) as server:
        write_readme(tmp_path, *(server.url(f"/p/{i}") for i in range(10)))
        status, stdout, stderr = run_cli(
            tmp_path, "--allow-network", "127.0.0.0/8", "--no-cache", "--format", "json"
        )
    assert status == 0
    data = json.loads(stdout)  # nothing but the report
    assert data["summary"]["requests"] == 10
    assert "\r" not in stderr and "\033" not in stderr
    assert "checking" not in stderr


def _run_with_tty_stderr(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    primary, secondary = pty.openpty()
    try:
        process = cli(tmp_path, *args, stderr=secondary)
        os.close(secondary)
        secondary = -1
        drawn = b""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 0.1)
            if ready:
                try:
                    data = os.read(primary, 4096)
                except OSError:  # the other side is closed
                    break
                if not data:
                    break
                drawn += data
            elif process.poll() is not None:
                break
        stdout = process.stdout.read() if process.stdout else ""
        process.wait(timeout=10)
        return process.returncode, stdout, drawn.decode(errors="replace")
    finally:
        os.close(primary)
        if secondary != -1:
            os.close(secondary)


@pytest.mark.slow
@pytest.mark.network
@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_is_drawn_on_a_tty_only_on_stderr(tmp_path: Path) -> None:
    with TestServer({"/p/*": Reply(200, delay=0.02)}) as server:
        write_readme(tmp_path, *(server.url(f"/p/{i}") for i in range(10)))
        common = ("--allow-network", "127.0.0.0/8", "--no-cache", "--format", "json")
        status, stdout, terminal = _run_with_tty_stderr(tmp_path, *common)
        quiet_status, quiet_stdout, quiet_terminal = _run_with_tty_stderr(
            tmp_path, *common, "--no-progress"
        )
    assert status == quiet_status == 0
    assert json.loads(stdout)["summary"]["urls"] == 10
    assert "checking links 10/10" in terminal
    assert json.loads(quiet_stdout)["summary"]["urls"] == 10
    assert "checking links" not in quiet_terminal


@pytest.mark.network
def test_lint_paths_end_to_end(tmp_path: Path) -> None:
    """The library entry point over a folder: two files, one shared URL, one request."""
    with TestServer({"/shared": html("<p>x</p>")}) as server:
        (tmp_path / "a.md").write_text(markdown(server.url("/shared")), encoding="utf-8")
        (tmp_path / "b.md").write_text(markdown(server.url("/shared")), encoding="utf-8")
        report = lint_paths(
            [str(tmp_path)],
            Config(offline=False, select=frozenset(NET_RULES), net=net(), cache=False),
        )
    shared = link(report, server.url("/shared"))
    assert shared.state is LinkState.OK
    assert sorted(Path(loc.path).name for loc in shared.locations) == ["a.md", "b.md"]
    assert len(server.requests) == 1


@pytest.fixture(autouse=True)
def _bounded(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test here is meant to be quick; a slow one is a bug."""
    started = time.monotonic()
    yield
    assert time.monotonic() - started < 20, f"{request.node.name} took too long"


def test_a_cache_busy_beyond_the_timeout_is_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite3"
    cache_module.VerdictCache(path, 3600).close()  # a valid cache
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        warnings: list[str] = []
        busy = cache_module.VerdictCache(path, 3600, warn=warnings.append, busy_timeout=0.1)
        assert busy.get_many(["https://a.example/"]) == {}
        busy.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert path.exists()
    assert len(warnings) == 1 and "cache busy" in warnings[0]


class _KeepAliveHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    connections = 0
    lock = threading.Lock()

    def setup(self) -> None:
        with self.lock:
            type(self).connections += 1
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        time.sleep(0.05 if self.path.startswith("/slow") else 0)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.mark.network
def test_connections_are_kept_alive_one_per_request_in_flight() -> None:
    """Sequential requests share one connection; concurrent ones get one each, then reuse them."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _KeepAliveHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    guarded = transport.GuardedTransport(
        AddressPolicy(parse_networks(["127.0.0.0/8"])), transport.shared_ssl_context
    )

    async def head(path: str) -> int:
        request = httpx.Request("HEAD", base + path, extensions={"timeout": {"read": 5.0}})
        response = await guarded.handle_async_request(request)
        await response.aread()
        await response.aclose()
        return response.status_code

    async def scenario() -> list[int]:
        counts = []
        for index in range(5):
            assert await head(f"/one/{index}") == 200
        counts.append(_KeepAliveHandler.connections)
        for _round in range(3):
            async with anyio.create_task_group() as group:
                for index in range(4):
                    group.start_soon(head, f"/slow/{index}")
            counts.append(_KeepAliveHandler.connections)
        await guarded.aclose()
        return counts

    try:
        _KeepAliveHandler.connections = 0
        counts = anyio.run(scenario)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert counts == [1, 4, 4, 4]


@pytest.mark.slow
def test_a_site_lane_that_never_answers_means_no_network_within_seconds_too() -> None:
    """The YouTube lane asks oEmbed first: with nothing answering, it does not wait a whole
    timeout for it either."""
    resolver = _Resolver()
    urls = [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/aqz-KE-bpKQ",
        "https://host1.example/page",
    ]
    elapsed, result = _timed_check(
        urls, run_module.LinkRun(NetSettings(timeout=20), resolver=resolver)
    )
    assert elapsed < NO_ANSWER_BOUND
    assert _all_not_checked(result, urls)


@pytest.mark.network
def test_no_ssl_context_is_made_for_a_run_without_https(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading the trust store takes a few hundredths of a second: only https needs it."""
    import roadmap_lint.net.run as net_run

    made: list[object] = []
    real = net_run.shared_ssl_context

    def counted() -> Any:
        made.append(real())
        return made[-1]

    monkeypatch.setattr(net_run, "shared_ssl_context", counted)
    fake_resolver(monkeypatch, {"tls.example": ["127.0.0.1"]})
    with TestServer({"/a": html("<p>a</p>")}) as server:
        report = lint(server.url("/a"))
        assert link(report, server.url("/a")).state is LinkState.OK
        assert made == []
        # https (to a server that speaks none: the handshake fails) makes one, for the run.
        lint(f"https://tls.example:{server.port}/a", f"https://tls.example:{server.port}/b")
    assert len(made) == 1
