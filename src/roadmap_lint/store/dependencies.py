"""What a file's local findings depend on outside the file, and whether that still holds.

A link to `guide.md#setup` makes the findings of a file depend on whether `guide.md` exists
(spelled exactly so, as github.com is case-sensitive) and on the text of `guide.md`, whose
headings the anchor is looked up in. Rules record each such fact as they consult the disk;
a result kept from an earlier run is reused only while every fact it recorded still holds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

EXISTS = "exists"
TEXT = "text"


@dataclass(frozen=True)
class Dependency:
    kind: str  # EXISTS: `path` exists exactly as spelled (below `root`); TEXT: its bytes' digest
    path: str
    expected: bool | str | None  # EXISTS: the answer; TEXT: the digest, None if unreadable
    root: str = ""


def exists_exactly(path: Path, root: Path, listings: dict[Path, frozenset[str]]) -> bool:
    """Whether the path exists with exactly this spelling below `root`.

    `listings` keeps the folder listings already read, for the next question.
    """
    try:
        if not path.exists():
            return False
    except (OSError, ValueError):  # a name too long for the file system, a NUL in it…
        return False
    for part in (path, *path.parents):
        parent = part.parent
        if parent == part or not part.is_relative_to(root) or part == root:
            break
        listing = listings.get(parent)
        if listing is None:
            try:
                listing = frozenset(entry.name for entry in parent.iterdir())
            except OSError:
                return True
            listings[parent] = listing
        if part.name not in listing:
            return False
    return True


def digest(path: Path) -> str | None:
    """A digest of the file's bytes; None when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def still_holds(dependencies: list[Dependency]) -> bool:
    listings: dict[Path, frozenset[str]] = {}
    for dependency in dependencies:
        path = Path(dependency.path)
        if dependency.kind == EXISTS:
            found: bool | str | None = exists_exactly(path, Path(dependency.root), listings)
        elif dependency.kind == TEXT:
            found = digest(path)
        else:
            return False
        if found != dependency.expected:
            return False
    return True
