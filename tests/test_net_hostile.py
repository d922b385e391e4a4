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
