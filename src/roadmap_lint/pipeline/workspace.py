"""The files around the linted ones: found, read and parsed once, every fact recorded.

A rule that follows a link to `guide.md#setup` asks the workspace whether `guide.md` exists
and for its parsed text. The workspace answers from the disk, keeps each parsed document for
the next file that links to it, and writes down what the answer depended on, so that a file
result kept from an earlier run is reused only while those facts still hold.
"""

from __future__ import annotations

from pathlib import Path

from roadmap_lint.errors import UsageError
from roadmap_lint.markdown import parse
from roadmap_lint.markdown.document import Document
from roadmap_lint.pipeline.sources import read
from roadmap_lint.store.dependencies import EXISTS, TEXT, Dependency, digest, exists_exactly


def find_repository_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds `.git`."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


class Documents:
    """Parsed documents by resolved path, so a file linked from many places is read once."""

    def __init__(self) -> None:
        self._documents: dict[Path, Document | None] = {}

    def add(self, path: Path, document: Document) -> None:
        self._documents[path.resolve()] = document

    def load(self, path: Path) -> Document | None:
        try:
            key = path.resolve()
        except (OSError, ValueError):
            return None
        if key not in self._documents:
            try:
                source = read(path, str(path))
            except (UsageError, OSError, ValueError):
                self._documents[key] = None
            else:
                self._documents[key] = parse(source.text, str(path))
        return self._documents[key]


class FileWorkspace:
    """One linted file's view of the disk (a rules.context.Workspace), recording its facts."""

    def __init__(self, documents: Documents) -> None:
        self._documents = documents
        self._listings: dict[Path, frozenset[str]] = {}
        self._facts: dict[tuple[str, str], Dependency] = {}

    def exists(self, path: Path, root: Path) -> bool:
        found = exists_exactly(path, root, self._listings)
        self._facts[EXISTS, str(path)] = Dependency(EXISTS, str(path), found, str(root))
        return found

    def document(self, path: Path) -> Document | None:
        if (TEXT, str(path)) not in self._facts:
            self._facts[TEXT, str(path)] = Dependency(TEXT, str(path), digest(path))
        return self._documents.load(path)

    @property
    def dependencies(self) -> list[Dependency]:
        return list(self._facts.values())
