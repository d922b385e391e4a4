"""Long lists checked in several processes: how the work is split, and that it comes back whole."""

from __future__ import annotations

import itertools
import os
import sys
import threading
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx

from roadmap_lint.model import LinkState
from roadmap_lint.net import parallel
from roadmap_lint.net.run import LinkRun
from roadmap_lint.net.settings import NetSettings

from .servers import Reply, TestServer, json_links, run_cli, serving, write_readme


def urls_of(site: str, count: int, scheme: str = "https") -> list[str]:
    return [f"{scheme}://{site}/page/{index}" for index in range(count)]


def test_sites_are_never_split() -> None:
    urls = [
        *urls_of("docs.python.org", 300),
        *urls_of("www.python.org", 200),
        *urls_of("github.com", 400),
        *urls_of("127.0.0.2:8080", 100, "http"),
        *urls_of("[::1]:8080", 50, "http"),
    ]
    shares = parallel.plan(urls, 2)
    assert sorted(url for share in shares for url in share) == sorted(urls)
    for site in ("python.org", "github.com", "127.0.0.2", "::1"):
        holding = [
            i for i, share in enumerate(shares) if any(parallel.site_of(u) == site for u in share)
        ]
        assert len(holding) == 1, site
    assert sorted(len(share) for share in shares) == [500, 550]  # python.org together


def test_shares_are_balanced_biggest_first() -> None:
    sizes = {f"site{index}.org": size for index, size in enumerate([300, 300, 200, 200, 100, 100])}
    urls = [url for site, size in sizes.items() for url in urls_of(site, size)]
    assert sorted(len(share) for share in parallel.plan(urls, 2)) == [600, 600]
    assert sorted(len(share) for share in parallel.plan(urls, 3)) == [400, 400, 400]
    assert parallel.plan(urls, 1) == [urls]
    assert len(parallel.plan(urls_of("one.org", 900), 4)) == 1  # one site: one share


def test_sites_with_far_more_urls_than_the_others_get_a_light_share_of_their_own() -> None:
    sizes = [1000, 600, 500, *[120] * 60]  # 9,300 URLs on 63 sites: 148 on average
    urls = [url for index, size in enumerate(sizes) for url in urls_of(f"s{index}.org", size)]
    shares = parallel.plan(urls, 2)
    assert len(shares) == 3
    assert {parallel.site_of(url) for url in shares[0]} == {"s0.org"}  # 1,100 would pass 1/8
    assert sorted(len(share) for share in shares[1:]) == [4100, 4200]
    assert sorted(url for share in shares for url in share) == sorted(urls)
    sizes = [800, 150, *[120] * 60]  # two long sites fit under an eighth of 8,150 together
    urls = [url for index, size in enumerate(sizes) for url in urls_of(f"s{index}.org", size)]
    assert {parallel.site_of(url) for url in parallel.plan(urls, 2)[0]} == {"s0.org", "s1.org"}


def test_no_light_share_when_no_site_stands_out() -> None:
    urls = [url for index in range(40) for url in urls_of(f"s{index}.org", 100 + index)]
    assert len(parallel.plan(urls, 2)) == 2


def test_site_of() -> None:
    assert parallel.site_of("https://docs.python.org/3/") == "python.org"
    assert parallel.site_of("https://python.org") == "python.org"
    assert parallel.site_of("http://127.0.0.1:8000/x") == "127.0.0.1"
    assert parallel.site_of("http://[::1]:8000/x") == "::1"
    assert parallel.site_of("https://Raw.GitHubUserContent.com./a") == "githubusercontent.com"


def test_workers_only_for_long_lists_and_when_forking_is_safe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Forking is safe on Linux, in a process that runs no other thread.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    if sys.platform != "linux":
        assert parallel.worker_count(100_000) == 1  # one process wherever fork is not safe
        return
    assert parallel.worker_count(400) == 1
    assert parallel.worker_count(1000) == 2
    assert parallel.worker_count(100_000) == 4
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert parallel.worker_count(100_000) == 1
    monkeypatch.undo()
    monkeypatch.setattr(threading, "active_count", lambda: 3)  # a library user's threads
    assert parallel.worker_count(100_000) == 1


@pytest.fixture
def two_workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(parallel, "worker_count", lambda urls: 2)
    with warnings.catch_warnings():
        # pytest may run threads of its own; the processes forked here use none of their locks
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        yield


@pytest.mark.slow
def test_verdicts_come_back_from_every_process(two_workers: None) -> None:
    """Each URL is answered by the process that checks it: here, 200 in this process and
    404 in the other, so the verdicts show who checked what."""
    parent = os.getpid()
    urls = [*urls_of("roadmap-a.net", 700), *urls_of("roadmap-b.net", 600)]

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200 if os.getpid() == parent else 404)

    progress: list[tuple[int, int, int]] = []
    settings = NetSettings(retries=0, max_per_host=8)
    with respx.mock(assert_all_called=False) as router:
        router.route().mock(side_effect=answer)
        outcome = parallel.check_urls(settings, urls, lambda *args: progress.append(args))
    states = {url: verdict.state for url, verdict in outcome.verdicts.items()}
    assert set(states) == set(urls)
    by_site = {
        site: Counter(state for url, state in states.items() if site in url)
        for site in ("roadmap-a.net", "roadmap-b.net")
    }
    assert sorted(by_site.values(), key=lambda c: LinkState.OK in c) == [
        Counter({LinkState.BROKEN: 600}),  # the other process checked the smaller site
        Counter({LinkState.OK: 700}),
    ]
    # One GET per page (it reads the start of the page, for soft 404s): a 404 to GET needs
    # no confirming, and nothing else looks gone, so no site is asked for a page that
    # cannot exist. (HEAD first, with soft-404 off, is counted in test_net_unit.py.)
    assert outcome.requests == 1300
    assert progress[-1][:2] == (1300, 1300)
    assert progress[-1][2] == 600
    assert all(later[0] >= earlier[0] for earlier, later in itertools.pairwise(progress))


@pytest.mark.slow
def test_a_failing_process_stops_the_run(
    two_workers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    real = LinkRun.check

    async def check(self: LinkRun, urls: list[str]):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            raise ValueError("broken in the worker")
        return await real(self, urls)

    monkeypatch.setattr(LinkRun, "check", check)
    urls = [*urls_of("roadmap-a.net", 600), *urls_of("roadmap-b.net", 600)]
    with respx.mock(assert_all_called=False) as router:
        router.route().respond(200)
        with pytest.raises(RuntimeError, match="ValueError: broken in the worker"):
            parallel.check_urls(NetSettings(retries=0), urls)


@pytest.mark.slow
@pytest.mark.network
def test_a_long_list_from_the_command_line(tmp_path: Path) -> None:
    """Over 1,000 URLs: on a machine with two cores or more, checked by two processes.

    Every URL is requested once, the per-host limit holds, and the verdicts are right.
    """
    first = TestServer({"/ok/*": Reply(200), "/gone/*": Reply(404)}, max_requests=1500)
    second = TestServer({"/ok/*": Reply(200)}, host="127.0.0.2", max_requests=1500)
    with serving(first, second):
        urls = [
            *(first.url(f"/ok/{index}") for index in range(500)),
            *(first.url(f"/gone/{index}") for index in range(20)),
            *(second.url(f"/ok/{index}") for index in range(520)),
        ]
        write_readme(tmp_path, *urls)
        status, stdout, stderr = run_cli(
            tmp_path,
            "--allow-network",
            "127.0.0.0/8",
            "--no-cache",
            "--max-per-host",
            "3",
            "--retries",
            "0",
            "--format",
            "json",
            timeout=120,
        )
    assert status == 1, stderr
    states = Counter(entry["state"] for entry in json_links(stdout).values())
    assert states == Counter({"ok": 1020, "broken": 20})
    for server, expected in ((first, 500 + 20), (second, 520)):
        # one GET per URL (it reads the start of the page, for soft 404s), nothing more
        gets = Counter(server.paths("GET"))
        assert len(gets) == expected and set(gets.values()) == {1}
        assert server.paths("HEAD") == []
        assert server.max_in_flight <= 3
