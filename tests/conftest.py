from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from roadmap_lint.cli import command

# Property tests (tests/properties/) try 30 examples each by default, so that the suite stays
# quick; `pytest --hypothesis-profile=thorough tests/properties` tries 2,000 (a few minutes).
settings.register_profile("quick", max_examples=30, deadline=2000)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile("quick")


@pytest.fixture(autouse=True)
def outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see a plain environment, even when the suite itself runs in GitHub Actions."""
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch):
    """Run the click command in-process; stdout and stderr are kept apart."""

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        return CliRunner().invoke(command, list(args), env=env, catch_exceptions=False)

    return run


def run_module(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m roadmap_lint` as a user would, in a separate process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "roadmap_lint", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
