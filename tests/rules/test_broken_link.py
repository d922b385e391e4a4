"""RL301 broken-link: an external URL that is dead.

The rule reads the verdicts the network stage gives each URL; most tests here give those
verdicts directly (nothing is requested). The last one runs the command against a local
server, to see the verdicts made from real answers become errors and the exit status.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap_lint.model import LinkState, Severity, Verdict

from ..servers import Reply, TestServer, html, json_links, run_cli, write_readme
from .helpers import check, run

RULE = "broken-link"
URL = "https://example.org/removed-page"

# The rule's documented examples.
FAILS = f"[docs]({URL})\n"
DEAD = Verdict(LinkState.BROKEN, http_status=404, error="HTTP 404")
ALIVE = Verdict(LinkState.OK, http_status=200)


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(1, 1)], verdicts={URL: DEAD})
    assert finding.severity is Severity.ERROR
    assert finding.message == f"{URL} is broken: HTTP 404"
    assert (finding.target, finding.url, finding.suggestion) == (URL, URL, None)


def test_documented_passing_example() -> None:
    # 200, or 200 after a temporary redirect (which the network stage calls ok).
    check(FAILS, RULE, [], verdicts={URL: ALIVE})
    check(FAILS, RULE, [], verdicts={URL: Verdict(LinkState.OK, http_status=200)})


def test_every_place_of_a_dead_url_is_a_finding_of_one_group() -> None:
    text = f"# Links\n\n- [docs]({URL})\n- See [the docs]({URL}) again.\n"
    found = check(text, RULE, [(3, 3), (4, 7)], verdicts={URL: DEAD})
    assert {f.group for f in found} == {URL}


def test_only_dead_links_are_errors() -> None:
    # A server refusing robots, a missing fragment, an undecided or unchecked URL: not dead.
    verdicts = {
        "https://a.example.org/": Verdict(LinkState.BLOCKED, http_status=403, error="HTTP 403"),
        "https://b.example.org/#part": Verdict(
            LinkState.BROKEN, http_status=200, error="#part not found", fragment_missing=True
        ),
        "https://c.example.org/": Verdict(LinkState.UNKNOWN, error="body not read"),
        "https://d.example.org/": Verdict(
            LinkState.UNKNOWN, error="network unreachable: not checked", no_network=True
        ),
        "https://e.example.org/": Verdict(LinkState.EXCLUDED, error="matches --exclude e"),
        "https://f.example.org/": Verdict(LinkState.REDIRECTED, 301, "https://g.example.org/"),
    }
    text = "".join(f"- [{i}]({url})\n" for i, url in enumerate(verdicts))
    check(text, RULE, [], verdicts=verdicts)
    report = run(text, verdicts=verdicts)
    assert {f.rule for f in report.findings if f.severity is Severity.ERROR} == {"broken-fragment"}


def test_offline_nothing_is_dead() -> None:
    check(FAILS, RULE, [])


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(1, 1)], verdicts={URL: DEAD}, severity="warning")
    assert finding.severity is Severity.WARNING
    check(FAILS, RULE, [], verdicts={URL: DEAD}, severity="off")


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- roadmap-lint-disable-next-line broken-link -->",
        "<!-- roadmap-lint-disable-next-line RL3 -->",
        "<!-- markdown-link-check-disable-next-line -->",
    ],
)
def test_a_link_switched_off_is_not_even_requested(comment: str) -> None:
    text = f"{comment}\n[docs]({URL})\n[other](https://example.org/other)\n"
    report = run(text, verdicts={URL: DEAD})
    assert [f for f in report.findings if f.rule == RULE] == []
    assert [result.url for result in report.links] == ["https://example.org/other"]


# -- end to end ---------------------------------------------------------------------------


@pytest.mark.network
def test_dead_links_fail_the_run(tmp_path: Path) -> None:
    routes = {"/gone": Reply(410), "/alive": html("<p>x</p>")}
    with TestServer(routes) as server:
        write_readme(tmp_path, server.url("/missing"), server.url("/gone"), server.url("/alive"))
        status, stdout, stderr = run_cli(
            tmp_path, "--allow-network", "127.0.0.0/8", "--no-cache", "--format", "json"
        )
    assert status == 1, stderr
    data = json.loads(stdout)
    states = {url: entry["state"] for url, entry in json_links(stdout).items()}
    assert states == {
        server.url("/missing"): "broken",
        server.url("/gone"): "broken",
        server.url("/alive"): "ok",
    }
    assert json_links(stdout)[server.url("/missing")]["http_status"] == 404
    assert [(f["rule"], f["severity"]) for f in data["findings"]] == [
        ("broken-link", "error"),
        ("broken-link", "error"),
    ]
