"""Archive lookups (`net.archive`): every kind of answer the archive's APIs may give.

Every exchange is mocked with respx; waits are recorded, not waited for.
"""

from __future__ import annotations

import calendar
import json
import socket
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import anyio
import anyio.lowlevel
import httpx
import pytest
import respx

from roadmap_lint.config.file import parse_config
from roadmap_lint.config.settings import CommandLine, Config, resolve
from roadmap_lint.errors import UsageError
from roadmap_lint.net.archive import (
    SILENCE_LIMIT,
    ArchiveLookups,
    ArchiveOutcome,
    SnapshotQuery,
    _cdx_rows,
    epoch,
    find_snapshots,
    timestamp,
)
from roadmap_lint.net.settings import ArchiveSettings, NetSettings
from roadmap_lint.pipeline import fix_paths, lint_paths
from roadmap_lint.rules import all_rules
from tests.recorded import Sleeps

ARCHIVE = "https://web.archive.org"
CDX = f"{ARCHIVE}/cdx/search/cdx"
AVAILABLE = f"{ARCHIVE}/wayback/available"
PAGE = "https://old.example.org/guide"
HEADER = ["timestamp", "original", "statuscode"]


def moment(stamp: str) -> float:
    return float(calendar.timegm(time.strptime(stamp, "%Y%m%d%H%M%S")))


BROKE = moment("20230601000000")  # when the page was first seen broken


class Archive:
    """The archive's two APIs, each answering from a queue (the last answer repeats)."""

    def __init__(
        self,
        cdx: list[httpx.Response | Exception] | None = None,
        available: list[httpx.Response | Exception] | None = None,
    ):
        self.cdx = cdx or [httpx.Response(404)]
        self.available = available or [httpx.Response(404)]
        self.asked: list[tuple[str, dict[str, list[str]]]] = []
        self.router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
        self.router.get(CDX).mock(side_effect=lambda request: self._answer("cdx", request))
        self.router.get(AVAILABLE).mock(
            side_effect=lambda request: self._answer("available", request)
        )
        self.sleeps = Sleeps()

    def _answer(self, api: str, request: httpx.Request) -> httpx.Response:
        self.asked.append((api, parse_qs(urlsplit(str(request.url)).query)))
        queue = self.cdx if api == "cdx" else self.available
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def run(self, *queries: SnapshotQuery, settings: NetSettings | None = None) -> ArchiveOutcome:
        transport = httpx.MockTransport(self.router.async_handler)
        lookups = ArchiveLookups(
            settings or NetSettings(),
            client_factory=lambda host, given: transport,
            sleep=self.sleeps,
        )
        return anyio.run(lookups.run, list(queries))


def cdx(*rows: list[str], header: bool = True) -> httpx.Response:
    return httpx.Response(200, json=[HEADER, *rows] if header else list(rows))


def capture(stamp: str, original: str = PAGE) -> list[str]:
    return [stamp, original, "200"]


def available(stamp: str, ok: bool = True, status: str | None = "200") -> httpx.Response:
    closest: dict[str, object] = {
        "available": ok,
        "url": f"http://web.archive.org/web/{stamp}/{PAGE}",
        "timestamp": stamp,
    }
    if status is not None:
        closest["status"] = status
    return httpx.Response(200, json={"url": PAGE, "archived_snapshots": {"closest": closest}})


def test_the_latest_capture_from_before_the_page_broke_is_chosen() -> None:
    archive = Archive(
        cdx=[
            cdx(
                capture("20190101120000"),
                capture("20230301080000"),
                capture("20230531235959"),
                capture("20230701000000"),  # after it broke: a server ignoring `to`
            )
        ]
    )
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert outcome.snapshots == {PAGE: f"{ARCHIVE}/web/20230531235959/{PAGE}"}
    assert outcome.failed == {}
    assert outcome.requests == 1
    ((api, query),) = archive.asked
    assert api == "cdx"
    assert query == {
        "url": [PAGE],
        "output": ["json"],
        "fl": ["timestamp,original,statuscode"],
        "filter": ["statuscode:200"],
        "to": ["20230601000000"],
        "collapse": ["timestamp:8"],
    }


def test_the_capture_closest_to_when_the_link_was_added_is_preferred() -> None:
    archive = Archive(
        cdx=[
            cdx(
                capture("20180101000000"),
                capture("20200301000000"),
                capture("20200420000000"),
                capture("20230301000000"),
            )
        ]
    )
    added = moment("20200415000000")
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE, near=added))
    assert outcome.snapshots[PAGE] == f"{ARCHIVE}/web/20200420000000/{PAGE}"


def test_the_address_is_built_on_the_configured_archive_with_the_captured_original() -> None:
    settings = NetSettings(archive=ArchiveSettings(url=f"{ARCHIVE}/"))
    archive = Archive(cdx=[cdx(capture("20200101000000", "http://old.example.org:80/guide"))])
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE), settings=settings)
    assert (
        outcome.snapshots[PAGE] == f"{ARCHIVE}/web/20200101000000/http://old.example.org:80/guide"
    )


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, json=[]),
        cdx(),  # the header row alone
        cdx(["20200101000000", PAGE, "404"]),  # not a good capture (a filter ignored)
        httpx.Response(200, json=[HEADER, "not a row", [], [1, 2, 3]]),
        cdx(["not-a-date", PAGE, "200"]),
    ],
)
def test_no_good_capture_means_none(answer: httpx.Response) -> None:
    archive = Archive(cdx=[answer])
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert outcome.snapshots == {PAGE: None}
    assert outcome.failed == {}
    assert [api for api, _ in archive.asked] == ["cdx"]


def test_captures_only_from_after_it_broke_mean_none() -> None:
    archive = Archive(cdx=[cdx(capture("20230601000000"), capture("20240101000000"))])
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert outcome.snapshots == {PAGE: None}


def test_rows_without_a_header_are_read_in_the_order_asked_for() -> None:
    archive = Archive(cdx=[cdx(capture("20200101000000"), header=False)])
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert outcome.snapshots[PAGE] == f"{ARCHIVE}/web/20200101000000/{PAGE}"


@pytest.mark.parametrize("status", [404, 400, 403])
def test_without_a_cdx_endpoint_the_availability_api_is_asked(status: int) -> None:
    archive = Archive(cdx=[httpx.Response(status)], available=[available("20220101000000")])
    added = moment("20210101000000")
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE, near=added))
    assert outcome.snapshots == {PAGE: f"{ARCHIVE}/web/20220101000000/{PAGE}"}
    assert [api for api, _ in archive.asked] == ["cdx", "available"]
    assert archive.asked[1][1] == {"url": [PAGE], "timestamp": ["20210101000000"]}
    assert outcome.requests == 2


def test_the_availability_api_is_asked_near_the_breakage_without_a_blame_date() -> None:
    archive = Archive(available=[available("20220101000000")])
    archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert archive.asked[1][1]["timestamp"] == ["20230601000000"]


@pytest.mark.parametrize(
    "answer",
    [
        available("20230701000000"),  # from after it broke
        available("20220101000000", ok=False),
        available("20220101000000", status="404"),
        httpx.Response(200, json={"url": PAGE, "archived_snapshots": {}}),
    ],
)
def test_an_availability_answer_that_does_not_qualify_means_none(answer: httpx.Response) -> None:
    archive = Archive(available=[answer])
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert outcome.snapshots == {PAGE: None}
    assert outcome.failed == {}


def test_an_availability_answer_without_a_status_is_taken() -> None:
    archive = Archive(available=[available("20220101000000", status=None)])
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert outcome.snapshots[PAGE] == f"{ARCHIVE}/web/20220101000000/{PAGE}"


def test_a_cdx_answer_that_is_not_json_falls_back_to_the_availability_api() -> None:
    archive = Archive(
        cdx=[httpx.Response(200, text="<html>maintenance</html>")],
        available=[available("20220101000000")],
    )
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert outcome.snapshots[PAGE] == f"{ARCHIVE}/web/20220101000000/{PAGE}"


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="{not json"),
        httpx.Response(200, json=["a list"]),
        httpx.Response(200, json={"archived": "no such key"}),
        httpx.Response(404),
    ],
)
def test_malformed_answers_from_both_apis_are_a_failed_lookup(answer: httpx.Response) -> None:
    archive = Archive(cdx=[httpx.Response(200, text="{]")], available=[answer])
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert outcome.snapshots == {}
    assert PAGE in outcome.failed


def test_a_429_with_retry_after_is_waited_out_then_asked_again() -> None:
    archive = Archive(
        cdx=[
            httpx.Response(429, headers={"Retry-After": "3"}),
            cdx(capture("20200101000000")),
        ]
    )
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert outcome.snapshots[PAGE] == f"{ARCHIVE}/web/20200101000000/{PAGE}"
    assert archive.sleeps.delays == [3.0]
    assert outcome.requests == 2


def test_a_503_with_retry_after_is_waited_out_too() -> None:
    archive = Archive(
        cdx=[httpx.Response(503, headers={"Retry-After": "1"}), cdx(capture("20200101000000"))]
    )
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert outcome.snapshots[PAGE] is not None
    assert archive.sleeps.delays == [1.0]


def test_a_wait_longer_than_the_cap_is_a_failed_lookup() -> None:
    archive = Archive(cdx=[httpx.Response(429, headers={"Retry-After": "3600"})])
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert outcome.snapshots == {}
    assert "429" in outcome.failed[PAGE]
    assert archive.sleeps.delays == []


def test_a_server_error_that_persists_is_a_failed_lookup_after_retries() -> None:
    archive = Archive(cdx=[httpx.Response(502)])
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE), settings=NetSettings(retries=2))
    assert "502" in outcome.failed[PAGE]
    assert outcome.requests == 3


def test_a_timeout_is_a_failed_lookup_and_two_give_the_archive_up() -> None:
    archive = Archive(cdx=[httpx.ReadTimeout("timed out")])
    pages = [f"https://old.example.org/{n}" for n in range(6)]
    settings = NetSettings(archive=ArchiveSettings())
    outcome = archive.run(*(SnapshotQuery(page, before=BROKE) for page in pages), settings=settings)
    assert outcome.snapshots == {}
    assert set(outcome.failed) == set(pages)
    assert any("timed out" in reason for reason in outcome.failed.values())
    # Four lookups start at once (the gate's first window); after two timeouts with nothing
    # answered the host is given up: those under way end, no more are sent.
    assert outcome.requests <= 4
    assert len(archive.asked) == outcome.requests
    assert any("not asked again" in reason for reason in outcome.failed.values())


def test_a_connection_refused_is_a_failed_lookup() -> None:
    archive = Archive(cdx=[httpx.ConnectError("refused")])
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert "ConnectError" in outcome.failed[PAGE]


def test_each_page_is_looked_up_once() -> None:
    archive = Archive(cdx=[cdx(capture("20200101000000"))])
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE), SnapshotQuery(PAGE, before=BROKE))
    assert outcome.requests == 1


def test_a_lookup_matching_an_exclude_pattern_is_not_sent() -> None:
    import re

    archive = Archive(cdx=[cdx(capture("20200101000000"))])
    settings = NetSettings(excludes=(re.compile(r"^https://web\.archive\.org/"),))
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE), settings=settings)
    assert outcome.excluded == {PAGE}
    assert outcome.requests == 0
    assert archive.asked == []


def test_a_truncated_cdx_answer_gives_its_complete_rows() -> None:
    body = (
        '[["timestamp","original","statuscode"],\n'
        f'["20200101000000","{PAGE}","200"],\n'
        f'["20210101000000","{PAGE}","200"],\n'
        '["2022010'
    ).encode()
    assert _cdx_rows(body, truncated=True) == [
        {"timestamp": "20200101000000", "original": PAGE, "statuscode": "200"},
        {"timestamp": "20210101000000", "original": PAGE, "statuscode": "200"},
    ]
    assert _cdx_rows(body, truncated=False) is None
    assert _cdx_rows(json.dumps({"a": 1}).encode(), truncated=False) is None


def test_a_cdx_answer_in_plain_text_is_read() -> None:
    """The CDX API's text form, with the fields asked for or all seven of them."""
    asked = f"20200101000000 {PAGE} 200\n20210101000000 {PAGE} 404\n".encode()
    full = f"org,example,old)/guide 20190101000000 {PAGE} text/html 200 ABCDEF 1234\n".encode()
    assert _cdx_rows(asked, truncated=False) == [
        {"timestamp": "20200101000000", "original": PAGE, "statuscode": "200"},
        {"timestamp": "20210101000000", "original": PAGE, "statuscode": "404"},
    ]
    assert _cdx_rows(full, truncated=False) == [
        {"timestamp": "20190101000000", "original": PAGE, "statuscode": "200"},
    ]
    assert _cdx_rows(b"<html>Not the CDX API</html>", truncated=False) is None
    archive = Archive(cdx=[httpx.Response(200, content=asked)])
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE))
    assert outcome.snapshots[PAGE] == f"{ARCHIVE}/web/20200101000000/{PAGE}"  # 404s skipped


def test_a_cdx_status_written_as_a_number_is_read() -> None:
    body = json.dumps([HEADER, ["20200101000000", PAGE, 200]]).encode()
    assert _cdx_rows(body, truncated=False) == [
        {"timestamp": "20200101000000", "original": PAGE, "statuscode": "200"}
    ]


def test_timestamps() -> None:
    assert timestamp(BROKE) == "20230601000000"
    assert epoch("20230601000000") == BROKE
    assert epoch("2023") == moment("20230101000000")
    assert epoch("20231301000000") is None  # month 13
    assert epoch("abc") is None
    assert epoch("") is None


# ---------------------------------------------------------------------------------------------
# configuration


def _net(folder: Path, text: str) -> NetSettings:
    path = folder / ".roadmap-lint.toml"
    path.write_text(text, encoding="utf-8")
    known = [(rule.name, rule.code) for rule in all_rules()]
    defaults = {key: rule.options for rule in all_rules() for key in (rule.name, rule.code)}
    return resolve(CommandLine(), parse_config(path, defaults), known, "1.0").net


def test_the_archive_is_configurable(tmp_path: Path) -> None:
    assert NetSettings().archive == ArchiveSettings(enabled=True, url=ARCHIVE)
    assert _net(tmp_path, "[links]\ntimeout = 3\n").archive == ArchiveSettings()
    net = _net(tmp_path, '[links.archive]\nenabled = false\nurl = "http://127.0.0.1:9/wb"\n')
    assert net.archive == ArchiveSettings(enabled=False, url="http://127.0.0.1:9/wb")


@pytest.mark.parametrize(
    "text",
    [
        '[links.archive]\nurl = "web.archive.org"\n',
        '[links.archive]\nurl = "ftp://web.archive.org"\n',
        '[links.archive]\nurl = "https://web.archive.org/?x=1"\n',
        '[links.archive]\nurl = "http://[::1"\n',
    ],
)
def test_a_bad_archive_address_is_a_config_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(UsageError, match=r":2: links\.archive\.url: must be an http"):
        _net(tmp_path, text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[links.archive]\nenabled = 1\n", r"links\.archive\.enabled: must be true or false"),
        ("[links.archive]\nsnapshots = true\n", r"unknown key links\.archive\.snapshots"),
        ('[links]\narchive = "off"\n', r"links\.archive: must be a table"),
    ],
)
def test_archive_keys_are_checked(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(UsageError, match=problem):
        _net(tmp_path, text)


# ---------------------------------------------------------------------------------------------
# in a run: which links are looked up, and what becomes of the answers


DEAD = "https://old.example.org/guide"
ROADMAP = (
    "# Roadmap\n\n"
    f"- [guide]({DEAD}#setup)\n"
    "- [alive](https://alive.example.org/)\n"
    "- [missing anchor](https://alive.example.org/#nowhere)\n"
    f"- [archived already]({ARCHIVE}/web/2019/https://gone.example.org/)\n"
)


def _internet(router: respx.MockRouter, cdx_answer: httpx.Response) -> None:
    router.route(host="old.example.org").respond(404)
    router.route(host="alive.example.org").respond(
        200, headers={"Content-Type": "text/html"}, text="<h1 id='top'>Alive</h1>"
    )
    router.route(host="web.archive.org", path__startswith="/web/").respond(404)
    router.get(CDX).mock(return_value=cdx_answer)


def _online(folder: Path, **changes: object) -> Config:
    settings: dict[str, object] = {
        "select": frozenset({"broken-link", "broken-fragment"}),
        "cache_path": folder / "cache.sqlite3",
    }
    settings.update(changes)
    return Config(**settings)  # type: ignore[arg-type]


def test_only_dead_pages_are_looked_up_and_the_finding_suggests_the_copy(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(ROADMAP, encoding="utf-8")
    with respx.mock(assert_all_called=False) as router:
        _internet(router, cdx(capture("20200101000000", DEAD)))
        report = lint_paths([str(readme)], _online(tmp_path))
        lookups = [
            call.request for call in router.calls if call.request.url.path.startswith("/cdx")
        ]
    # The dead page only: not the page missing an anchor, not a link into the archive itself.
    assert [parse_qs(r.url.query.decode())["url"] for r in lookups] == [[DEAD]]
    copy = f"{ARCHIVE}/web/20200101000000/{DEAD}#setup"
    by_line = {f.line: f for f in report.findings if f.rule == "broken-link"}
    assert by_line[3].suggestion == copy
    assert by_line[3].fix and by_line[3].fix[0].new == copy
    assert by_line[3].fix[0].only_with == "archive"
    assert by_line[6].suggestion is None  # the archive's own page is not looked up
    assert {link.url: link.snapshot for link in report.links}[f"{DEAD}#setup"] == copy


def test_without_a_cache_the_lookup_is_made_and_nothing_kept(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(ROADMAP, encoding="utf-8")
    for _ in range(2):
        with respx.mock(assert_all_called=False) as router:
            _internet(router, cdx(capture("20200101000000", DEAD)))
            report = lint_paths([str(readme)], _online(tmp_path, cache=False))
            asked = [c for c in router.calls if c.request.url.path.startswith("/cdx")]
        assert len(asked) == 1
        assert any(f.suggestion for f in report.findings)
    assert not (tmp_path / "cache.sqlite3").exists()


def test_a_failed_lookup_is_not_kept_and_says_so_once(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(ROADMAP, encoding="utf-8")
    warnings: list[str] = []
    with respx.mock(assert_all_called=False) as router:
        _internet(router, httpx.Response(200, text="<html>"))
        router.get(AVAILABLE).respond(500)
        report = lint_paths(
            [str(readme)], _online(tmp_path, net=NetSettings(retries=0)), warnings.append
        )
    assert [w for w in warnings if w.startswith("archive:")] == [
        "archive: 1 snapshot lookup got no answer (neither API answered (availability API:"
        " HTTP 500)); no archived copy suggested for it"
    ]
    assert all(f.suggestion is None for f in report.findings if f.rule == "broken-link")
    with respx.mock(assert_all_called=False) as router:  # the next run asks again
        _internet(router, cdx(capture("20200101000000", DEAD)))
        report = lint_paths([str(readme)], _online(tmp_path))
        assert [c for c in router.calls if c.request.url.path.startswith("/cdx")]
    assert any(f.suggestion for f in report.findings)


def test_offline_or_switched_off_there_is_no_lookup(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(ROADMAP, encoding="utf-8")
    off = NetSettings(archive=ArchiveSettings(enabled=False))
    with respx.mock(assert_all_called=False) as router:
        _internet(router, cdx(capture("20200101000000", DEAD)))
        report = lint_paths([str(readme)], _online(tmp_path, net=off))
        assert not [c for c in router.calls if c.request.url.path.startswith("/cdx")]
    assert all(f.suggestion is None for f in report.findings if f.rule == "broken-link")


def test_fix_replaces_a_dead_link_only_with_archive(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(ROADMAP, encoding="utf-8")
    for archive_fixes, changed in ((False, False), (True, True)):
        with respx.mock(assert_all_called=False) as router:
            _internet(router, cdx(capture("20200101000000", DEAD)))
            outcome = fix_paths(
                [str(readme)], _online(tmp_path, fix_archive=archive_fixes), write=False
            )
        assert bool(outcome.fixes) is changed
    ((_, fix),) = outcome.fixes
    assert fix.fixed == ROADMAP.replace(
        f"({DEAD}#setup)", f"({ARCHIVE}/web/20200101000000/{DEAD}#setup)"
    )


def test_an_archive_address_no_request_can_be_made_to_is_a_failed_lookup() -> None:
    archive = Archive()
    settings = NetSettings(archive=ArchiveSettings(url="http://[::1"))
    outcome = archive.run(SnapshotQuery(PAGE, before=BROKE), settings=settings)
    assert PAGE in outcome.failed
    assert outcome.requests == 0


def test_an_archive_whose_name_does_not_resolve_is_not_asked_again() -> None:
    """Once the archive's name has not resolved, the lookups left fail at once with the same
    reason: 300 dead pages had cost 300 requests that could not be made (0.2 s)."""
    resolved: list[str] = []

    async def no_such_name(host: str, port: int) -> list[str]:
        resolved.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    pages = [f"https://gone.example/{index}" for index in range(40)]
    outcome = find_snapshots(
        NetSettings(), [SnapshotQuery(page, before=BROKE) for page in pages], resolver=no_such_name
    )
    assert set(outcome.failed) == set(pages)
    assert all("DNS lookup failed for web.archive.org" in why for why in outcome.failed.values())
    assert resolved == ["web.archive.org"]
    # Only those sent together before the first failure came back: the first window.
    assert outcome.requests <= 4


@pytest.mark.slow
def test_an_archive_that_never_answers_holds_the_run_up_no_longer_than_the_silence_limit() -> None:
    """A name lookup that hangs (no network, or DNS packets dropped) ends the lookups after
    the silence limit, not after the request timeout: they are only suggestions."""

    async def hanging_resolver(host: str, port: int) -> list[str]:
        await anyio.sleep(60)
        raise AssertionError("a lookup that hangs was waited for")

    pages = [f"https://gone.example/{index}" for index in range(5)]
    started = time.monotonic()
    outcome = find_snapshots(
        NetSettings(timeout=30),
        [SnapshotQuery(page, before=BROKE) for page in pages],
        resolver=hanging_resolver,
    )
    elapsed = time.monotonic() - started
    assert SILENCE_LIMIT <= elapsed < SILENCE_LIMIT + 2
    assert set(outcome.failed) == set(pages)
    assert all("did not answer within" in why for why in outcome.failed.values())
    assert outcome.snapshots == {}


def test_lookups_go_to_the_archive_several_at_once_and_all_of_them_are_made() -> None:
    """As many at once as the archive's window lets through (four at first, more as it
    answers promptly), never more than `--max-per-host`; every dead page gets its lookup."""
    in_flight = 0
    most = 0
    answered: list[str] = []

    class SlowArchive(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            nonlocal in_flight, most
            in_flight += 1
            most = max(most, in_flight)
            try:
                await anyio.sleep(0.01)
            finally:
                in_flight -= 1
            answered.append(parse_qs(urlsplit(str(request.url)).query)["url"][0])
            return httpx.Response(200, json=[HEADER, capture("20200101000000")])

    pages = [f"https://gone.example/{index}" for index in range(60)]
    transport = SlowArchive()
    lookups = ArchiveLookups(NetSettings(max_per_host=6), client_factory=lambda h, s: transport)
    outcome = anyio.run(lookups.run, [SnapshotQuery(page, before=BROKE) for page in pages])
    assert sorted(answered) == sorted(pages)
    assert set(outcome.snapshots) == set(pages) and outcome.failed == {}
    assert 4 <= most <= 6
