"""Each file's local results, reused from the cache file while everything they depend on holds.

A result is reused only when a fresh computation would give the same findings; every test
below changes one input and checks that the file is parsed again and the findings follow.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx

from roadmap_lint.config.settings import Config
from roadmap_lint.markdown import parser as parsing
from roadmap_lint.model import Report
from roadmap_lint.net.settings import ArchiveSettings, NetSettings
from roadmap_lint.pipeline import fix_paths, lint_paths
from roadmap_lint.store import file_results

GUIDE = "# Guide\n\n## Setup\n\n## Usage\n"
README = (
    "# Roadmap\n\n"
    "- [Setup](guide.md#setup)\n"
    "- [Missing section](#nowhere)\n"
    "- [Picture](images/logo.png)\n"
)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The display paths of the files parsed, in order."""
    seen: list[str] = []
    original = parsing.parse_document

    def counting(text: str, path: str = "<text>"):  # type: ignore[no-untyped-def]
        seen.append(path)
        return original(text, path)

    monkeypatch.setattr(parsing, "parse_document", counting)
    return seen


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / ".git").mkdir()
    (tmp_path / "guide.md").write_text(GUIDE, encoding="utf-8")
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    yield tmp_path


def config(project: Path, **changes: object) -> Config:
    settings: dict[str, object] = {
        "cache_path": project / "cache" / "links.sqlite3",
        "net": NetSettings(archive=ArchiveSettings(enabled=False)),  # not the real archive
    }
    settings.update(changes)
    return Config(**settings)  # type: ignore[arg-type]


def lint(project: Path, **changes: object) -> Report:
    return lint_paths([str(project / "README.md")], config(project, **changes))


def findings(report: Report) -> list[tuple[str, int, str]]:
    return [(f.rule, f.line, f.message) for f in report.findings]


def test_an_unchanged_file_is_not_parsed_again(project: Path, parses: list[str]) -> None:
    first = lint(project)
    assert parses.count(str(project / "README.md")) == 1
    parses.clear()
    second = lint(project)
    assert parses == []
    assert findings(second) == findings(first)
    assert {f.rule for f in first.findings} == {"broken-anchor", "missing-file"}
    assert second.summary.links == first.summary.links == 3


def test_changed_text_is_parsed_again(project: Path, parses: list[str]) -> None:
    lint(project)
    readme = project / "README.md"
    readme.write_text(README.replace("#nowhere", "#roadmap"), encoding="utf-8")
    parses.clear()
    report = lint(project)
    assert parses == [str(readme), str(project / "guide.md")]  # the guide for its anchors
    assert [f.rule for f in report.findings] == ["missing-file"]


def test_a_changed_linked_file_counts(project: Path, parses: list[str]) -> None:
    assert "broken-anchor" not in [f.message for f in lint(project).findings if f.line == 3]
    (project / "guide.md").write_text("# Guide\n\n## Installation\n", encoding="utf-8")
    parses.clear()
    report = lint(project)
    assert str(project / "README.md") in parses
    assert any(f.rule == "broken-anchor" and f.line == 3 for f in report.findings)


def test_a_linked_file_appearing_or_going_counts(project: Path, parses: list[str]) -> None:
    assert any(f.rule == "missing-file" for f in lint(project).findings)
    (project / "images").mkdir()
    (project / "images" / "logo.png").write_bytes(b"\x89PNG")
    assert not any(f.rule == "missing-file" for f in lint(project).findings)
    (project / "guide.md").unlink()
    report = lint(project)
    assert [(f.rule, f.line) for f in report.findings if f.rule == "missing-file"] == [
        ("missing-file", 3)
    ]


def test_a_case_only_rename_counts(project: Path) -> None:
    (project / "images").mkdir()
    (project / "images" / "logo.png").write_bytes(b"\x89PNG")
    assert not any(f.rule == "missing-file" for f in lint(project).findings)
    (project / "images" / "logo.png").rename(project / "images" / "Logo.png")
    assert any(f.rule == "missing-file" for f in lint(project).findings)


def test_other_rule_settings_have_their_own_results(project: Path, parses: list[str]) -> None:
    assert {f.rule for f in lint(project).findings} == {"broken-anchor", "missing-file"}
    only_anchors = lint(project, select=frozenset({"broken-anchor"}))
    assert {f.rule for f in only_anchors.findings} == {"broken-anchor"}
    parses.clear()
    lint(project)  # the first settings' result is still there
    lint(project, select=frozenset({"broken-anchor"}))
    assert parses == []


def test_rule_options_count(project: Path, parses: list[str]) -> None:
    readme = project / "README.md"
    readme.write_text("# R\n\n- [A](http://plain.roadmap-docs.net/x)\n", encoding="utf-8")
    with respx.mock(assert_all_called=False) as router:
        router.get("http://plain.roadmap-docs.net/x").respond(
            301, headers={"Location": "https://plain.roadmap-docs.net/x"}
        )
        router.get("https://plain.roadmap-docs.net/x").respond(200)
        assert any(f.rule == "insecure-url" for f in lint(project).findings)
        allowed = lint(
            project, rule_options={"insecure-url": {"allow-hosts": ["plain.roadmap-docs.net"]}}
        )
    assert not any(f.rule == "insecure-url" for f in allowed.findings)


def test_other_code_is_not_trusted(
    project: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lint(project)
    monkeypatch.setattr(file_results, "code_fingerprint", lambda: "another version")
    parses.clear()
    lint(project)
    assert str(project / "README.md") in parses


def test_the_code_fingerprint_is_stable() -> None:
    assert (
        file_results.code_fingerprint.__wrapped__() == file_results.code_fingerprint.__wrapped__()
    )  # type: ignore[attr-defined]


def test_inline_control_still_applies(project: Path, parses: list[str]) -> None:
    readme = project / "README.md"
    readme.write_text(
        "# R\n\n<!-- roadmap-lint-disable-next-line broken-anchor -->\n- [A](#gone)\n"
        "- [B](#also-gone)\n<!-- roadmap-lint-disable no-such-rule -->\n",
        encoding="utf-8",
    )
    warnings: list[str] = []
    for _ in range(2):
        report = lint_paths([str(readme)], config(project), warn=warnings.append)
        assert [(f.rule, f.line) for f in report.findings] == [("broken-anchor", 5)]
    assert parses.count(str(readme)) == 1
    assert len(warnings) == 2 and all("no-such-rule" in w for w in warnings)


def test_external_links_are_checked_on_every_run(project: Path, parses: list[str]) -> None:
    """Verdicts come from their own cache (dead links are never kept); the links from the file's
    kept result."""
    readme = project / "README.md"
    readme.write_text(
        "# R\n\n- [Live](https://live.roadmap-docs.net/)\n- [Dead](https://dead.roadmap-docs.net/)\n",
        encoding="utf-8",
    )
    with respx.mock(assert_all_called=False) as router:
        live = router.get("https://live.roadmap-docs.net/").respond(200)
        dead = router.get("https://dead.roadmap-docs.net/").respond(404)
        first = lint(project)
        second = lint(project)
    assert parses.count(str(readme)) == 1
    assert live.call_count == 1  # the second run took the cached verdict
    assert dead.call_count == 2  # a broken link is always looked at again
    for report in (first, second):
        assert [(f.rule, f.line) for f in report.findings] == [("broken-link", 4)]
        assert {r.url: r.state.value for r in report.links} == {
            "https://live.roadmap-docs.net/": "ok",
            "https://dead.roadmap-docs.net/": "broken",
        }


def test_not_used_offline_without_cache_or_for_changed_lines(
    project: Path, parses: list[str]
) -> None:
    lint(project, offline=True)
    lint(project, offline=True)
    assert not (project / "cache").exists()
    lint(project, cache=False)
    lint(project, cache=False)
    assert parses.count(str(project / "README.md")) == 4
    assert not (project / "cache").exists()


def test_not_used_by_fix(project: Path, parses: list[str]) -> None:
    lint(project)
    parses.clear()
    outcome = fix_paths([str(project / "README.md")], config(project), write=False)
    assert str(project / "README.md") in parses
    assert outcome.report.findings


def test_a_damaged_entry_is_computed_afresh(project: Path, parses: list[str]) -> None:
    first = lint(project)
    with sqlite3.connect(project / "cache" / "links.sqlite3") as db:
        assert db.execute("UPDATE files SET result = '{\"findings\": 7}'").rowcount == 1
    parses.clear()
    assert findings(lint(project)) == findings(first)
    assert parses == [str(project / "README.md"), str(project / "guide.md")]
    parses.clear()
    lint(project)
    assert parses == []  # stored again


def test_an_older_cache_file_is_rebuilt_quietly(project: Path) -> None:
    path = project / "cache" / "links.sqlite3"
    path.parent.mkdir()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE verdicts (url TEXT PRIMARY KEY)")
        db.execute(f"PRAGMA application_id = {0x524C4E54}")
        db.execute("PRAGMA user_version = 1")
    warnings: list[str] = []
    lint_paths([str(project / "README.md")], config(project), warn=warnings.append)
    assert warnings == []
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"verdicts", "files"} <= tables


def test_network_errors_do_not_touch_kept_results(project: Path, parses: list[str]) -> None:
    readme = project / "README.md"
    readme.write_text("# R\n\n- [A](https://down.roadmap-docs.net/)\n", encoding="utf-8")
    with respx.mock(assert_all_called=False) as router:
        router.head("https://down.roadmap-docs.net/").mock(
            side_effect=httpx.ConnectError("refused")
        )
        router.get("https://down.roadmap-docs.net/").mock(side_effect=httpx.ConnectError("refused"))
        for _ in range(2):
            report = lint(project)
            assert [f.rule for f in report.findings] == ["broken-link"]
    assert parses.count(str(readme)) == 1
