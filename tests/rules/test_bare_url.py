"""RL408 bare-url (off by default): a URL written as plain text instead of a link."""

from __future__ import annotations

from roadmap_lint import lint_text
from roadmap_lint.model import Severity

from .helpers import check, check_named

RULE = "bare-url"

# The rule's documented examples.
FAILS = "- Course materials: https://cs229.stanford.edu/\n"
PASSES = (
    "- Course materials: <https://cs229.stanford.edu/>\n"
    "- Course materials: [CS229](https://cs229.stanford.edu/)\n"
    "- Run `curl https://example.org/install.sh`.\n"
)


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(1, 21)])
    assert finding.severity is Severity.WARNING
    assert finding.suggestion == "<https://cs229.stanford.edu/>"


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [])


def test_bare_url() -> None:
    text = (
        "Course materials: https://cs229.stanford.edu/ and www.fast.ai.\n"
        "Fine: <https://cs229.stanford.edu/> [CS229](https://cs229.stanford.edu/)\n"
        "Run `curl https://example.org/install.sh`.\n\n"
        "```\nhttps://example.org/in-code\n```\n"
    )
    found = check(text, RULE, [(1, 19), (1, 51)])
    assert found[0].suggestion == "<https://cs229.stanford.edu/>"
    assert found[1].suggestion == "<https://www.fast.ai>"


def test_bare_url_is_off_by_default() -> None:
    report = lint_text("See https://cs229.stanford.edu/ for the course.\n")
    assert [f for f in report.findings if f.rule == "bare-url"] == []


def test_named_it_reports_the_same() -> None:
    check_named(FAILS, RULE, [(1, 21)])


def test_the_address_of_a_malformed_link_is_malformed_link_s() -> None:
    text = " - [C] (https://github.com/jwasham/practice-c)\n"
    check(text, RULE, [])
    check(text, "malformed-link", [(1, 4)])


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(1, 21)], severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], severity="off")


def test_disabled_by_markdownlint_s_counterpart() -> None:
    # MD034 (no-bare-urls) is markdownlint's name for this check.
    check("<!-- markdownlint-disable-next-line MD034 -->\n" + FAILS + FAILS, RULE, [(3, 21)])
