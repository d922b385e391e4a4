"""Archived copies of dead links end to end: the command line, a site whose pages are gone,
and a stand-in for the Internet Archive on 127.0.0.1 (named by `[links.archive] url`).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from .servers import NET_RULES, Reply, Request, TestServer, html, run_cli, serving

JSON = {"Content-Type": "application/json"}
TEXT = {"Content-Type": "text/plain"}
ALLOW = ("--allow-network", "127.0.0.0/8")
COMMITTED = 1_600_000_000  # 2020-09-13: when the roadmap was committed, in the git tests


class ArchiveStandIn:
    """Answers the CDX API (or, with `cdx=False`, only the availability API) from a table of
    captures (page → timestamps), and serves every snapshot; records what it was asked."""

    def __init__(self, captures: dict[str, list[str]], *, cdx: bool = True):
        self.captures = captures
        self.cdx = cdx
        self.asked: Counter[tuple[str, str]] = Counter()  # (API, page)

    def routes(self) -> dict[str, Any]:
        return {
            "/cdx/search/cdx": self.cdx_api,
            "/wayback/available": self.available_api,
            "/web/*": html("<h1>An archived page</h1>"),
        }

    def cdx_api(self, request: Request, hits: int) -> Reply:
        query = parse_qs(urlsplit(request.path).query)
        page = query["url"][0]
        self.asked["cdx", page] += 1
        if not self.cdx:
            return Reply(404, TEXT, b"not found")
        until = query.get("to", ["99999999999999"])[0]
        rows = [["timestamp", "original", "statuscode"]]
        rows += [[stamp, page, "200"] for stamp in self.captures.get(page, []) if stamp <= until]
        return Reply(200, JSON, json.dumps(rows).encode())

    def available_api(self, request: Request, hits: int) -> Reply:
        query = parse_qs(urlsplit(request.path).query)
        page, wanted = query["url"][0], query["timestamp"][0]
        self.asked["available", page] += 1
        stamps = self.captures.get(page, [])
        if not stamps:
            return Reply(200, JSON, json.dumps({"url": page, "archived_snapshots": {}}).encode())
        stamp = min(stamps, key=lambda s: abs(int(s) - int(wanted)))
        closest = {
            "available": True,
            "url": f"http://web.archive.org/web/{stamp}/{page}",
            "timestamp": stamp,
            "status": "200",
        }
        answer = {"url": page, "archived_snapshots": {"closest": closest}}
        return Reply(200, JSON, json.dumps(answer).encode())

    def lookups(self) -> int:
        return sum(self.asked.values())


def configure(folder: Path, archive: TestServer, extra: str = "") -> None:
    rules = ", ".join(f'"{rule}"' for rule in NET_RULES)
    (folder / ".roadmap-lint.toml").write_text(
        f'select = [{rules}]\n[links.archive]\nurl = "{archive.origin}"\n{extra}',
        encoding="utf-8",
    )


def findings(stdout: str) -> list[dict[str, Any]]:
    return [f for f in json.loads(stdout)["findings"] if f["rule"] == "broken-link"]


@pytest.mark.slow
@pytest.mark.network
@pytest.mark.parametrize("cdx", [True, False], ids=["cdx", "availability"])
def test_dead_links_are_given_archived_copies_once(tmp_path: Path, cdx: bool) -> None:
    site = TestServer({"/alive": html("<p>here</p>")})
    with site:
        gone, never, anchored = site.url("/gone"), site.url("/never-archived"), site.url("/moved")
        stand_in = ArchiveStandIn(
            {gone: ["20190101000000", "20210101000000"], anchored: ["20200101000000"]}, cdx=cdx
        )
        archive = TestServer(stand_in.routes())
        with archive:
            configure(tmp_path, archive)
            (tmp_path / "README.md").write_text(
                "# Links\n\n"
                f"- [alive]({site.url('/alive')})\n"
                f"- [gone]({gone})\n"
                f"- [gone again]({gone})\n"
                f"- [never archived]({never})\n"
                f"- [a section]({anchored}#setup)\n",
                encoding="utf-8",
            )
            status, stdout, stderr = run_cli(tmp_path, *ALLOW, "--format", "json")
            assert status == 1, stderr
            suggested = {(f["line"], f["url"]): f.get("suggestion") for f in findings(stdout)}
            base = archive.origin
            assert suggested == {
                (4, gone): f"{base}/web/20210101000000/{gone}",
                (5, gone): f"{base}/web/20210101000000/{gone}",
                (6, never): None,
                (7, f"{anchored}#setup"): f"{base}/web/20200101000000/{anchored}#setup",
            }
            links = {link["url"]: link for link in json.loads(stdout)["links"]}
            assert links[gone]["snapshot"] == f"{base}/web/20210101000000/{gone}"
            assert links[never]["snapshot"] is None
            # One lookup per dead page (two for each without a CDX API: it is tried first).
            per_page = 1 if cdx else 2
            assert stand_in.lookups() == 3 * per_page
            assert set(page for _, page in stand_in.asked) == {gone, never, anchored}
            assert json.loads(stdout)["summary"]["requests"] == 4 + 3 * per_page
            assert "archive" not in stderr

            # A second run asks the archive nothing: found copies and "none" are remembered.
            status, again, stderr = run_cli(tmp_path, *ALLOW, "--format", "json")
            assert status == 1, stderr
            assert stand_in.lookups() == 3 * per_page
            assert {(f["line"], f.get("suggestion")) for f in findings(again)} == {
                (line, suggestion) for (line, _), suggestion in suggested.items()
            }


@pytest.mark.slow
@pytest.mark.network
def test_fix_archive_replaces_exactly_the_dead_urls(tmp_path: Path) -> None:
    site = TestServer({"/alive": html("<p>here</p>")})
    with site:
        gone, other = site.url("/gone"), site.url("/other-gone")
        alive, never = site.url("/alive"), site.url("/never-archived")
        stand_in = ArchiveStandIn({gone: ["20200101000000"], other: ["20180505050505"]})
        archive = TestServer(stand_in.routes())
        with archive:
            configure(tmp_path, archive)
            # CRLF line ends, an inline link, a reference definition, an autolink, a bare URL,
            # the same URL twice, a URL in a code span (not a link), no final line break.
            original = (
                "# Links\r\n\r\n"
                f'- [gone]({gone} "title") and [alive]({alive})\r\n'
                f"- [other][ref] — naïve <{gone}>\r\n"
                f"- {other} and `{gone}` in code\r\n"
                f"- [never]({never})\r\n\r\n"
                f"[ref]: {other}"
            )
            readme = tmp_path / "README.md"
            readme.write_bytes(original.encode("utf-8"))

            # --fix alone never replaces a dead link
            status, _, stderr = run_cli(tmp_path, *ALLOW, "--fix")
            assert status == 1, stderr
            assert readme.read_bytes() == original.encode("utf-8")
            # --archive without --fix is a usage error
            status, _, stderr = run_cli(tmp_path, *ALLOW, "--archive")
            assert status == 2
            assert "--archive" in stderr

            status, _, stderr = run_cli(tmp_path, *ALLOW, "--fix", "--archive")
            copy_of_gone = f"{archive.origin}/web/20200101000000/{gone}"
            copy_of_other = f"{archive.origin}/web/20180505050505/{other}"
            expected = (
                "# Links\r\n\r\n"
                f'- [gone]({copy_of_gone} "title") and [alive]({alive})\r\n'
                f"- [other][ref] — naïve <{copy_of_gone}>\r\n"
                f"- {copy_of_other} and `{gone}` in code\r\n"
                f"- [never]({never})\r\n\r\n"
                f"[ref]: {copy_of_other}"
            )
            assert readme.read_bytes() == expected.encode("utf-8")
            assert status == 1, stderr  # the link with no archived copy is still broken
            assert "problem(s) in 1 file(s)" in stderr
            assert stand_in.lookups() == 3  # once per dead page, for all the passes
            # The snapshots were checked as links in the last pass: the stand-in serves them.
            assert any(path.startswith("/web/") for path in archive.paths())

            # Fixed: a second --fix --archive changes nothing more.
            status, _, stderr = run_cli(tmp_path, *ALLOW, "--fix", "--archive")
            assert readme.read_bytes() == expected.encode("utf-8")
            assert stand_in.lookups() == 3


@pytest.mark.slow
@pytest.mark.network
def test_no_lookup_when_the_archive_is_switched_off(tmp_path: Path) -> None:
    site = TestServer()
    stand_in = ArchiveStandIn({})
    archive = TestServer(stand_in.routes())
    with serving(site, archive):
        configure(tmp_path, archive, "enabled = false\n")
        (tmp_path / "README.md").write_text(f"# Links\n\n- [gone]({site.url('/gone')})\n")
        status, stdout, stderr = run_cli(tmp_path, *ALLOW, "--format", "json")
        assert status == 1, stderr
        assert [f.get("suggestion") for f in findings(stdout)] == [None]
        status, _, stderr = run_cli(tmp_path, *ALLOW, "--fix", "--archive")
        assert "--archive: no archive lookups" in stderr
    assert archive.requests == []


@pytest.mark.slow
@pytest.mark.network
def test_a_loopback_archive_needs_allow_network(tmp_path: Path) -> None:
    """The lookups go through the address policy as every request does."""
    site = TestServer(host="127.0.0.2")  # allowed below; the archive's 127.0.0.1 is not
    stand_in = ArchiveStandIn({})
    archive = TestServer(stand_in.routes())
    with serving(site, archive):
        configure(tmp_path, archive)
        (tmp_path / "README.md").write_text(f"# Links\n\n- [gone]({site.url('/gone')})\n")
        allow = ("--allow-network", "127.0.0.2/32")
        status, stdout, stderr = run_cli(tmp_path, *allow, "--format", "json")
    assert status == 1, stderr
    assert archive.requests == []
    assert "archive: 1 snapshot lookup got no answer" in stderr
    assert [f.get("suggestion") for f in findings(stdout)] == [None]


def git(folder: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
        "GIT_AUTHOR_DATE": f"@{COMMITTED} +0000",
        "GIT_COMMITTER_DATE": f"@{COMMITTED} +0000",
    }
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


@pytest.mark.slow
@pytest.mark.network
def test_the_copy_closest_to_when_the_line_was_committed_is_chosen(tmp_path: Path) -> None:
    site = TestServer()
    with site:
        gone, fresh = site.url("/gone"), site.url("/added-later")
        captures = ["20150101000000", "20200901000000", "20230101000000"]
        stand_in = ArchiveStandIn({gone: captures, fresh: captures})
        archive = TestServer(stand_in.routes())
        with archive:
            configure(tmp_path, archive)
            readme = tmp_path / "README.md"
            readme.write_text(f"# Links\n\n- [gone]({gone})\n", encoding="utf-8")
            git(tmp_path, "init", "-q")
            git(tmp_path, "config", "user.name", "Test")
            git(tmp_path, "config", "user.email", "test@example.org")
            git(tmp_path, "add", "README.md")
            git(tmp_path, "commit", "-q", "-m", "roadmap")
            with readme.open("a", encoding="utf-8") as stream:
                stream.write(f"- [not committed]({fresh})\n")
            status, stdout, stderr = run_cli(tmp_path, *ALLOW, "--format", "json")
    assert status == 1, stderr
    suggested = {f["url"]: f.get("suggestion") for f in findings(stdout)}
    assert suggested == {
        gone: f"{archive.origin}/web/20200901000000/{gone}",  # nearest 2020-09-13
        fresh: f"{archive.origin}/web/20230101000000/{fresh}",  # no date: the latest
    }
