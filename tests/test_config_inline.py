"""Inline control comments: roadmap-lint's own, markdown-link-check's and markdownlint's."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_lint import lint_file, lint_text
from roadmap_lint.config.settings import Config
from roadmap_lint.pipeline import SourceFile, lint_sources


def broken_lines(text: str) -> list[int]:
    return [f.line for f in lint_text(text).findings if f.rule == "broken-anchor"]


def test_disable_next_line_and_line() -> None:
    text = "# T\n<!-- roadmap-lint-disable-next-line broken-anchor -->\n[a](#x)\n[b](#y) <!-- roadmap-lint-disable-line -->\n[c](#z)\n"
    assert broken_lines(text) == [5]


def test_disable_enable_block_by_name_code_and_family() -> None:
    for selector in ("broken-anchor", "RL101", "RL1", ""):
        text = f"# T\n<!-- roadmap-lint-disable {selector} -->\n[a](#x)\n\n[b](#y)\n<!-- roadmap-lint-enable {selector} -->\n[c](#z)\n"
        assert broken_lines(text) == [7], selector


def test_disable_other_rule_leaves_this_one() -> None:
    text = "# T\n<!-- roadmap-lint-disable-next-line toc-order -->\n[a](#x)\n"
    assert broken_lines(text) == [3]


def test_disable_file() -> None:
    text = "# T\n[a](#x)\n<!-- roadmap-lint-disable-file broken-anchor -->\n[b](#y)\n"
    assert broken_lines(text) == []


def test_enable_all_after_several_disables() -> None:
    text = "# T\n<!-- roadmap-lint-disable broken-anchor -->\n<!-- roadmap-lint-disable anchor-case -->\n[a](#x)\n<!-- roadmap-lint-enable -->\n[b](#y)\n"
    assert broken_lines(text) == [6]


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- markdownlint-disable-next-line MD051 -->",
        "<!-- markdownlint-disable-next-line link-fragments -->",
        "<!-- markdownlint-disable-next-line -->",
        "<!-- markdown-link-check-disable-next-line -->",
    ],
)
def test_comments_of_other_tools(comment: str) -> None:
    assert broken_lines(f"# T\n{comment}\n[a](#x)\n[b](#y)\n") == [4]


def test_markdownlint_rule_that_does_not_match_leaves_anchors_alone() -> None:
    assert broken_lines("# T\n<!-- markdownlint-disable-next-line MD034 -->\n[a](#x)\n") == [3]


def test_markdown_link_check_block() -> None:
    text = "# T\n<!-- markdown-link-check-disable -->\n[a](#x)\n<!-- markdown-link-check-enable -->\n[b](#y)\n"
    assert broken_lines(text) == [5]


def test_comment_in_code_block_is_not_a_directive() -> None:
    text = "# T\n```\n<!-- roadmap-lint-disable -->\n```\n[a](#x)\n"
    assert broken_lines(text) == [5]


def test_unknown_rule_in_comment_is_warned(tmp_path: Path) -> None:
    warnings: list[str] = []
    lint_sources(
        [SourceFile(None, "R.md", "<!-- roadmap-lint-disable bogus -->\n[a](#x)\n")],
        Config(offline=True),
        warnings.append,
    )
    assert warnings == ["R.md:1: unknown rule 'bogus' in a roadmap-lint comment"]


def test_suppressed_links_are_not_requested(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "<!-- markdown-link-check-disable -->\n[a](https://flaky.invalid/)\n<!-- markdown-link-check-enable -->\n"
        "[b](https://checked.invalid/)\n",
        encoding="utf-8",
    )
    report = lint_file(readme, Config(offline=True))
    assert [link.url for link in report.links] == ["https://checked.invalid/"]
