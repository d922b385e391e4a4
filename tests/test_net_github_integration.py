"""The GitHub lane end to end: the command, a GraphQL stand-in and repository pages, all on
127.0.0.1.

The config file points the lane at the stand-in (`[links.github] api-url`) and names the
loopback address as a GitHub host, so that links to a second server are repository links;
`--allow-network 127.0.0.0/8` lets the token go to the stand-in over http (see
`token_may_go_to`). The repository pages answer, but must never be asked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .github_api import FakeGithub, Repo
from .servers import TestServer, html, json_links, run_cli, serving, write_readme

pytestmark = pytest.mark.network

TOKEN = "ghp_stand_in"
RULES = ("broken-link", "redirected-link", "archived-repo")
PAGE = html("<h1>A repository</h1>")  # what the pages would say, were they asked


def configure(folder: Path, api: TestServer) -> None:
    (folder / ".roadmap-lint.toml").write_text(
        "select = [" + ", ".join(f'"{rule}"' for rule in RULES) + "]\n"
        "[links.github]\n"
        f'api-url = "{api.url("/graphql")}"\n'
        'hosts = ["127.0.0.1"]\n'
        "[links.archive]\nenabled = false\n",  # no test may reach the real archive
        encoding="utf-8",
    )


def lint(folder: Path, *args: str, token: str | None = TOKEN) -> tuple[int, str, str]:
    env = {"GITHUB_TOKEN": token} if token else {}
    return run_cli(folder, "--allow-network", "127.0.0.0/8", "--no-cache", *args, env=env)


@pytest.fixture
def github() -> FakeGithub:
    repos = [Repo(f"lib/tool{n}") for n in range(120)]
    repos += [
        Repo("lib/frozen", archived=True),
        Repo("new-home/widget", objects=frozenset({"main:src"}), old_names=("lib/widget",)),
        Repo("lib/docs", objects=frozenset({"main:guide.md"})),
    ]
    return FakeGithub(repos)


def test_repositories_are_decided_by_the_api_in_batches_and_their_pages_are_not_asked(
    tmp_path: Path, github: FakeGithub
) -> None:
    api = TestServer({"/graphql": github.reply})
    pages = TestServer({"/*": PAGE})
    with serving(api, pages):
        urls = [pages.url(f"/lib/tool{n}") for n in range(120)]
        deleted, renamed, archived = (pages.url(f"/lib/{n}") for n in ("gone", "widget", "frozen"))
        present = pages.url("/lib/docs/blob/main/guide.md")
        absent = pages.url("/lib/docs/blob/main/nope.md")
        write_readme(tmp_path, *urls, deleted, renamed, archived, present, absent)
        configure(tmp_path, api)
        status, stdout, stderr = lint(tmp_path, "--format", "json")
    assert status == 1, stderr  # the deleted repository and the missing file are errors
    assert pages.requests == []
    assert len(api.requests) == 2  # 124 repositories: 100, then 24
    assert all(r.method == "POST" for r in api.requests)
    assert {r.headers.get("authorization") for r in api.requests} == {f"Bearer {TOKEN}"}
    assert TOKEN not in stdout + stderr
    links = json_links(stdout)
    reasons = {url: (links[url]["state"], links[url]["reason"]) for url in links}
    assert reasons[deleted] == ("broken", "repository-not-found")
    assert reasons[renamed] == ("redirected", "renamed")
    assert links[renamed]["final_url"] == pages.url("/new-home/widget")
    assert reasons[archived] == ("ok", "archived")
    assert reasons[present] == ("ok", None)
    assert reasons[absent] == ("broken", "path-not-found")
    assert {reasons[url] for url in urls} == {("ok", None)}
    findings = {(f["rule"], f["severity"], f["url"]) for f in json.loads(stdout)["findings"]}
    assert findings == {
        ("broken-link", "error", deleted),
        ("broken-link", "error", absent),
        ("redirected-link", "warning", renamed),
        ("archived-repo", "warning", archived),
    }


def test_fix_rewrites_a_renamed_repository(tmp_path: Path, github: FakeGithub) -> None:
    api = TestServer({"/graphql": github.reply})
    pages = TestServer({"/*": PAGE})
    with serving(api, pages):
        old = pages.url("/lib/widget/tree/main/src?tab=readme")
        readme = write_readme(tmp_path, old, pages.url("/lib/tool1"))
        configure(tmp_path, api)
        status, _, stderr = lint(tmp_path, "--fix")
    assert status == 0, stderr
    text = readme.read_text(encoding="utf-8")
    assert pages.url("/new-home/widget/tree/main/src?tab=readme") in text
    assert old not in text and pages.url("/lib/tool1") in text
    assert pages.requests == []
    # The fixed text is linted again: its new link is asked about, through the API too.
    assert [github.repositories_asked(n) for n in range(len(github.queries))] == [
        ["lib/widget", "lib/tool1"],
        ["new-home/widget"],
    ]


def test_without_a_token_repositories_are_checked_as_pages(
    tmp_path: Path, github: FakeGithub
) -> None:
    api = TestServer({"/graphql": github.reply})
    pages = TestServer({"/*": PAGE})
    with serving(api, pages):
        write_readme(tmp_path, pages.url("/lib/tool1"), pages.url("/lib/frozen"))
        configure(tmp_path, api)
        status, stdout, stderr = lint(tmp_path, "--format", "json", token=None)
    assert status == 0, stderr
    assert api.requests == []
    assert sorted({r.path for r in pages.requests}) == ["/lib/frozen", "/lib/tool1"]
    assert {link["reason"] for link in json_links(stdout).values()} == {None}


def test_a_stand_in_for_github_com_s_api_decides_github_com_links(
    tmp_path: Path, github: FakeGithub
) -> None:
    """Links to github.com itself, decided by an API on a loopback address: no page asked
    (none could be: github.com is not reachable from a test)."""
    api = TestServer({"/graphql": github.reply})
    with serving(api):
        urls = [f"https://github.com/lib/tool{n}" for n in range(3)]
        deleted, renamed = "https://github.com/lib/gone", "https://github.com/lib/widget"
        deleted_section = "https://github.com/lib/gone2#installation"  # no page can save it
        write_readme(tmp_path, *urls, deleted, renamed, deleted_section)
        (tmp_path / ".roadmap-lint.toml").write_text(
            f'[links.github]\napi-url = "{api.url("/graphql")}"\n[links.archive]\nenabled = false\n',
            encoding="utf-8",
        )
        status, stdout, stderr = lint(tmp_path, "--format", "json")
    assert status == 1, stderr
    assert len(api.requests) == 1
    links = json_links(stdout)
    assert {links[url]["state"] for url in urls} == {"ok"}
    for gone in (deleted, deleted_section):
        assert (links[gone]["state"], links[gone]["reason"]) == ("broken", "repository-not-found")
    assert links[renamed]["final_url"] == "https://github.com/new-home/widget"
