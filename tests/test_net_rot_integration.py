"""Rot that no status code shows, end to end: `roadmap-lint` in a process of its own against
real HTTP servers on 127.0.0.1, one per kind of site (each server is a site of its own: its
own origin, its own answer at an address that cannot exist)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .servers import Reply, Request, TestServer, redirect, run_cli, serving
from .servers import markdown as links_markdown

HTML = {"Content-Type": "text/html; charset=utf-8"}
PROBE = re.compile(r"/[a-z0-9]{24}")  # the path of an address that cannot exist
RULES = ("broken-link", "broken-fragment", "redirected-link", "blocked-link", "suspect-link")


def page(title: str, *body: str) -> Reply:
    text = f"<!doctype html><html><head><title>{title}</title></head><body>{''.join(body)}"
    return Reply(200, HTML, (text + "</body></html>").encode())


def not_found(request: Request, hits: int) -> Reply:
    """A "not found" page served with 200, repeating the address asked."""
    return page(
        "Page not found - Docs",
        '<nav><a href="/">Home</a> <a href="/docs/">Docs</a></nav>',
        f"<h1>Page not found</h1><p>Sorry, nothing lives at {request.path} any more. "
        "Search the documentation or start again from the home page.</p>",
    )


PARKING = page(
    "parked.example",
    "<h1>This domain may be for sale!</h1><p>Buy this domain: make an offer through "
    '<a href="https://sedo.com/">sedo.com</a>.</p><p>Related searches: hosting, loans</p>',
)
HOME = page("Example", "<h1>Welcome</h1><p>Everything we make, and the news.</p>")
ARTICLE = page(
    "How to fix 404 Not Found errors",
    '<h1 id="top">How to fix 404 Not Found errors</h1><p>A 404 means the server found '
    "nothing at the address. Here is how to find and fix such links on your site.</p>",
)
SPA = page("App", '<div id="root"></div><script src="/static/main.js"></script>')
SERVER_RENDERED = page(
    "Guide",
    '<h1 id="guide">Guide</h1><h2 id="install">Install</h2><p>pip install it.</p>',
    '<a name="legacy"></a><!-- <h2 id="commented">Old</h2> -->',
)


def lint_folder(folder: Path, urls: list[str], config: str = "") -> tuple[int, dict[str, Any]]:
    """Run the command on a README linking to `urls`; its exit status and JSON report."""
    rules = ", ".join(f'"{rule}"' for rule in RULES)
    archive_off = "[links.archive]\nenabled = false\n"  # no test may reach the real archive
    (folder / ".roadmap-lint.toml").write_text(
        f"select = [{rules}]\n{config}\n{archive_off}", encoding="utf-8"
    )
    (folder / "README.md").write_text(links_markdown(*urls), encoding="utf-8")
    status, stdout, stderr = run_cli(
        folder, "--allow-network", "127.0.0.0/8", "--no-cache", "--format", "json"
    )
    assert status in (0, 1), stderr
    return status, json.loads(stdout)


def findings_by_url(report: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["url"], []).append((finding["rule"], finding["severity"]))
    return found


def sites() -> dict[str, TestServer]:
    return {
        # answers every unknown address with its "not found" page, and 200
        "soft404": TestServer({"/": HOME, "/docs/guide": SERVER_RENDERED, "/*": not_found}),
        # a parking page at every address
        "parked": TestServer(default=PARKING),
        # sends every unknown address home
        "home_all": TestServer({"/": HOME}, default=redirect(302, "/")),
        # sends one retired page home, and answers 404 elsewhere
        "home_one": TestServer({"/": HOME, "/docs/merged": redirect(301, "/")}),
        # a page built by scripts, and one rendered on the server
        "app": TestServer({"/app": SPA, "/guide": SERVER_RENDERED}),
        # an article about 404 errors, on a site that answers 404 where nothing is
        "blog": TestServer({"/posts/how-to-fix-404-errors": ARTICLE}),
    }


@pytest.mark.network
def test_each_kind_of_rot_is_found_and_told_apart(tmp_path: Path) -> None:
    servers = sites()
    with serving(*servers.values()):
        url = {name: server.url for name, server in servers.items()}
        expected = {
            # url: (state, reason, findings)
            url["soft404"]("/docs/removed-page"): (
                "broken",
                "soft-404",
                [("broken-link", "error")],
            ),
            url["soft404"]("/docs/guide"): ("ok", None, []),
            url["parked"]("/docs/install"): (
                "broken",
                "parked-domain",
                [("broken-link", "error")],
            ),
            url["home_all"]("/blog/2019/retired-post"): (
                "broken",
                "home-redirect",
                [("broken-link", "error")],
            ),
            url["home_one"]("/docs/merged"): (
                "redirected",
                "home-redirect",
                [("suspect-link", "warning")],
            ),
            url["app"]("/app#install"): ("unknown", "built-by-script", []),
            url["app"]("/guide#install"): ("ok", None, []),
            url["app"]("/guide#legacy"): ("ok", None, []),
            url["app"]("/guide#commented"): ("broken", None, [("broken-fragment", "error")]),
            url["blog"]("/posts/how-to-fix-404-errors"): ("ok", None, []),
        }
        status, report = lint_folder(tmp_path, list(expected))
    assert status == 1
    links = {link["url"]: link for link in report["links"]}
    found = findings_by_url(report)
    for link_url, (state, reason, findings) in expected.items():
        link = links[link_url]
        assert (link["state"], link["reason"], found.get(link_url, [])) == (
            state,
            reason,
            findings,
        ), link
    assert "soft 404" in links[url["soft404"]("/docs/removed-page")]["error"]
    assert "scripts" in links[url["app"]("/app#install")]["error"]
    # One address that cannot exist asked per site that had a suspect page, once each.
    for name, server in servers.items():
        asked = [path for path in server.paths() if PROBE.fullmatch(path)]
        assert len(asked) == (0 if name == "app" else 1), (name, server.paths())
    assert all(method == "GET" for server in servers.values() for method, _ in server.seen())


@pytest.mark.network
def test_with_soft_404_off_pages_are_only_asked_with_head(tmp_path: Path) -> None:
    servers = sites()
    with serving(*servers.values()):
        soft = servers["soft404"].url("/docs/removed-page")
        parked = servers["parked"].url("/docs/install")
        home = servers["home_one"].url("/docs/merged")
        status, report = lint_folder(tmp_path, [soft, parked, home], "[links]\nsoft-404 = false\n")
    assert status == 0
    links = {link["url"]: link for link in report["links"]}
    assert {url: (links[url]["state"], links[url]["reason"]) for url in (soft, parked, home)} == {
        soft: ("ok", None),
        parked: ("ok", None),
        home: ("redirected", None),
    }
    assert findings_by_url(report) == {home: [("redirected-link", "warning")]}
    for server in servers.values():
        assert {method for method, _ in server.seen()} <= {"HEAD"}
