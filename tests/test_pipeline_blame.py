"""When each line was committed (`git blame`), for choosing an archived copy near that date."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from roadmap_lint.pipeline.blame import line_dates, parse_line_porcelain

FIRST = 1_500_000_000  # 2017-07-14
SECOND = 1_600_000_000  # 2020-09-13


def git(folder: Path, *args: str, when: int | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{when} +0000"
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def repository(folder: Path) -> Path:
    git(folder, "init", "-q")
    git(folder, "config", "user.name", "Test")
    git(folder, "config", "user.email", "test@example.org")
    git(folder, "config", "commit.gpgsign", "false")
    return folder


def test_each_committed_line_has_its_commit_date(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    readme = repo / "README.md"
    readme.write_text("# Links\n\n- [a](https://a.example/)\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "first", when=FIRST)
    readme.write_text(
        "# Links\n\n- [a](https://a.example/)\n- [b](https://b.example/)\n", encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "second", when=SECOND)
    with readme.open("a", encoding="utf-8") as stream:
        stream.write("- [c](https://c.example/)\n")  # not committed yet
    assert line_dates(readme) == {1: FIRST, 2: FIRST, 3: FIRST, 4: SECOND}


def test_a_file_in_a_subfolder_is_blamed_from_its_folder(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    (repo / "docs").mkdir()
    page = repo / "docs" / "page with spaces.md"
    page.write_text("one\ntwo\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "docs", when=SECOND)
    assert line_dates(page) == {1: SECOND, 2: SECOND}


def test_outside_a_repository_or_untracked_there_are_no_dates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no repository above
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "README.md").write_text("text\n", encoding="utf-8")
    assert line_dates(outside / "README.md") == {}
    (tmp_path / "repo").mkdir()
    repo = repository(tmp_path / "repo")
    (repo / "new.md").write_text("untracked\n", encoding="utf-8")
    assert line_dates(repo / "new.md") == {}
    assert line_dates(repo / "missing.md") == {}


def test_without_git_there_are_no_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on it
    (tmp_path / "README.md").write_text("text\n", encoding="utf-8")
    assert line_dates(tmp_path / "README.md") == {}


def test_porcelain_output_is_read_by_final_line() -> None:
    sha = b"a" * 40
    output = b"".join(
        [
            sha + b" 1 2 1\n",
            b"author Someone\n",
            b"author-time 100\n",
            b"committer-time 200\n",
            b"summary x\n",
            b"filename README.md\n",
            b"\tline two\n",
            b"0" * 40 + b" 3 3 1\n",
            b"author Not Committed Yet\n",
            b"author-time 300\n",
            b"committer-time 300\n",
            b"\tline three\n",
            sha + b" 1 1\n",
            b"author-time 50\n",
            b"\t" + b"0" * 40 + b" 9 9 (a line whose text looks like a header)\n",
        ]
    )
    assert parse_line_porcelain(output) == {2: 200.0, 1: 50.0}
