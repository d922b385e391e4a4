"""GitHub's extended autolinks: bare e-mail addresses, and URLs inside emphasis."""

from __future__ import annotations

import pytest

from roadmap_lint import lint_text
from roadmap_lint.config.settings import Config
from roadmap_lint.markdown import parse
from roadmap_lint.model import LinkKind, LinkState


def bare(text: str) -> list[tuple[str, str, int, int]]:
    """(url, text, line, column) of every bare link, each checked against the source."""
    found = []
    lines = text.split("\n")
    for link in parse(text).links:
        if link.kind is LinkKind.BARE:
            assert lines[link.position.line - 1][link.position.column - 1 :].startswith(link.text)
            found.append((link.url, link.text, link.position.line, link.position.column))
    return found


# -- e-mail addresses (GFM spec, "Extended email autolink") --------------------------------


def test_a_bare_address_is_a_mailto_link() -> None:
    text = "## Contact\n\nQuestions: maintainer@example.org, or open an issue.\n"
    assert bare(text) == [
        ("mailto:maintainer@example.org", "maintainer@example.org", 3, 12),
    ]


@pytest.mark.parametrize(
    ("text", "addresses"),
    [
        ("foo@bar.baz", ["foo@bar.baz"]),
        (
            "hello@mail+xyz.example isn't valid, but hello+xyz@mail.example is.",
            ["hello+xyz@mail.example"],
        ),
        ("a.b-c_d@a.b", ["a.b-c_d@a.b"]),
        ("a.b-c_d@a.b.", ["a.b-c_d@a.b"]),  # a period at the end is not part of it
        ("a.b-c_d@a.b-", []),
        ("a.b-c_d@a.b_", []),
        ("Write to (jane.doe@uni.example.edu).", ["jane.doe@uni.example.edu"]),
        ("no domain@localhost here", []),  # a domain needs a period
        ("pin pkg@1.2.3 or logo@2x", []),  # the domain ends in a letter
        ("@octocat and @org/team mention people", []),
        ("a@b.example@c.example", ["b.example@c.example"]),  # as cmark-gfm: the last `@`
        ("see path/to/user@host.example", []),  # a `/` right before it: part of a path
    ],
)
def test_which_addresses_github_links(text: str, addresses: list[str]) -> None:
    assert [found[1] for found in bare(text)] == addresses
    assert [found[0] for found in bare(text)] == ["mailto:" + a for a in addresses]


def test_no_address_inside_code_links_html_or_urls() -> None:
    text = (
        "Run `git clone git@github.com:o/r.git` and\n"
        "[mail me@example.org](mailto:me@example.org) or <me@example.org>,\n"
        'or <img src="https://example.org/a@b.example/logo.png">,\n'
        "https://example.org/users/joe@example.org/profile.\n"
        "\n"
        "    indented@example.org is a code block\n"
        "\n"
        "```\n"
        "ssh git@github.example.com\n"
        "```\n"
        "\n"
        "<div>\n"
        "webmaster@example.com\n"
        "</div>\n"
    )
    url = "https://example.org/users/joe@example.org/profile"
    assert bare(text) == [(url, url, 4, 1)]


def test_addresses_in_list_items_and_tables_have_exact_positions() -> None:
    text = "- Author: ann@example.org\n\n| Who | Mail |\n| --- | --- |\n| Bob | bob@example.net |\n"
    assert bare(text) == [
        ("mailto:ann@example.org", "ann@example.org", 1, 11),
        ("mailto:bob@example.net", "bob@example.net", 5, 9),
    ]


# -- URLs inside emphasis ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url", "column"),
    [
        ("_https://example.org_", "https://example.org", 2),
        ("*https://example.org*", "https://example.org", 2),
        ("**www.example.org**", "http://www.example.org", 3),
        ("Docs: _https://example.org/guide_", "https://example.org/guide", 8),
        ("- See *https://example.org/a_b*.", "https://example.org/a_b", 8),
        ("Read _www.example.org_", "http://www.example.org", 7),
    ],
)
def test_a_url_inside_emphasis_is_a_link(text: str, url: str, column: int) -> None:
    assert [(found[0], found[3]) for found in bare(text)] == [(url, column)]


def test_an_underscore_after_the_domain_elsewhere_still_spoils_it() -> None:
    # cmark-gfm reads the underscore into the domain unless it is the paragraph's last
    # character, so only emphasis that closes the paragraph is read around a link.
    assert bare("_https://example.org_ and more") == []
    assert bare("https://x.org_") == []
    assert bare("__https://example.org__") == []


def test_www_links_keep_the_text_as_written() -> None:
    assert bare("Visit www.example.org/docs.") == [
        ("http://www.example.org/docs", "www.example.org/docs", 1, 7),
    ]


def test_bare_addresses_are_checked_for_syntax_without_a_request() -> None:
    text = "Mail ann@example.org, or john@my_host.example (GitHub links both).\n"
    report = lint_text(text, config=Config(offline=False, cache=False))
    assert {link.url: link.state for link in report.links} == {
        "mailto:ann@example.org": LinkState.EXCLUDED,
        "mailto:john@my_host.example": LinkState.BROKEN,
    }
    assert [f.rule for f in report.findings] == ["broken-link"]
    assert report.summary.requests == 0
