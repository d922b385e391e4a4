"""When each line of a file was committed, from `git blame`: the date a link was added.

Used to choose, of an archive's captures of a dead page, the one closest to when the link
was written. Asking is optional and never fails a run: a file outside a git work tree, an
untracked file, git missing or slow, all give no dates. Lines not committed yet have none.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from roadmap_lint.pipeline.git import run_git

BLAME_TIMEOUT = 30.0  # seconds for one file
_HEADER = re.compile(rb"^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$")
_UNCOMMITTED = b"0" * 40


def line_dates(path: Path) -> dict[int, float]:
    """Each committed line's committer time (epoch seconds; the author time when there is
    none), by 1-based line number of the file as it is in the work tree. {} when git cannot
    say."""
    try:
        folder = path.resolve().parent
    except OSError:
        return {}
    try:
        done = run_git(["blame", "--line-porcelain", "--", path.name], folder, BLAME_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return {}
    if done.returncode != 0:
        return {}
    return parse_line_porcelain(done.stdout)


def parse_line_porcelain(output: bytes) -> dict[int, float]:
    """The dates of `git blame --line-porcelain` output, by final line number."""
    dates: dict[int, float] = {}
    commit = b""
    line = 0
    fields: dict[bytes, bytes] = {}
    for raw in output.split(b"\n"):
        if raw.startswith(b"\t"):  # the line's own text ends its entry
            if commit and commit != _UNCOMMITTED:
                moment = fields.get(b"committer-time") or fields.get(b"author-time")
                if moment is not None and moment.isdigit():
                    dates[line] = float(moment)
            commit, fields = b"", {}
            continue
        header = _HEADER.match(raw)
        if header is not None and not commit:
            commit, line = header.group(1), int(header.group(2))
            continue
        name, _, value = raw.partition(b" ")
        fields[name] = value.strip()
    return dates
