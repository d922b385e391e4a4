"""Running git for the pipeline (`--changed-since`, `git blame` dates): never waiting on a
lock or a prompt, paths taken literally and written out unquoted."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path


def run_git(
    arguments: Sequence[str], cwd: Path, timeout: float
) -> subprocess.CompletedProcess[bytes]:
    """git with `arguments` in `cwd`, its output captured; raises as `subprocess.run` does
    (OSError when git cannot be run, TimeoutExpired), whatever git's exit status."""
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}
    return subprocess.run(
        ["git", "--literal-pathspecs", "-c", "core.quotepath=off", *arguments],
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
