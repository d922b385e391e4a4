"""What the benchmark scripts share."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def default_roadmap_lint() -> list[str]:
    """The roadmap-lint beside this Python, else the one on PATH, else `python -m`."""
    sibling = Path(sys.executable).parent / "roadmap-lint"
    if sibling.exists():
        return [str(sibling)]
    found = shutil.which("roadmap-lint")
    if found:
        return [found]
    return [sys.executable, "-m", "roadmap_lint"]
