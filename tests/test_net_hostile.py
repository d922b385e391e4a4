"""Hostile servers and hostile links: every run ends with a report, and soon."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.servers import SilentServer, json_links, run_cli, write_readme


@pytest.mark.slow
@pytest.mark.network
def test_a_thousand_links_on_a_hung_host_end_within_a_few_timeouts(tmp_path: Path) -> None:
    """Once the host is given up, the requests under way to it are cancelled too."""
    with SilentServer(max_wait=30) as server:
        write_readme(tmp_path, *(server.url(f"/page/{index}") for index in range(1000)))
        started = time.monotonic()
        status, stdout, stderr = run_cli(
            tmp_path,
            "--allow-network",
            "127.0.0.0/8",
            "--no-cache",
            "--timeout",
            "1",
            "--format",
            "json",
            timeout=60,
        )
        elapsed = time.monotonic() - started
    assert status == 1, stderr
    links = json_links(stdout)
    assert len(links) == 1000
    assert {entry["state"] for entry in links.values()} == {"broken"}
    assert {entry["reason"] for entry in links.values()} == {"timeout"}
    # one timeout, the second attempt's hedge delay, Python's start: far from 1,000 timeouts
    assert elapsed < 8, elapsed
    assert server.accepted <= 2 * 8  # never more than the host's slots, twice (hedges)


MALFORMED = [
    "http://[::1",
    "http://xn--/",
    "http://[1:2:3:4:5:6:7:8:9]/",
    "http://host:99999/",
    "http://0177.0.0.1/",
    "http://ex%00ample.com/",
    "https://a..b/",
    "http://%zz/",
    "http://exa\x01mple.com/",
]


def test_malformed_urls_in_the_document_are_broken_with_the_reason() -> None:
    from roadmap_lint.net.run import offline_verdict
    from roadmap_lint.net.settings import NetSettings

    for url in MALFORMED:
        verdict = offline_verdict(url, NetSettings())
        assert verdict is not None, url
        assert (verdict.state.value, verdict.reason) == ("broken", "invalid-url"), url


@pytest.mark.network
def test_a_malformed_location_header_is_that_link_s_verdict(tmp_path: Path) -> None:
    from tests.servers import Reply, TestServer

    routes = {f"/hop/{index}": Reply(301, {"Location": bad}) for index, bad in enumerate(MALFORMED)}
    routes["/fine"] = Reply(200)
    with TestServer(routes) as server:
        urls = [server.url(f"/hop/{index}") for index in range(len(MALFORMED))]
        write_readme(tmp_path, *urls, server.url("/fine"))
        status, stdout, stderr = run_cli(
            tmp_path, "--allow-network", "127.0.0.0/8", "--no-cache", "--format", "json"
        )
    assert status == 1, stderr
    links = json_links(stdout)
    assert links[server.url("/fine")]["state"] == "ok"
    for url in urls:
        assert links[url]["state"] == "broken", (url, links[url])
        assert links[url]["reason"] == "invalid-url", (url, links[url])


PAGE = b'<html><body><h2 id="kept">Kept</h2><!-- <a id="commented"></a> --></body></html>'


def _raw_deflate(data: bytes) -> bytes:
    import zlib

    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.network
def test_a_fragment_on_a_compressed_page_is_read_or_left_undecided(tmp_path: Path) -> None:
    """Every encoding a server may send: read when it can be, `unknown` when it cannot;
    never `ok` unread."""
    import gzip
    import zlib

    from tests.servers import Reply, TestServer

    html_type = {"Content-Type": "text/html"}
    routes = {
        "/gzip": Reply(200, {**html_type, "Content-Encoding": "gzip"}, gzip.compress(PAGE)),
        "/zlib": Reply(200, {**html_type, "Content-Encoding": "deflate"}, zlib.compress(PAGE)),
        "/raw": Reply(200, {**html_type, "Content-Encoding": "deflate"}, _raw_deflate(PAGE)),
        "/br": Reply(200, {**html_type, "Content-Encoding": "br"}, b"\x1b\x4b\x00\x00" * 20),
        "/zstd": Reply(200, {**html_type, "Content-Encoding": "zstd"}, b"\x28\xb5\x2f\xfd" * 20),
        "/damaged": Reply(200, {**html_type, "Content-Encoding": "gzip"}, b"\x1f\x8b" + b"x" * 80),
    }
    with TestServer(routes) as server:
        readable = ["/gzip", "/zlib", "/raw"]
        unreadable = ["/br", "/zstd", "/damaged"]
        urls = [server.url(f"{path}#{name}") for path in readable for name in ("kept", "gone")]
        urls += [server.url(f"{path}#commented") for path in readable]
        urls += [server.url(f"{path}#kept") for path in unreadable]
        write_readme(tmp_path, *urls)
        status, stdout, stderr = run_cli(
            tmp_path, "--allow-network", "127.0.0.0/8", "--no-cache", "--format", "json"
        )
    assert status == 1, stderr
    links = json_links(stdout)
    for path in readable:
        assert links[server.url(f"{path}#kept")]["state"] == "ok", path
        for missing in ("gone", "commented"):
            entry = links[server.url(f"{path}#{missing}")]
            assert entry["state"] == "broken", (path, missing, entry)
    for path in unreadable:
        entry = links[server.url(f"{path}#kept")]
        assert (entry["state"], entry["reason"]) == ("unknown", "unreadable-page"), (path, entry)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 3 ", 3.0),
        ("Thu, 01 Jan 1970 00:01:40 GMT", 60.0),  # 100 s after the epoch, now is 40 s
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),  # in the past: at once
        ("²", None),  # a digit to str.isdigit, no number to float()
        ("1.5", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_is_read_or_ignored_never_raised(
    value: str | None, seconds: float | None
) -> None:
    from roadmap_lint.net.classify import retry_after_seconds

    assert retry_after_seconds(value, 40.0) == seconds


@pytest.mark.network
def test_a_retry_after_that_is_no_number_is_ignored(tmp_path: Path) -> None:
    from tests.servers import Reply, TestServer

    answers = iter([Reply(503, {"Retry-After": "²"}), Reply(200)])
    with TestServer({"/page": lambda request, hits: next(answers)}) as server:
        write_readme(tmp_path, server.url("/page"))
        status, stdout, stderr = run_cli(
            tmp_path, "--allow-network", "127.0.0.0/8", "--no-cache", "--format", "json"
        )
    assert status == 0, stderr
    assert json_links(stdout)[server.url("/page")]["state"] == "ok"
