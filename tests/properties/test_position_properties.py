"""Every link of a generated document is found where it is written: its (line, column) is
the first character of the link in the source (`[`, `![`, `<`, or the bare URL itself).

Documents are made of paragraphs, headings, list items (nested, numbered, with continuation
lines), block quotes and tables, with inline links, images, autolinks, bare URLs, reference
links and raw HTML links among words in several scripts, tabs included; LF, CRLF or CR line
breaks. Columns count characters, as in every report.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from roadmap_lint.markdown import parse
from roadmap_lint.model import LinkKind


@dataclass(frozen=True)
class Written:
    """A link as generated: its source text, and what the parser should make of it."""

    source: str
    kind: LinkKind
    url: str


words = st.lists(
    st.sampled_from(
        ["roadmap", "Ünïcode", "日本語", "Привет", "курс", "a", "x2", "🚀", "tab\tbed"]
    ),
    min_size=1,
    max_size=3,
).map(" ".join)
hosts = st.sampled_from(["example.org", "docs.python.org", "日本.example.org", "a.io"])
paths = st.lists(st.sampled_from(["guide", "v1", "intro_2", "page.html", "%C3%A9"]), max_size=2)


@st.composite
def urls(draw: st.DrawFn) -> str:
    return f"https://{draw(hosts)}/" + "/".join(draw(paths))


@st.composite
def links(draw: st.DrawFn) -> Written:
    url, text = draw(urls()), draw(words)
    kind = draw(st.sampled_from(["inline", "image", "autolink", "bare", "html", "titled"]))
    if kind == "inline":
        return Written(f"[{text}]({url})", LinkKind.INLINE, url)
    if kind == "titled":
        return Written(f'[{text}](<{url}> "{text}")', LinkKind.INLINE, url)
    if kind == "image":
        return Written(f"![{text}]({url})", LinkKind.IMAGE, url)
    if kind == "autolink":
        return Written(f"<{url}>", LinkKind.AUTOLINK, url)
    if kind == "html":
        return Written(f'<a href="{url}">{text}</a>', LinkKind.HTML, url)
    return Written(url, LinkKind.BARE, url)


# A line: words and links, separated by spaces. A line never starts with a link that could
# change the block it is in (an HTML tag would start an HTML block).
line_parts = st.lists(st.one_of(words, links()), min_size=1, max_size=4).map(
    lambda parts: ["word", *parts] if not isinstance(parts[0], str) else parts
)


@dataclass
class Block:
    first: str  # prefix of the first line
    rest: str  # prefix of the continuation lines
    lines: list[list[str | Written]]


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    kind = draw(st.sampled_from(["paragraph", "heading", "item", "numbered", "nested", "quote"]))
    count = 1 if kind == "heading" else draw(st.integers(1, 3))
    lines = [draw(line_parts) for _ in range(count)]
    prefixes = {
        "paragraph": ("", ""),
        "heading": ("#" * draw(st.integers(1, 6)) + " ", ""),
        "item": ("- ", "  "),
        "numbered": ("1. ", "   "),
        "nested": ("  * ", "    "),
        "quote": ("> ", "> "),
    }
    first, rest = prefixes[kind]
    if kind == "nested":
        return Block(first, rest, lines)  # follows an item: see documents()
    return Block(first, rest, lines)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[tuple[LinkKind, str, int, int]]]:
    """(text, expected (kind, url, line, column) of every link, in document order)."""
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    out: list[str] = []
    expected: list[tuple[LinkKind, str, int, int]] = []
    references: list[tuple[str, str]] = []
    for block in draw(st.lists(blocks(), min_size=1, max_size=5)):
        if block.first.startswith("  *"):
            out.append("- parent item")  # a nested item needs a parent
        for number, parts in enumerate(block.lines):
            line = block.first if number == 0 else block.rest
            for index, part in enumerate(parts):
                if index:
                    line += " "
                if isinstance(part, str):
                    line += part
                    continue
                expected.append((part.kind, part.url, len(out) + 1, len(line) + 1))
                line += part.source
            out.append(line)
        out.append("")
    if draw(st.booleans()):  # a reference link, and its definition at the end
        label, url = draw(st.sampled_from(["ref", "Ref 2"])), draw(urls())
        line = "See "
        expected.append((LinkKind.REFERENCE, url, len(out) + 1, len(line) + 1))
        out.extend([line + f"[the page][{label}] too.", ""])
        references.append((label, url))
    if draw(st.booleans()):  # a table with links in its cells
        link = draw(links().filter(lambda w: w.kind is not LinkKind.BARE))
        out.extend(["| Name | Link |", "| --- | --- |"])
        line = "| row | "
        expected.append((link.kind, link.url, len(out) + 1, len(line) + 1))
        out.extend([line + link.source + " |", ""])
    out.extend(f"[{label}]: {url}" for label, url in references)
    return newline.join(out) + newline, expected


@given(documents())
def test_every_link_is_found_where_it_is_written(
    generated: tuple[str, list[tuple[LinkKind, str, int, int]]],
) -> None:
    text, expected = generated
    document = parse(text)
    found = [
        (link.kind, link.url, link.position.line, link.position.column) for link in document.links
    ]
    assert found == expected


@given(documents())
def test_every_position_points_at_the_link_in_the_source(
    generated: tuple[str, list[tuple[LinkKind, str, int, int]]],
) -> None:
    text, _ = generated
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = {
        LinkKind.INLINE: "[",
        LinkKind.REFERENCE: "[",
        LinkKind.DEFINITION: "[",
        LinkKind.IMAGE: "![",
        LinkKind.AUTOLINK: "<",
        LinkKind.HTML: "<",
    }
    document = parse(text)
    for link in [*document.links, *document.definitions.values()]:
        rest = lines[link.position.line - 1][link.position.column - 1 :]
        start = link.url if link.kind is LinkKind.BARE else starts[link.kind]
        assert rest.startswith(start), (link, rest)
