"""Network options on the command line: parsing, validation and the offline guarantee."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from roadmap_lint.config.settings import parse_duration
from roadmap_lint.errors import UsageError

from .conftest import run_module

DOC = "# Links\n\n[site](https://example.org/a) [mail](mailto:someone@example.org) [phone](tel:+123)\n"


@pytest.fixture
def readme(tmp_path: Path) -> Path:
    path = tmp_path / "README.md"
    path.write_text(DOC, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("90", 90),
        ("90s", 90),
        ("30m", 1800),
        ("12h", 43200),
        ("1d", 86400),
        ("2w", 1209600),
        ("1.5h", 5400),
    ],
)
def test_durations(value: str, seconds: float) -> None:
    assert parse_duration(value, "--max-cache-age") == seconds


def test_bad_duration() -> None:
    with pytest.raises(UsageError, match="not a duration"):
        parse_duration("soon", "--max-cache-age")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--allow-network", "10.0.0.0/33"], "--allow-network"),
        (["--exclude", "(unclosed"], "--exclude: bad regular expression"),
        (["--max-cache-age", "forever"], "--max-cache-age"),
        (["--max-per-host", "0"], "--max-per-host"),
        (["--timeout", "-1"], "--timeout"),
    ],
)
def test_bad_network_options_exit_2(run_cli, readme: Path, args: list[str], message: str) -> None:
    result = run_cli(*args, "--no-cache", str(readme), cwd=readme.parent)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_offline_marks_external_links_excluded(run_cli, readme: Path) -> None:
    result = run_cli("--offline", "--format", "json", str(readme), cwd=readme.parent)
    assert result.exit_code == 0
    states = {
        link["url"]: (link["state"], link["error"]) for link in json.loads(result.stdout)["links"]
    }
    assert states["https://example.org/a"] == ("excluded", "offline")
    assert json.loads(result.stdout)["summary"]["requests"] == 0


def test_exclude_and_schemes_without_requests(run_cli, readme: Path, tmp_path: Path) -> None:
    result = run_cli(
        "--exclude",
        r"example\.org",
        "--cache-path",
        str(tmp_path / "c.sqlite3"),
        "--format",
        "json",
        str(readme),
        cwd=readme.parent,
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    states = {link["url"]: link["state"] for link in data["links"]}
    assert states == {
        "https://example.org/a": "excluded",
        "mailto:someone@example.org": "excluded",
        "tel:+123": "excluded",
    }
    assert data["summary"]["requests"] == 0


def test_invalid_mailto_is_broken_without_network(run_cli, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("[mail](mailto:not-an-address)\n", encoding="utf-8")
    result = run_cli("--no-cache", str(readme), cwd=tmp_path)
    assert result.exit_code == 1
    assert "broken-link" in result.stdout and "invalid e-mail address" in result.stdout


def test_offline_run_never_imports_the_http_stack(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(DOC, encoding="utf-8")
    probe = (
        "import sys, runpy; sys.argv = ['roadmap-lint', '--offline', 'README.md'];\n"
        "try:\n    runpy.run_module('roadmap_lint', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'httpcore', 'anyio')), file=sys.stderr)"
    )
    import subprocess

    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.stderr.strip().splitlines()[-1] == "[]"
    version = subprocess.run(
        [sys.executable, "-c", probe.replace("'--offline', 'README.md'", "'--version'")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert version.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.slow
def test_report_on_stdout_warnings_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "# T\n\n[x](https://nonexistent.invalid/page)\n", encoding="utf-8"
    )
    result = run_module("--no-cache", "--format", "json", "README.md", cwd=tmp_path)
    json.loads(result.stdout)  # nothing but the report on stdout
    assert "\r" not in result.stderr  # no progress bar when stderr is not a terminal
