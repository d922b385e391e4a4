"""`--fix` on generated documents: a second run changes nothing, and every byte outside the
edits stays as it was (BOM, LF/CRLF/CR line breaks, the final newline or its absence).

A document has a title, perhaps a table of contents (entries in any order, some missing),
sections, and lines with problems that have safe fixes (an anchor in the wrong case, a
fragment with a typo, tracking copied along with a URL, a malformed link, mojibake) among
filler lines that no fix may touch. Each example is written to a file and fixed through
the library API, as `roadmap-lint --fix` does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_lint.config.settings import Config
from roadmap_lint.pipeline import fix_paths

BOM = "\ufeff"
TITLES = ["Getting Started", "Data Frames", "Deep Learning", "Web APIs", "Machine Learning"]


def problem_lines(title: str) -> list[str]:
    """Lines with fixable problems, about a section titled `title`."""
    slug = title.lower().replace(" ", "-")
    typo = slug[:-2] + slug[-1]  # a letter dropped
    return [
        f"See [{title}](#{title.replace(' ', '-')}) again.",  # anchor-case
        f"Back to [{title}](#{typo}).",  # broken-anchor, plainly the same name
        "- [Paper](https://arxiv.org/abs/2503.01840?utm_source=chatgpt.com) - A paper.",
        "- [Gym] (https://github.com/openai/gym) - Environments.",  # malformed-link
        "Itâ€™s the cafÃ© everyone likes.",  # mojibake
    ]


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str, list[str]]:
    """(text, line break, the filler lines no fix may touch, as created)."""
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    titles = draw(st.lists(st.sampled_from(TITLES), min_size=1, max_size=4, unique=True))
    fillers: list[str] = []

    def filler() -> str:
        line = f"Filler {len(fillers)}: plain words, nothing to fix."
        fillers.append(line)
        return line

    lines = ["# Roadmap", "", filler(), ""]
    if draw(st.booleans()):
        listed = draw(st.permutations(titles))
        listed = listed[: draw(st.integers(1, len(listed)))]
        lines += ["## Contents", ""]
        lines += [f"- [{t}](#{t.lower().replace(' ', '-')})" for t in listed]
        lines += ["", filler(), ""]
    for title in titles:
        lines += [f"## {title}", ""]
        body = [filler() for _ in range(draw(st.integers(0, 2)))]
        chosen = draw(st.lists(st.sampled_from(problem_lines(titles[0])), max_size=3))
        for line in draw(st.permutations(body + chosen)):
            lines += [line, ""]
    text = newline.join(lines).rstrip(newline)
    if draw(st.booleans()):
        text += newline
    if draw(st.booleans()):
        text = BOM + text
    return text, newline, fillers


def fix_twice(text: str) -> tuple[str, str, int]:
    """The file's text after one `--fix` and after a second one, and the second's fixes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "README.md"
        path.write_bytes(text.encode("utf-8"))
        fix_paths([str(path)], Config(offline=True), write=True)
        once = path.read_bytes().decode("utf-8")
        again = fix_paths([str(path)], Config(offline=True), write=True)
        twice = path.read_bytes().decode("utf-8")
    return once, twice, len(again.fixes)


def line_breaks(text: str) -> set[str]:
    found = set()
    if "\r\n" in text:
        found.add("\r\n")
    if "\n" in text.replace("\r\n", ""):
        found.add("\n")
    if "\r" in text.replace("\r\n", ""):
        found.add("\r")
    return found


@settings(max_examples=max(10, settings().max_examples // 3))
@given(documents())
def test_fixing_twice_changes_nothing_the_second_time(
    generated: tuple[str, str, list[str]],
) -> None:
    text, _, _ = generated
    once, twice, fixes = fix_twice(text)
    assert fixes == 0
    assert twice == once


@settings(max_examples=max(10, settings().max_examples // 3))
@given(documents())
def test_fixes_keep_every_byte_outside_their_edits(
    generated: tuple[str, str, list[str]],
) -> None:
    text, newline, _ = generated
    fillers = [line for line in text.removeprefix(BOM).split(newline) if line.startswith("Filler")]
    once, _, _ = fix_twice(text)
    assert once.startswith(BOM) == text.startswith(BOM)
    assert once.endswith(newline) == text.endswith(newline)
    assert line_breaks(once) <= {newline}
    lines = once.removeprefix(BOM).split(newline)
    assert [line for line in lines if line.startswith("Filler ")] == fillers
