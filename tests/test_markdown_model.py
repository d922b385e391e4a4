"""The document model's blocks: code, comments, sections, breaks, links wrapping images.

Rules read these instead of parsing Markdown again; the tests at the end check that the
rules which used to scan lines with regular expressions follow the model, nesting included.
"""

from __future__ import annotations

from roadmap_lint import lint_text
from roadmap_lint.config.settings import Config
from roadmap_lint.markdown import parse
from roadmap_lint.markdown.document import CodeBlock
from roadmap_lint.model import Finding

GUIDE = """\
Guide
=====

- Install:

  ```sh
  pip install roadmap
  ```

- The old way:

      easy_install roadmap

> ```
> quoted code
> ```

    top-level indented code

---

Use `pip`, ``a ` b`` and `a
multi-line span` here.

| Tool | Run |
| --- | --- |
| grep | `grep a\\|b` |

<h2 align="center">
  Tools
</h2>

* * *
## Editors
<!-- a comment
over two lines -->
### Vim
"""


def test_code_blocks_at_any_depth() -> None:
    assert parse(GUIDE).code_blocks == [
        CodeBlock(6, 8, fenced=True),  # in a list item
        CodeBlock(12, 12, fenced=False),  # indented, in a list item
        CodeBlock(14, 16, fenced=True),  # in a block quote
        CodeBlock(18, 18, fenced=False),
    ]
    assert parse(GUIDE).code_lines == {6, 7, 8, 12, 14, 15, 16, 18}


def test_code_spans_per_line_with_their_columns() -> None:
    spans = parse(GUIDE).code_spans
    lines = GUIDE.split("\n")
    assert spans == {22: [(5, 10), (12, 21), (26, 28)], 23: [(1, 17)], 27: [(10, 21)]}
    assert [lines[21][a - 1 : b - 1] for a, b in spans[22]] == ["`pip`", "``a ` b``", "`a"]
    assert lines[26][9:20] == "`grep a\\|b`"


def test_thematic_breaks_and_comments() -> None:
    document = parse(GUIDE)
    assert document.thematic_breaks == [20, 33]
    (comment,) = document.html_comments
    assert (comment.start.line, comment.start.column, comment.end.line, comment.end.column) == (
        35,
        1,
        36,
        19,
    )


def test_heading_lines_and_sections() -> None:
    sections = [
        (s.heading.text.strip(), s.heading.position.line, s.heading_end, s.end)
        for s in parse(GUIDE).sections
    ]
    assert sections == [
        ("Guide", 1, 2, 38),  # the setext underline is part of the heading
        ("Tools", 29, 31, 33),  # up to its closing tag; the section ends before `## Editors`
        ("Editors", 34, 34, 38),
        ("Vim", 37, 37, 38),
    ]


BADGES = """\
[![Build](https://img.shields.io/b.svg)](https://ci.example.org)
[ ![Logo](logo.png) Project](https://example.org)
[Project ![Logo](logo.png)](https://example.org/late)
[<img src="logo.png" alt="Logo">](https://example.org/html)
[<picture><img src="a.png"></picture>](https://example.org/picture)
[![Stars][stars]][repo] and <https://example.org/auto>

[stars]: https://img.shields.io/stars.svg
[repo]: https://github.com/o/r
"""


def test_links_whose_text_starts_with_an_image() -> None:
    wrapping = {
        link.url: link.wraps_image
        for link in parse(BADGES).links
        if not link.is_image and link.url.startswith("https")
    }
    assert wrapping == {
        "https://ci.example.org": True,
        "https://example.org": True,
        "https://example.org/late": False,
        "https://example.org/html": True,
        "https://example.org/picture": True,
        "https://github.com/o/r": True,
        "https://example.org/auto": False,
    }


# -- rules that read the model ---------------------------------------------------------------


def run(text: str, *rules: str) -> list[tuple[str, int, int]]:
    config = Config(offline=True, select=frozenset(rules))
    findings: list[Finding] = lint_text(text, config=config).findings
    return [(f.rule, f.line, f.column) for f in findings]


def test_mojibake_in_code_at_any_depth_is_not_reported() -> None:
    text = (
        "- Install:\n\n"
        "      echo cafÃ©  # indented code in a list item\n\n"
        "- Or run `echo cafÃ©\n  twice` in a span over two lines.\n\n"
        "> ```\n> cafÃ©\n> ```\n\n"
        "Itâ€™s garbled here.\n"
    )
    assert run(text, "mojibake") == [("mojibake", 12, 3)]


def test_malformed_links_in_code_spans_over_lines_are_not_reported() -> None:
    text = (
        "- Type `git log\n  [text] (https://example.org)` to see it.\n"
        "- [C] (https://github.com/jwasham/practice-c)\n"
    )
    assert run(text, "malformed-link") == [("malformed-link", 3, 3)]


def test_empty_sections_follow_the_model() -> None:
    text = (
        "# Title\n\n"
        "Setext empty\n------------\n\n"
        "## Next\n<!-- todo:\nwrite this -->\n\n***\n\n"
        '<h2 align="center">\nHTML\n</h2>\n\n'
        "## Full\n\n`code`\n"
    )
    config = Config(offline=True, select=frozenset({"empty-section"}))
    report = lint_text(text, config=config)
    assert [f.message for f in report.findings] == [
        'section "Setext empty" is empty',
        'section "Next" is empty',
        'section "HTML" is empty',
    ]


def test_an_img_with_an_alt_attribute_in_any_form_has_alt_text() -> None:
    text = (
        '<img src="a.png" ALT="">\n\n'
        "<img src=b.png alt>\n\n"
        '<img\n  src="c.png"\n  alt=""\n/>\n\n'
        '<img src="d.png" data-alt="x" title="alt=">\n'
    )
    assert run(text, "image-alt-missing") == [("image-alt-missing", 10, 1)]
