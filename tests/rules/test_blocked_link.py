"""RL304 blocked-link: a server that refuses automated clients, so the link cannot be verified.

Verdicts are given as the network stage would give them; the last test runs the command
against a local server that answers as bot walls do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap_lint.model import LinkState, Severity, Verdict

from ..servers import Reply, TestServer, json_links, run_cli, write_readme
from .helpers import check, lint, run

RULE = "blocked-link"
URL = "https://www.linkedin.com/in/someone"
HTML = {"Content-Type": "text/html; charset=utf-8"}

# The rule's documented examples: a site behind a bot challenge; one answering 200.
FAILS = f"- [Profile]({URL})\n"
CHALLENGE = Verdict(LinkState.BLOCKED, http_status=999, error="HTTP 999 (refuses robots)")


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(1, 3)], verdicts={URL: CHALLENGE})
    assert finding.severity is Severity.WARNING
    assert finding.message == f"{URL} could not be verified: HTTP 999 (refuses robots)"
    assert lint(FAILS, "broken-link", verdicts={URL: CHALLENGE}) == []


def test_documented_passing_example() -> None:
    check(FAILS, RULE, [], verdicts={URL: Verdict(LinkState.OK, http_status=200)})


def test_a_blocked_link_is_a_warning_and_never_fails_the_run() -> None:
    report = run(FAILS, verdicts={URL: CHALLENGE})
    assert [f.rule for f in report.findings] == [RULE]
    assert not report.has_errors


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(1, 3)], verdicts={URL: CHALLENGE}, severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], verdicts={URL: CHALLENGE}, severity="off")


def test_disabled_for_the_file() -> None:
    text = "<!-- roadmap-lint-disable-file blocked-link -->\n" + FAILS
    check(text, RULE, [], verdicts={URL: CHALLENGE})


# -- end to end ---------------------------------------------------------------------------


@pytest.mark.network
def test_bot_walls_are_warnings_not_errors(tmp_path: Path) -> None:
    challenge = Reply(
        403,
        {**HTML, "cf-mitigated": "challenge"},
        b"<html><title>Just a moment...</title></html>",
    )
    routes = {"/forbidden": Reply(403), "/challenge": challenge}
    with TestServer(routes) as server:
        write_readme(tmp_path, server.url("/forbidden"), server.url("/challenge"))
        status, stdout, stderr = run_cli(
            tmp_path, "--allow-network", "127.0.0.0/8", "--no-cache", "--format", "json"
        )
    assert status == 0, stderr
    links = json_links(stdout)
    assert links[server.url("/forbidden")]["state"] == "blocked"
    assert links[server.url("/challenge")]["state"] == "blocked"
    findings = json.loads(stdout)["findings"]
    assert [(f["rule"], f["severity"]) for f in findings] == [
        ("blocked-link", "warning"),
        ("blocked-link", "warning"),
    ]
