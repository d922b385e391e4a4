"""What a rule sees: the parsed document, its settings, and the files around it.

Rules reach the disk only through a `Workspace`, which the pipeline provides: it knows
where files are, reads and parses the linked ones once, and records what the findings came
to depend on (so that a result kept from an earlier run is reused only while that holds).
"""

from __future__ import annotations

import os.path
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from roadmap_lint.markdown.anchors import AnchorIndex
from roadmap_lint.markdown.document import Document
from roadmap_lint.markdown.links import is_fragment, is_local, is_markdown_file, split_local
from roadmap_lint.model import Link


class Workspace(Protocol):
    """The files around a document, as the pipeline lets rules see them."""

    def exists(self, path: Path, root: Path) -> bool:
        """Whether the file exists, spelled exactly so (github.com is case-sensitive)."""
        ...

    def document(self, path: Path) -> Document | None:
        """The linked Markdown file, parsed; None when it cannot be read."""
        ...


class NoFiles:
    """The workspace of text that has no file: nothing around it exists."""

    def exists(self, path: Path, root: Path) -> bool:
        return False

    def document(self, path: Path) -> Document | None:
        return None


@dataclass(frozen=True)
class LocalTarget:
    link: Link
    path: Path
    fragment: str | None
    exists: bool
    outside_repository: bool


@dataclass(frozen=True)
class FragmentLink:
    """A link with a `#fragment`, and the anchors of the document it points into."""

    link: Link
    fragment: str
    anchors: AnchorIndex
    file: str | None  # the linked file as written; None for an in-document link

    def with_fragment(self, fragment: str) -> str:
        return f"{self.file or ''}#{fragment}"


@dataclass
class LintContext:
    document: Document
    display_path: str
    file_path: Path | None  # None for text that has no file
    repo_root: Path | None
    workspace: Workspace = field(default_factory=NoFiles)
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # by rule name
    named: frozenset[str] = frozenset()  # rules asked for by name (see Config.named)
    anchors: AnchorIndex = field(init=False)
    _targets: list[LocalTarget] | None = field(init=False, default=None)
    memo: dict[str, Any] = field(init=False, default_factory=dict)  # results rules share

    def __post_init__(self) -> None:
        self.anchors = AnchorIndex.of(self.document)

    def option(self, rule: str, key: str, default: Any) -> Any:
        """A rule's option as configured, else its default."""
        return self.rule_options.get(rule, {}).get(key, default)

    def fragment_links(self) -> Iterator[FragmentLink]:
        """In-document `#…` links, then links to `other.md#…` files that exist."""
        for link in self.document.links:
            if is_fragment(link.url):
                yield FragmentLink(link, link.url[1:], self.anchors, None)
        for target in self.local_targets():
            if not (target.exists and target.fragment is not None):
                continue
            if not is_markdown_file(target.path.name):
                continue
            document = self.workspace.document(target.path)
            if document is not None:
                file = target.link.url.split("#", 1)[0]
                yield FragmentLink(target.link, target.fragment, AnchorIndex.of(document), file)

    def local_targets(self) -> list[LocalTarget]:
        """Every link to a relative or `/`-rooted path, resolved on disk."""
        if self._targets is None:
            self._targets = self._resolve_local_targets()
        return self._targets

    def _resolve_local_targets(self) -> list[LocalTarget]:
        if self.file_path is None:
            return []
        base = self.file_path.parent
        root = self.repo_root or base
        targets: list[LocalTarget] = []
        for link in self.document.links:
            if not is_local(link.url):
                continue
            relative, fragment = split_local(link.url)
            if not relative:
                continue
            path = (root / relative.lstrip("/")) if relative.startswith("/") else (base / relative)
            resolved = Path(_normalise(path))
            outside = self.repo_root is not None and not resolved.is_relative_to(self.repo_root)
            exists = not outside and self.workspace.exists(resolved, root)
            targets.append(LocalTarget(link, resolved, fragment, exists, outside))
        return targets


def _normalise(path: Path) -> str:
    return os.path.normpath(path.absolute())
