"""Link extraction: every kind of link, with the exact line and column where it starts."""

from __future__ import annotations

import time

import pytest
from markdown_it.rules_block import StateBlock

from roadmap_lint.markdown import parse
from roadmap_lint.markdown.autolinks import find_bare_urls
from roadmap_lint.markdown.document import Document
from roadmap_lint.markdown.parser import FastStateBlock, shared_parser
from roadmap_lint.model import Link, LinkKind

INLINE = LinkKind.INLINE
IMAGE = LinkKind.IMAGE
REFERENCE = LinkKind.REFERENCE
AUTOLINK = LinkKind.AUTOLINK
BARE = LinkKind.BARE
HTML = LinkKind.HTML
DEFINITION = LinkKind.DEFINITION

# What the source holds where a link of each kind starts.
_STARTS_WITH = {
    INLINE: "[",
    REFERENCE: "[",
    DEFINITION: "[",
    IMAGE: "![",
    AUTOLINK: "<",
    HTML: "<",
}


def _at(text: str, link: Link) -> str:
    """The source text from the link's position on (CRLF input counts like LF)."""
    line = text.replace("\r\n", "\n").split("\n")[link.position.line - 1]
    return line[link.position.column - 1 :]


def _check_start(text: str, link: Link) -> None:
    rest = _at(text, link)
    if link.kind is BARE:
        assert rest.startswith(link.url.removeprefix("http://") if "www." in link.url else link.url)
    else:
        assert rest.startswith(_STARTS_WITH[link.kind]), (link, rest)


def links(text: str) -> list[tuple[str, LinkKind, int, int]]:
    """(url, kind, line, column) of every link, each checked against the source."""
    document = parse(text)
    for link in [*document.links, *document.definitions.values()]:
        _check_start(text, link)
    return [
        (link.url, link.kind, link.position.line, link.position.column) for link in document.links
    ]


# -- inline links and images ----------------------------------------------------------------


def test_inline_links_and_images() -> None:
    text = (
        'See [the guide](docs/guide.md) and [site](https://example.org "Title").\n'
        "![logo](img/logo.png 'alt title') [spaced](<my file.md>) [empty]()\n"
    )
    assert links(text) == [
        ("docs/guide.md", INLINE, 1, 5),
        ("https://example.org", INLINE, 1, 36),
        ("img/logo.png", IMAGE, 2, 1),
        ("my file.md", INLINE, 2, 35),
        ("", INLINE, 2, 58),
    ]


def test_urls_are_kept_as_written() -> None:
    text = "[a](https://bücher.de/ä?q=x%20y) [b](a&amp;b) [c](\\_x)\n"
    assert [url for url, *_ in links(text)] == ["https://bücher.de/ä?q=x%20y", "a&b", "_x"]


def test_badge_image_inside_link() -> None:
    text = (
        "[![CI](https://ci.example/badge.svg)](https://ci.example/run) [![b][img]][site]\n\n"
        "[img]: https://img.example/b.svg\n[site]: https://site.example\n"
    )
    document = parse(text)
    assert links(text) == [
        ("https://ci.example/run", INLINE, 1, 1),
        ("https://ci.example/badge.svg", IMAGE, 1, 2),
        ("https://site.example", REFERENCE, 1, 63),
        ("https://img.example/b.svg", IMAGE, 1, 64),
    ]
    assert document.links[0].text == "" and document.links[1].text == "CI"
    assert document.unused_definitions == []


def test_link_text_is_recorded() -> None:
    document = parse("[**bold** `code` text](#x)\n")
    assert document.links[0].text == "bold code text"


# -- reference links and definitions ----------------------------------------------------------


REFERENCES = """\
Full [text][Ref], collapsed [ref][], shortcut [ref], image ![alt][logo].
Undefined [text][nope] and [other][] stay text; so does [plain].

[ref]: https://ref.example "Title"
  [logo]: <img/logo 1.png>
> [quoted]: https://quoted.example
[unused]:
  https://unused.example
"""


def test_reference_links_full_collapsed_shortcut() -> None:
    document = parse(REFERENCES)
    assert links(REFERENCES) == [
        ("https://ref.example", REFERENCE, 1, 6),
        ("https://ref.example", REFERENCE, 1, 29),
        ("https://ref.example", REFERENCE, 1, 47),
        ("img/logo 1.png", IMAGE, 1, 60),
    ]
    assert [link.label for link in document.links] == ["REF", "REF", "REF", "LOGO"]


def test_reference_definitions_and_usage() -> None:
    document = parse(REFERENCES)
    definitions = {
        label: (link.url, link.kind, link.position.line, link.position.column)
        for label, link in document.definitions.items()
    }
    assert definitions == {
        "REF": ("https://ref.example", DEFINITION, 4, 1),
        "LOGO": ("img/logo 1.png", DEFINITION, 5, 3),
        "QUOTED": ("https://quoted.example", DEFINITION, 6, 3),
        "UNUSED": ("https://unused.example", DEFINITION, 7, 1),
    }
    assert document.used_labels == {"REF", "LOGO"}
    assert [link.url for link in document.unused_definitions] == [
        "https://quoted.example",
        "https://unused.example",
    ]
    for link in document.definitions.values():
        _check_start(REFERENCES, link)


def test_undefined_references() -> None:
    document = parse(REFERENCES)
    undefined = document.undefined_references
    found = [(ref.label, ref.position.line, ref.position.column) for ref in undefined]
    assert found == [("nope", 2, 11), ("other", 2, 28)]


def test_reference_label_matching_is_case_and_space_insensitive() -> None:
    text = "[a][The  Label] [The label]\n\n[the label]: https://x.example\n"
    assert links(text) == [
        ("https://x.example", REFERENCE, 1, 1),
        ("https://x.example", REFERENCE, 1, 17),
    ]
    assert parse(text).undefined_references == []


def test_first_definition_wins() -> None:
    text = "[a]\n\n[a]: https://first.example\n[a]: https://second.example\n"
    assert links(text) == [("https://first.example", REFERENCE, 1, 1)]
    assert parse(text).definitions["A"].position.line == 3


# -- autolinks and bare URLs ------------------------------------------------------------------


def test_autolinks() -> None:
    text = "Go to <https://auto.example/x?y=1> or <mailto:me@example.org>, <me@example.org>.\n"
    assert links(text) == [
        ("https://auto.example/x?y=1", AUTOLINK, 1, 7),
        ("mailto:me@example.org", AUTOLINK, 1, 39),
        ("mailto:me@example.org", AUTOLINK, 1, 64),
    ]


def test_bare_urls_with_positions() -> None:
    text = (
        "Visit https://bare.example/a. Or www.commonmark.org/help, (see https://x.example/a_(b)).\n"
    )
    assert links(text) == [
        ("https://bare.example/a", BARE, 1, 7),
        ("http://www.commonmark.org/help", BARE, 1, 34),
        ("https://x.example/a_(b)", BARE, 1, 64),
    ]


# The examples of the GFM spec's "Autolinks (extension)" section, plus GitHub's domain rules.
@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("www.commonmark.org", ["http://www.commonmark.org"]),
        ("Visit www.commonmark.org/help for more information.", ["http://www.commonmark.org/help"]),
        ("Visit www.commonmark.org.", ["http://www.commonmark.org"]),
        ("Visit www.commonmark.org/a.b.", ["http://www.commonmark.org/a.b"]),
        (
            "Visit www.commonmark.org/~jm/foo/bar.pdf.",
            ["http://www.commonmark.org/~jm/foo/bar.pdf"],
        ),
        (
            "www.google.com/search?q=Markup+(business)",
            ["http://www.google.com/search?q=Markup+(business)"],
        ),
        (
            "www.google.com/search?q=Markup+(business)))",
            ["http://www.google.com/search?q=Markup+(business)"],
        ),
        (
            "(www.google.com/search?q=Markup+(business))",
            ["http://www.google.com/search?q=Markup+(business)"],
        ),
        (
            "(www.google.com/search?q=Markup+(business)",
            ["http://www.google.com/search?q=Markup+(business)"],
        ),
        (
            "www.google.com/search?q=(business))+ok",
            ["http://www.google.com/search?q=(business))+ok"],
        ),
        (
            "www.google.com/search?q=commonmark&hl=en",
            ["http://www.google.com/search?q=commonmark&hl=en"],
        ),
        ("www.google.com/search?q=commonmark&hl;", ["http://www.google.com/search?q=commonmark"]),
        ("www.commonmark.org/he<lp", ["http://www.commonmark.org/he"]),
        ("http://commonmark.org", ["http://commonmark.org"]),
        (
            "(Visit https://encrypted.google.com/search?q=Markup+(business))",
            ["https://encrypted.google.com/search?q=Markup+(business)"],
        ),
        ("Anonymous FTP is available at ftp://foo.bar.baz.", ["ftp://foo.bar.baz"]),
        ("[a link](http://www.google.com/)stuff?", ["http://www.google.com/"]),
        # trailing punctuation, one character after another
        ("Really? https://x.example/a?!.,:*_~", ["https://x.example/a"]),
        ("https://x.example/a;", ["https://x.example/a"]),
        ("https://x.example/?a=1&amp;", ["https://x.example/?a=1"]),
        ("'https://x.example/it's'", ["https://x.example/it's"]),
        ('"https://x.example/q"', ["https://x.example/q"]),
        # where a candidate may start
        (
            "*https://x.example/em* _www.em.example_ ~~https://x.example/del~~",
            [
                "https://x.example/em",
                "https://x.example/del",
            ],
        ),
        ("**www.strong.example**", ["http://www.strong.example"]),
        ("xhttps://x.example wwww.x.example a.www.x.example", []),
        ("WWW.EXAMPLE.COM but HTTPS://EXAMPLE.COM/A", ["HTTPS://EXAMPLE.COM/A"]),
        # valid domains
        (
            "www.xxx.yyy.zzz www.xxx.yyy._zzz www.xxx._yyy.zzz www._xxx.yyy.zzz",
            [
                "http://www.xxx.yyy.zzz",
                "http://www._xxx.yyy.zzz",
            ],
        ),
        ("https://a_b.example.org https://x.a_b.org https://x.org_", ["https://a_b.example.org"]),
        ("www.example and www.", []),
        (
            "www.example.org:8080/path http://localhost:3000/x",
            [
                "http://www.example.org:8080/path",
                "http://localhost:3000/x",
            ],
        ),
        ("https:// and https://-x.example and https://_x.example", []),
        ("https://bücher.example/straße", ["https://bücher.example/straße"]),
    ],
)
def test_gfm_extended_autolinks(text: str, urls: list[str]) -> None:
    found = parse(text).links
    assert [link.url for link in found] == urls
    for link in found:
        _check_start(text, link)


def test_find_bare_urls_offsets() -> None:
    assert list(find_bare_urls("a www.x.org\nb https://y.org.")) == [
        (2, "http://www.x.org"),
        (14, "https://y.org"),
    ]


# -- raw HTML ---------------------------------------------------------------------------------


def test_html_block_links() -> None:
    text = (
        '<p align="center">\n'
        '  <a href="https://h.example/?a=1&amp;b=2"><img src="img/one.png" alt="One"></a>\n'
        "  <img\n"
        "    alt=\"two\" src='img/two.png'>\n"
        "</p>\n"
    )
    document = parse(text)
    assert links(text) == [
        ("https://h.example/?a=1&b=2", HTML, 2, 3),
        ("img/one.png", HTML, 2, 44),
        ("img/two.png", HTML, 3, 3),
    ]
    assert [link.is_image for link in document.links] == [False, True, True]


def test_inline_html_links() -> None:
    text = 'Text <a href="#x">x</a> and <img src=pic.png> then\n<a\nhref="https://multi.example">m</a>\n'
    assert links(text) == [
        ("#x", HTML, 1, 6),
        ("pic.png", HTML, 1, 29),
        ("https://multi.example", HTML, 2, 1),
    ]


def test_html_inside_link_text_and_table() -> None:
    text = '[<img src="a.png">](https://x.example)\n\n| h |\n|---|\n| <a href="#t">t</a> |\n'
    assert links(text) == [
        ("https://x.example", INLINE, 1, 1),
        ("a.png", HTML, 1, 2),
        ("#t", HTML, 5, 3),
    ]


# -- no links where GitHub renders none -------------------------------------------------------


def test_no_links_in_code_or_comments() -> None:
    text = """\
Inline `[a](b) https://code.example <https://c.example>` code, ``[x](y)``.

```
[fenced](https://fenced.example) https://fenced.example <a href="x">
```

~~~markdown
![img](https://tilde.example)
~~~

    [indented](https://indented.example)

<!-- [commented](https://comment.example) https://comment.example
<a href="https://comment.example">
-->

Text <!-- <a href="https://inline-comment.example"> [x](y) --> end.
"""
    assert links(text) == []


def test_no_links_from_escapes_and_non_links() -> None:
    text = (
        "\\[not](a link) [text] [x] (https) foo:bar [undefined][] [](empty-text-is-fine)\n"
        "[a](javascript:alert(1)) [spaces](a b)\n"
    )
    assert links(text) == [("empty-text-is-fine", INLINE, 1, 57)]


def test_markdown_inside_html_block_is_not_parsed() -> None:
    text = "<div>\n[a](https://x.example) https://y.example\n</div>\n"
    assert links(text) == []


def test_link_text_does_not_yield_a_bare_url() -> None:
    assert links("[https://text.example](https://dest.example)\n") == [
        ("https://dest.example", INLINE, 1, 1)
    ]


# -- positions inside containers --------------------------------------------------------------


def test_nested_lists() -> None:
    text = """\
- top [a](#a)
  - nested [b](#b)
    1. ordered [c](#c)
       continued line [d](#d)
* other
  + deep
    - deeper https://deep.example
"""
    assert links(text) == [
        ("#a", INLINE, 1, 7),
        ("#b", INLINE, 2, 12),
        ("#c", INLINE, 3, 16),
        ("#d", INLINE, 4, 23),
        ("https://deep.example", BARE, 7, 14),
    ]


def test_nested_block_quotes_and_lazy_lines() -> None:
    text = """\
> quote [a](#a)
> > nested [b](#b)
> >lazy-ish [c](#c)
lazy continuation [d](#d)
>> tight [e](#e)
"""
    assert links(text) == [
        ("#a", INLINE, 1, 9),
        ("#b", INLINE, 2, 12),
        ("#c", INLINE, 3, 13),
        ("#d", INLINE, 4, 19),
        ("#e", INLINE, 5, 10),
    ]


def test_list_inside_quote_inside_list() -> None:
    text = "1. item\n   > - [x](#x) and [y](#y)\n   >   more [z](#z)\n"
    assert links(text) == [("#x", INLINE, 2, 8), ("#y", INLINE, 2, 20), ("#z", INLINE, 3, 13)]


def test_table_with_repeated_cells() -> None:
    text = """\
| Name | Link | Again |
|------|------|-------|
| [x](#x) | [x](#x) | [x](#x) [y](#y) |
|[x](#x)|[x](#x)|x|
"""
    assert links(text) == [
        ("#x", INLINE, 3, 3),
        ("#x", INLINE, 3, 13),
        ("#x", INLINE, 3, 23),
        ("#y", INLINE, 3, 31),
        ("#x", INLINE, 4, 2),
        ("#x", INLINE, 4, 10),
    ]


def test_table_without_outer_pipes_and_escaped_pipes() -> None:
    text = "a | b\n--|--\n[x](#x) | [x](#x)\nx \\| y [p](#p) | [q](#q) \\| [r](#r)\n"
    assert links(text) == [
        ("#x", INLINE, 3, 1),
        ("#x", INLINE, 3, 11),
        ("#p", INLINE, 4, 8),
        ("#q", INLINE, 4, 18),
        ("#r", INLINE, 4, 29),
    ]


def test_table_in_block_quote_with_bare_urls() -> None:
    text = "> | a | b |\n> |---|---|\n> | https://a.example | <https://b.example> |\n"
    assert links(text) == [
        ("https://a.example", BARE, 3, 5),
        ("https://b.example", AUTOLINK, 3, 25),
    ]


def test_headings() -> None:
    text = """\
# [Title](#t) ##
  ## Heading with [link](#h) ###
> ### Quoted [q](#q)

Setext [s](#s)
across lines [t](#t2)
===

Other [u](#u)
---
"""
    assert links(text) == [
        ("#t", INLINE, 1, 3),
        ("#h", INLINE, 2, 19),
        ("#q", INLINE, 3, 14),
        ("#s", INLINE, 5, 8),
        ("#t2", INLINE, 6, 14),
        ("#u", INLINE, 9, 7),
    ]


def test_multi_line_paragraph() -> None:
    text = (
        "First line,\n   second [a](#a) line\n\tthird https://c.example\n"
        "fourth [multi\nline text](#m)\n"
    )
    assert links(text) == [
        ("#a", INLINE, 2, 11),
        ("https://c.example", BARE, 3, 8),
        ("#m", INLINE, 4, 8),
    ]


def test_tabs_count_as_one_column() -> None:
    text = "a\t[t](#t)\t[u](#u)\n-\t[l](#l)\n>\t[q](#q)\n\n>\tquote\n>\t\tcontinued [c](#c)\n"
    assert links(text) == [
        ("#t", INLINE, 1, 3),
        ("#u", INLINE, 1, 11),
        ("#l", INLINE, 2, 3),
        ("#q", INLINE, 3, 3),
        ("#c", INLINE, 6, 14),
    ]


def test_crlf_input() -> None:
    text = (
        "Title [a](#a)\r\n=====\r\n\r\n- [b](#b)\r\n  more https://c.example\r\n\r\n"
        "[d]: #d\r\n[d]\r\n"
    )
    assert links(text) == [
        ("#a", INLINE, 1, 7),
        ("#b", INLINE, 4, 3),
        ("https://c.example", BARE, 5, 8),
        ("#d", REFERENCE, 8, 1),
    ]
    assert parse(text).definitions["D"].position.line == 7


def test_first_line_starts_at_column_one() -> None:
    assert links("[a](#a)") == [("#a", INLINE, 1, 1)]
    assert links("https://x.example") == [("https://x.example", BARE, 1, 1)]
    assert links("<a href='#x'>x</a>") == [("#x", HTML, 1, 1)]


def test_links_are_in_document_order() -> None:
    text = 'https://b.example [a](#a) <https://c.example>\n\n<a href="#h">h</a>\n\n[d](#d)\n'
    positions = [(line, column) for *_, line, column in links(text)]
    assert positions == [(1, 1), (1, 19), (1, 27), (3, 1), (5, 1)]


# -- robustness -------------------------------------------------------------------------------


def _timed(text: str) -> tuple[Document, float]:
    started = time.perf_counter()
    document = parse(text)
    return document, time.perf_counter() - started


@pytest.mark.slow
def test_one_megabyte_line_with_many_links() -> None:
    unit = "word [l](#a) https://b.example/x <https://c.example> `code` "
    text = unit * (1_000_000 // len(unit))
    document, elapsed = _timed(text)
    assert elapsed < 10
    count = 1_000_000 // len(unit)
    assert len(document.links) == 3 * count
    last = document.links[-1]
    assert (last.url, last.position.line, last.position.column) == (
        "https://c.example",
        1,
        (count - 1) * len(unit) + unit.index("<") + 1,
    )


def test_deeply_nested_block_quotes() -> None:
    _document, elapsed = _timed("> " * 5000 + "[a](#b)")
    assert elapsed < 10


def test_deeply_nested_lists() -> None:
    _document, elapsed = _timed("".join("  " * i + "- x\n" for i in range(5000)))
    assert elapsed < 10


@pytest.mark.slow
def test_many_unclosed_brackets() -> None:
    _document, elapsed = _timed("[" * 5000 + "a](#b)\n" + "[a" * 5000)
    assert elapsed < 10


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "\n",
        "   ",
        "  \n",
        "a\n  ",
        "\t- x\n  \t> y\n\n\n",
        "> a\n>\tb\n \t \tc\nd",
        "x\r\ny",  # not normalised here: the parser sees what it is given
    ],
)
def test_fast_block_state_matches_markdown_it(text: str) -> None:
    md = shared_parser()
    ours, theirs = FastStateBlock(text, md, {}, []), StateBlock(text, md, {}, [])
    # Ours alone: `table` (compact table cells), `_blank_lines` and `_underlines` (where a
    # setext heading can be)
    skip = {"md", "env", "tokens", "table", "_blank_lines", "_underlines"}
    assert {k: v for k, v in vars(ours).items() if k not in skip} == {
        k: v for k, v in vars(theirs).items() if k not in skip
    }
