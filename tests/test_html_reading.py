"""Raw HTML in Markdown, read with html.parser: tags, attributes, comments, HTML headings."""

from __future__ import annotations

import time

from roadmap_lint import lint_text
from roadmap_lint.config.settings import Config
from roadmap_lint.markdown import parse
from roadmap_lint.markdown.html import Comment, Tag, Text, read_html
from roadmap_lint.model import LinkKind

# -- the reader -----------------------------------------------------------------------------


def test_tags_attributes_and_offsets() -> None:
    fragment = '<P ALIGN="center"><A HREF="a.md?x=1&amp;y=2" Name=top>Go</A></P>'
    events = read_html(fragment)
    assert events == (
        Tag("p", False, {"align": "center"}, 0, 18),
        Tag("a", False, {"href": "a.md?x=1&y=2", "name": "top"}, 18, 54),
        Text("Go", 54),
        Tag("a", True, {}, 56, 60),
        Tag("p", True, {}, 60, 64),
    )
    assert fragment[18:54] == '<A HREF="a.md?x=1&amp;y=2" Name=top>'


def test_an_unquoted_value_may_hold_an_equals_sign() -> None:
    (tag, *_) = read_html("<a href=https://www.youtube.com/watch?v=kKjm4ehYiMs>Video</a>")
    assert tag == Tag("a", False, {"href": "https://www.youtube.com/watch?v=kKjm4ehYiMs"}, 0, 52)


def test_first_attribute_wins_and_bare_attributes_are_empty() -> None:
    (tag,) = read_html('<img src="a.png" src="b.png" alt>')
    assert isinstance(tag, Tag)
    assert tag.attributes == {"src": "a.png", "alt": ""}


def test_comments_with_their_extent() -> None:
    fragment = "<p>a<!-- one -->b\n<!-- two\nlines -->c</p>"
    comments = [event for event in read_html(fragment) if isinstance(event, Comment)]
    assert comments == [Comment(" one ", 4, 16), Comment(" two\nlines ", 18, 36)]
    assert fragment[18:36] == "<!-- two\nlines -->"


def test_a_comment_never_closed_runs_to_the_end() -> None:
    assert read_html("<p>x</p>\n<!-- roadmap-lint-disable\nstill comment") == (
        Tag("p", False, {}, 0, 3),
        Text("x", 3),
        Tag("p", True, {}, 4, 8),
        Text("\n", 8),
        Comment(" roadmap-lint-disable\nstill comment", 9, 48),
    )


def test_a_tag_cut_off_at_the_end_is_dropped() -> None:
    assert read_html('<a id="x" <p') == ()
    assert read_html("Fish &amp; chips <b") == (Text("Fish & chips ", 0),)


def test_text_between_tags_is_entity_decoded() -> None:
    assert read_html("<h2>Q&amp;A &lt;3</h2>")[1] == Text("Q&A <3", 4)


def test_what_html_parser_cannot_read_as_sgml_is_no_error() -> None:
    # `<![ x` made html.parser raise; in HTML it opens a bogus comment up to the first `>`.
    assert read_html('<![ x ]> <a id="after">') == (
        Text(" ", 8),
        Tag("a", False, {"id": "after"}, 9, 23),
    )


def test_malformed_html_costs_linear_time() -> None:
    # html.parser's close() rescans the rest for each `<`: minutes for this before 3.13.4.
    fragment = "<div>\n" + "<a " * 20_000
    started = time.perf_counter()
    read_html(fragment)
    assert time.perf_counter() - started < 2


# -- what raw HTML adds to the document ----------------------------------------------------

SYSTEM_DESIGN = """\
## Database

<p align="center">
  <img src="images/Xkm5CXz.png">
  <br/>
  <i><a href=https://www.youtube.com/watch?v=kKjm4ehYiMs>Source: Scaling up to your first 10 million users</a></i>
</p>
"""


def test_a_link_with_an_unquoted_address_holding_an_equals_sign_is_checked() -> None:
    links = parse(SYSTEM_DESIGN).links
    assert [(link.url, link.kind, link.position.line, link.position.column) for link in links] == [
        ("images/Xkm5CXz.png", LinkKind.HTML, 4, 3),
        ("https://www.youtube.com/watch?v=kKjm4ehYiMs", LinkKind.HTML, 6, 6),
    ]


def test_img_alt_attribute_is_recorded() -> None:
    text = '<img src="a.png" alt="">\n\n<img src="b.png">\n\n[<img src="c.png"\n  ALT="C">](x)\n'
    images = [link for link in parse(text).links if link.is_image]
    assert [(link.url, link.alt_attribute) for link in images] == [
        ("a.png", True),
        ("b.png", False),
        ("c.png", True),
    ]


def test_anchors_are_ids_on_any_element_and_names_on_a() -> None:
    text = '<a name="legacy"></a>\n<div id="box" data-id="no"><input name="q"></div>\n\nText <span id="inline">x</span>\n'
    assert [anchor.name for anchor in parse(text).anchors] == ["legacy", "box", "inline"]


def test_comments_are_recorded_with_their_lines() -> None:
    text = "Intro\n\n<!-- markdownlint-disable MD033 -->\n\nText <!-- a\nb --> end\n"
    document = parse(text)
    assert document.comments == [(3, " markdownlint-disable MD033 "), (5, " a\nb ")]
    spans = [
        (c.start.line, c.start.column, c.end.line, c.end.column) for c in document.html_comments
    ]
    assert spans == [(3, 1, 3, 36), (5, 6, 6, 6)]


# -- HTML headings ---------------------------------------------------------------------------

UNCLOSED_IN_PARAGRAPH = """\
# Guide

## Parts

Intro <h3 id="x">Title

Some text.

<h2>Next</h2>

See [next](#next) and [title](#title).
"""


def test_a_heading_opened_in_a_paragraph_ends_with_the_paragraph() -> None:
    document = parse(UNCLOSED_IN_PARAGRAPH)
    assert [(h.level, h.text, h.slug, h.html) for h in document.headings] == [
        (1, "Guide", "guide", False),
        (2, "Parts", "parts", False),
        (3, "Title", "title", True),
        (2, "Next", "next", True),
    ]
    sections = [(s.heading_end, s.end) for s in document.sections]
    assert sections == [(1, 12), (3, 8), (5, 8), (9, 12)]


def test_links_to_headings_after_an_unclosed_heading_are_not_broken() -> None:
    report = lint_text(UNCLOSED_IN_PARAGRAPH, config=Config(offline=True))
    assert [f.rule for f in report.findings] == []


def test_a_heading_ends_where_the_next_heading_starts() -> None:
    text = (
        '<h2 align="center">Tools\n\n## Editors\n\n<h3>Vim<h3>Emacs</h3>\n\n[e](#emacs) [v](#vim)\n'
    )
    document = parse(text)
    assert [(h.level, h.text, h.position.line) for h in document.headings] == [
        (2, "Tools\n", 1),
        (2, "Editors", 3),
        (3, "Vim", 5),
        (3, "Emacs", 5),
    ]
    report = lint_text(text, config=Config(offline=True))
    assert [f.rule for f in report.findings] == []


def test_an_html_block_heading_takes_the_text_up_to_its_closing_tag() -> None:
    text = '<h1 align="center">\n  <img src="logo.png" alt="">\n  <br>\n  Awesome Lists\n</h1>\n\nBody\n'
    document = parse(text)
    assert [h.text.strip() for h in document.headings] == ["Awesome Lists"]
    assert [(s.heading_end, s.end) for s in document.sections] == [(5, 8)]


def test_an_html_heading_opened_in_a_markdown_heading_comes_after_it() -> None:
    document = parse("## Tools <h3>Vim\n\nText\n")
    assert [(h.level, h.text, h.position.column) for h in document.headings] == [
        (2, "Tools Vim", 1),
        (3, "Vim", 10),
    ]
