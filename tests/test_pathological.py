"""Inputs that once took minutes or gigabytes: each must stay linear.

The sizes are chosen so that the quadratic code these tests replaced takes far longer
than the bound (minutes, or seconds at a tenth of the size), while linear code takes a
fraction of it; the bound is generous for slow CI machines.
"""

from __future__ import annotations

import os
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
        # markdown-it's bracket matching, at the block nesting depth (100) instead of 20
        ("unclosed links and images", "[![" * 60_000 + "\n"),
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


# The child's own peak memory: VmHWM starts again at exec, unlike ru_maxrss, which a child
# inherits from the test process it was forked from.
TABLE_PEAK = """
import sys
from roadmap_lint.config.settings import Config
from roadmap_lint.pipeline.run import lint_text

columns = 20
header = "|" + "|".join("h" * columns) + "|\\n|" + "|".join("-" * columns) + "|\\n"
row = "|" + "|".join("x" * columns) + "|\\n"
links = "".join(f"| [r{i}](https://example.org/{i}) | `c` | www.example.org |\\n" for i in range(2000))
text = header + row * 50_000 + "\\n| a | b | c |\\n| - | - | - |\\n" + links
report = lint_text(text, "README.md", Config(offline=True, select=frozenset({"RL"})))
print(len(text), len(report.links) + sum(1 for f in report.findings if f.url), end=" ")
status = open("/proc/self/status").read()
print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
"""


@pytest.mark.slow
@pytest.mark.skipif(
    not os.path.exists("/proc/self/status"), reason="reads the child's peak memory in /proc"
)
def test_a_table_of_two_million_characters_costs_tens_of_megabytes() -> None:
    """markdown-it makes four objects of every cell: a million plain cells took 650 MB.
    Plain cells are now left out; cells that can hold a link are still read."""
    import subprocess
    import sys

    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", TABLE_PEAK], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    size, linked, peak_mb = (int(value) for value in out)
    assert size > 2_000_000
    assert linked >= 2000  # the table of links is read: its URLs are there
    assert peak_mb < 250, f"{peak_mb} MB"
    assert time.perf_counter() - started < 3 * BOUND
