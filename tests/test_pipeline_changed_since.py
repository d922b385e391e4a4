"""`--changed-since GIT_REF`: only URLs on lines added or changed since a commit are requested.

Every test builds a real git repository under tmp_path, isolated from the user's and the
system's git configuration, and counts requests on a loopback test server.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from roadmap_lint.errors import UsageError
from roadmap_lint.pipeline.changes import EVERYTHING, FileChanges, changed_lines, parse_patch

from .servers import Reply, TestServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OK = Reply(200, {"Content-Type": "text/plain"}, b"ok")
GONE = Reply(404, {"Content-Type": "text/plain"}, b"not found")


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No global or system git configuration, no inherited repository, no repository above."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"):
        monkeypatch.delenv(name, raising=False)


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, timeout=30, check=True
    )
    return done.stdout


def new_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    git(path, "config", "user.name", "Test")
    git(path, "config", "user.email", "test@example.org")
    git(path, "config", "commit.gpgsign", "false")
    return path


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def write(path: Path, *lines: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def lint_json(run_cli: Any, repo: Path, *args: str, expect: int | None = None) -> dict[str, Any]:
    config = repo.parent / f"{repo.name}.roadmap-lint.toml"  # outside the repository
    config.write_text("[links.archive]\nenabled = false\n", encoding="utf-8")  # not reached
    result = run_cli(
        "--config",
        str(config),
        "--no-cache",
        "--no-progress",
        "--retries",
        "0",
        "--allow-network",
        "127.0.0.0/8",
        "--format",
        "json",
        *args,
        cwd=repo,
    )
    assert result.exit_code in (0, 1), result.stderr
    if expect is not None:
        assert result.exit_code == expect, result.stdout
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def requested(server: TestServer) -> set[str]:
    return set(server.paths())


def found(data: dict[str, Any], rule: str) -> list[tuple[str, int]]:
    return [(f["path"], f["line"]) for f in data["findings"] if f["rule"] == rule]


def filler(count: int) -> list[str]:
    return [f"Plain paragraph number {n} with nothing to check in it." for n in range(count)]


# -- the main case ----------------------------------------------------------------------------


@pytest.mark.network
def test_only_links_on_new_and_changed_lines_are_requested(run_cli, tmp_path: Path) -> None:
    with TestServer({"/new*": OK, "/changed": OK, "/old*": OK, "/gone": GONE}) as server:
        url = server.url
        repo = new_repo(tmp_path / "repo")
        before = [
            "# Project",
            "",
            "## Links",
            "",
            f"- [Old one]({url('/old1')})",
            f"- [Old two]({url('/old2')})",
            f"- [Dead but old]({url('/gone')})",
            f"- [To be edited]({url('/old-edited')})",
            "- [Nowhere](#no-such-heading)",
        ]
        write(repo / "README.md", *before)
        commit(repo, "first")
        after = [
            *before[:7],
            f"- [Edited]({url('/changed')})",  # the one modified line
            "- [Nowhere](#no-such-heading)",
            f"- [New one]({url('/new1')})",
            f"- [New two]({url('/new2')})",
            f"- [Dead and new]({url('/gone')})",  # also on an unchanged line
        ]
        write(repo / "README.md", *after)
        commit(repo, "second: three links added, one line changed")

        data = lint_json(run_cli, repo, "--changed-since", "HEAD~1", "README.md", expect=1)

        assert requested(server) == {"/changed", "/new1", "/new2", "/gone"}
    # the external finding only where the URL was added, not where it already was
    assert found(data, "broken-link") == [("README.md", 12)]
    # local checks still run on the whole document
    assert found(data, "broken-anchor") == [("README.md", 9)]
    links = {link["url"]: link for link in data["links"]}
    for path in ("/old1", "/old2"):
        assert links[url(path)]["state"] == "excluded"
        assert links[url(path)]["error"] == "unchanged since HEAD~1"
        assert links[url(path)]["http_status"] is None
    assert links[url("/gone")]["state"] == "broken"
    assert [loc["line"] for loc in links[url("/gone")]["locations"]] == [7, 12]
    assert links[url("/new1")]["state"] == "ok"
    assert data["summary"]["urls"] == 6


@pytest.mark.network
def test_without_the_option_everything_is_requested(run_cli, tmp_path: Path) -> None:
    with TestServer({"/a": OK, "/b": OK}) as server:
        repo = new_repo(tmp_path / "repo")
        write(repo / "README.md", f"[a]({server.url('/a')})", "", f"[b]({server.url('/b')})")
        commit(repo, "first")
        data = lint_json(run_cli, repo, "README.md", expect=0)
        assert requested(server) == {"/a", "/b"}
        assert data["summary"]["requests"] >= 2


@pytest.mark.network
def test_uncommitted_edits_count(run_cli, tmp_path: Path) -> None:
    with TestServer({"/*": OK}) as server:
        repo = new_repo(tmp_path / "repo")
        write(repo / "README.md", "# T", "", f"[kept]({server.url('/kept')})")
        commit(repo, "first")
        write(
            repo / "README.md",
            "# T",
            "",
            f"[kept]({server.url('/kept')})",
            f"[staged]({server.url('/staged')})",
        )
        git(repo, "add", "README.md")
        with (repo / "README.md").open("a", encoding="utf-8") as file:
            file.write(f"[unstaged]({server.url('/unstaged')})\n")

        lint_json(run_cli, repo, "--changed-since", "HEAD", "README.md", expect=0)

        assert requested(server) == {"/staged", "/unstaged"}


@pytest.mark.network
def test_nothing_changed_means_no_requests(run_cli, tmp_path: Path) -> None:
    with TestServer({"/*": OK}) as server:
        repo = new_repo(tmp_path / "repo")
        write(repo / "README.md", f"[a]({server.url('/a')})")
        commit(repo, "first")
        data = lint_json(run_cli, repo, "--changed-since", "HEAD", "README.md", expect=0)
        assert requested(server) == set()
    assert data["summary"]["requests"] == 0
    assert [link["state"] for link in data["links"]] == ["excluded"]


@pytest.mark.network
def test_untracked_file_counts_fully_and_ignored_file_not(run_cli, tmp_path: Path) -> None:
    with TestServer({"/*": OK}) as server:
        repo = new_repo(tmp_path / "repo")
        write(repo / ".gitignore", "build/")
        write(repo / "README.md", f"[old]({server.url('/old')})")
        commit(repo, "first")
        write(repo / "docs" / "guide.md", "# Guide", "", f"[one]({server.url('/u1')})")
        write(repo / "docs" / "extra.md", f"<{server.url('/u2')}>", f"[three]({server.url('/u3')})")
        write(repo / "build" / "out.md", f"[generated]({server.url('/ignored')})")

        lint_json(
            run_cli, repo, "--changed-since", "HEAD", "README.md", "docs", "build/out.md", expect=0
        )

        assert requested(server) == {"/u1", "/u2", "/u3"}


@pytest.mark.network
def test_file_added_in_a_commit_counts_fully(run_cli, tmp_path: Path) -> None:
    with TestServer({"/*": OK}) as server:
        repo = new_repo(tmp_path / "repo")
        write(repo / "README.md", f"[old]({server.url('/old')})")
        commit(repo, "first")
        write(repo / "NEW.md", f"[a]({server.url('/a')})", "", f"[b]({server.url('/b')})")
        commit(repo, "second")

        lint_json(run_cli, repo, "--changed-since", "HEAD~1", ".", expect=0)

        assert requested(server) == {"/a", "/b"}


@pytest.mark.network
def test_renamed_file_counts_only_its_changed_lines(run_cli, tmp_path: Path) -> None:
    with TestServer({"/*": OK}) as server:
        repo = new_repo(tmp_path / "repo")
        lines = [
            "# Notes",
            "",
            *filler(20),
            f"[first]({server.url('/first')})",
            "",
            f"[second]({server.url('/second')})",
        ]
        write(repo / "notes.md", *lines)
        commit(repo, "first")
        git(repo, "mv", "notes.md", "guide.md")
        lines[-1] = f"[second, moved]({server.url('/moved')})"
        write(repo / "guide.md", *lines)
        commit(repo, "rename and edit one line")
        assert "R" in git(repo, "diff", "--name-status", "--find-renames", "HEAD~1", "HEAD")

        data = lint_json(run_cli, repo, "--changed-since", "HEAD~1", "guide.md", expect=0)

        assert requested(server) == {"/moved"}
    states = {link["url"]: link["state"] for link in data["links"]}
    assert states[server.url("/first")] == "excluded"


@pytest.mark.network
def test_changed_reference_definition_counts_for_its_uses(run_cli, tmp_path: Path) -> None:
    with TestServer({"/*": OK, "/dead": GONE}) as server:
        repo = new_repo(tmp_path / "repo")
        write(repo / "README.md", "See [the docs][docs].", "", f"[docs]: {server.url('/docs')}")
        commit(repo, "first")
        write(repo / "README.md", "See [the docs][docs].", "", f"[docs]: {server.url('/dead')}")

        data = lint_json(run_cli, repo, "--changed-since", "HEAD", "README.md", expect=1)

        assert requested(server) == {"/dead"}
    assert found(data, "broken-link") == [("README.md", 1)]


@pytest.mark.network
def test_symlinked_folder_maps_to_the_repository(run_cli, tmp_path: Path) -> None:
    with TestServer({"/*": OK}) as server:
        repo = new_repo(tmp_path / "repo")
        write(repo / "README.md", f"[old]({server.url('/old')})")
        commit(repo, "first")
        write(repo / "README.md", f"[old]({server.url('/old')})", f"[new]({server.url('/new')})")
        link = tmp_path / "elsewhere"
        try:
            link.symlink_to(repo, target_is_directory=True)
        except OSError:
            pytest.skip("symbolic links are not available here")

        lint_json(run_cli, tmp_path, "--changed-since", "HEAD", "elsewhere/README.md", expect=0)

        assert requested(server) == {"/new"}


# -- errors -----------------------------------------------------------------------------------


def assert_usage_error(result: Any, message: str) -> None:
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"roadmap-lint: error: {message}")
    assert "Traceback" not in result.stderr


def test_not_a_git_repository(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    write(folder / "README.md", "# Plain")
    result = run_cli("--changed-since", "HEAD", "README.md", cwd=folder)
    assert_usage_error(result, "--changed-since: not a git repository")


@pytest.mark.parametrize("ref", ["no-such-branch", "HEAD~5", "--output=x", ""])
def test_unknown_ref(run_cli, tmp_path: Path, ref: str) -> None:
    repo = new_repo(tmp_path / "repo")
    write(repo / "README.md", "# T")
    commit(repo, "first")
    result = run_cli("--offline", "--changed-since", ref, "README.md", cwd=repo)
    assert_usage_error(result, f"--changed-since: unknown git ref {ref!r}")
    assert not (repo / "x").exists()


def test_git_not_installed(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = new_repo(tmp_path / "repo")
    write(repo / "README.md", "# T")
    commit(repo, "first")
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run_cli("--offline", "--changed-since", "HEAD", "README.md", cwd=repo)
    assert_usage_error(result, "--changed-since: git is not installed")


def test_git_calls_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float | None] = []
    real_run = subprocess.run

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("timeout"))
        return real_run(*args, **kwargs)

    repo = new_repo(tmp_path / "repo")
    readme = write(repo / "README.md", "# T")
    commit(repo, "first")
    monkeypatch.setattr(subprocess, "run", spy)
    changed_lines("HEAD", [readme])
    assert seen and all(timeout is not None and timeout > 0 for timeout in seen)


def test_library_answer(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    readme = write(repo / "README.md", "one", "two", "three", "four")
    other = write(repo / "OTHER.md", "same")
    commit(repo, "first")
    write(readme, "one", "TWO", "three", "four", "five")
    fresh = write(repo / "fresh.md", "new")
    answer = changed_lines("HEAD", [readme, other, fresh])
    assert answer[readme] == FileChanges(frozenset({2, 5}))
    assert answer[other] == FileChanges()
    assert answer[fresh] == EVERYTHING
    with pytest.raises(UsageError, match="unknown git ref"):
        changed_lines("nope", [readme])


# -- parsing ----------------------------------------------------------------------------------


def test_parse_patch() -> None:
    patch = b"\n".join(
        [
            b"diff --git a/README.md b/README.md",
            b"--- a/README.md",
            b"+++ b/README.md",
            b"@@ -3 +3 @@ context",
            b"-old",
            b"+new",
            b"@@ -10,0 +11,2 @@",
            b"+added",
            b"+added",
            b"@@ -20,2 +21,0 @@",
            b"-gone",
            b"-gone",
            b'diff --git "a/caf\\303\\251 \\"x\\".md" "b/caf\\303\\251 \\"x\\".md"',
            b'--- "a/caf\\303\\251 \\"x\\".md"',
            b'+++ "b/caf\\303\\251 \\"x\\".md"',
            b"@@ -1,0 +1 @@",
            b"+x",
            b"diff --git a/with space.md b/with space.md",
            b"--- a/with space.md\t",
            b"+++ b/with space.md\t",
            b"@@ -0,0 +1,3 @@",
            b"diff --git a/deleted.md b/deleted.md",
            b"--- a/deleted.md",
            b"+++ /dev/null",
            b"@@ -1,3 +0,0 @@",
        ]
    )
    assert parse_patch(patch) == {
        "README.md": {3, 11, 12},
        'café "x".md': {1},
        "with space.md": {1, 2, 3},
    }


def test_online_part_of_insecure_url_only_on_changed_lines() -> None:
    from roadmap_lint.model import Finding, LinkResult, LinkState, Location, Severity, Verdict
    from roadmap_lint.pipeline.changes import Scope
    from roadmap_lint.rules.base import RunVerdicts
    from roadmap_lint.rules.content import insecure_url

    url = "http://www.example.net/page"

    def offline(line: int) -> Finding:
        return Finding(
            "insecure-url", Severity.WARNING, "README.md", line, 1, "not encrypted", target=url
        )

    http = LinkResult(url, Verdict(LinkState.OK, http_status=200), [Location("README.md", 1, 1)])
    https = LinkResult("https://" + url[7:], Verdict(LinkState.OK, http_status=200))
    scope = Scope("HEAD", {"README.md": FileChanges(frozenset({2}))})
    by_url = {http.url: http, https.url: https}

    def covers(finding: Finding) -> bool:
        return scope.covers(finding.path, finding.line)

    found = [offline(1), offline(2)]
    verdicts = RunVerdicts(by_url, covers)
    unchanged, changed = insecure_url.settle(found, verdicts, named=True)
    assert unchanged == offline(1)
    assert changed.fix and "serves the same page" in changed.message
    # By default only what was verified is kept: the line the pull request changed.
    [verified] = insecure_url.settle(found, verdicts, named=False)
    assert verified.line == 2
