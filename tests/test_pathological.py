"""Inputs that once took minutes or gigabytes: each must stay linear.

The sizes are chosen so that the quadratic code these tests replaced takes far longer
than the bound (minutes, or seconds at a tenth of the size), while linear code takes a
fraction of it; the bound is generous for slow CI machines.
"""

from __future__ import annotations

import time

import pytest

from roadmap_lint.config.settings import Config
from roadmap_lint.pipeline.run import lint_text

EVERY_RULE = Config(offline=True, select=frozenset({"RL"}))
BOUND = 8.0  # seconds


def timed_lint(text: str) -> tuple[float, int]:
    started = time.perf_counter()
    report = lint_text(text, "README.md", EVERY_RULE)
    return time.perf_counter() - started, len(report.findings)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "text"),
    [
        # non-descriptive-link-text trimmed punctuation with a regex that backtracked (89 s)
        ("link text of punctuation", "[V" + "!" * 100_000 + "e](https://example.org/x)\n"),
        # every reference definition compared the labels known so far (39 s at 1 MB)
        (
            "reference definitions",
            "".join(f'[r{i}]: https://example.org/{i} "t"\n' for i in range(20_000)) + "[r1]\n",
        ),
        # markdown-it's emphasis on a long run of delimiters (30 s and 2 GB at 4 MB)
        ("emphasis delimiters", "*_" * 500_000 + "\n"),
        # mojibake re-read the whole run for each of its pieces
        ("mojibake on one long line", "Text " + "â€™s cafÃ© ™™â€ " * 20_000 + "\n"),
        # malformed-link's link text and reversed-link patterns backtracked over a long line
        (
            "brackets and a parenthesis far apart",
            "3. [Title] (https://example.org/view"
            + "[ref]" * 700
            + "http://0177.0.0.1/" * 5_000
            + "x)\n",
        ),
        ("an unclosed reversed link", "(" + "word " * 40_000 + ")\n"),
        # anchor suggestions compared every broken anchor with every heading
        (
            "headings and broken anchors",
            "".join(
                f"## Heading number {i} about things\n[see](#heading-numbr-{i}-about-thing)\n"
                for i in range(4_000)
            ),
        ),
    ],
)
def test_pathological_input_stays_linear(name: str, text: str) -> None:
    seconds, _findings = timed_lint(text)
    assert seconds < BOUND, f"{name}: {seconds:.1f} s"


def test_a_mojibake_run_broken_by_a_lone_byte_is_read_without_a_crash() -> None:
    report = lint_text("Text ™™â€ here\n", "README.md", EVERY_RULE)
    assert [f.rule for f in report.findings] == ["mojibake"]


def test_a_link_to_a_path_too_long_for_the_file_system_is_a_missing_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from roadmap_lint.pipeline.run import lint_paths

    readme = tmp_path / "README.md"
    readme.write_text(f"[guide]({'x' * 5000}.md)\n", encoding="utf-8")
    report = lint_paths([str(readme)], EVERY_RULE)
    assert [f.rule for f in report.findings] == ["missing-file"]
