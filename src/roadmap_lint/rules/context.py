"""What a rule sees: the parsed document and how to reach the files around it."""

from __future__ import annotations

import os.path
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap_lint.markdown.anchors import AnchorIndex
from roadmap_lint.markdown.document import Document
from roadmap_lint.markdown.links import is_fragment, is_local, split_local
from roadmap_lint.model import Link
from roadmap_lint.pipeline.sources import MARKDOWN_SUFFIXES
from roadmap_lint.store.dependencies import EXISTS, TEXT, Dependency, digest, exists_exactly


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
    load_document: Callable[[Path], Document | None]
    rule_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # by rule name
    named: frozenset[str] = frozenset()  # rules asked for by name (see Config.named)
    anchors: AnchorIndex = field(init=False)
    _listings: dict[Path, frozenset[str]] = field(init=False, default_factory=dict)
    _targets: list[LocalTarget] | None = field(init=False, default=None)
    memo: dict[str, Any] = field(init=False, default_factory=dict)  # results rules share
    # What the findings depend on outside the document, recorded as the disk is consulted.
    dependencies: dict[tuple[str, str], Dependency] = field(init=False, default_factory=dict)

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
            if not target.path.name.lower().endswith(MARKDOWN_SUFFIXES):
                continue
            document = self.load_document(target.path)
            if (TEXT, str(target.path)) not in self.dependencies:
                self.dependencies[TEXT, str(target.path)] = Dependency(
                    TEXT, str(target.path), digest(target.path)
                )
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
            exists = not outside and exists_exactly(resolved, root, self._listings)
            if not outside:
                self.dependencies[EXISTS, str(resolved)] = Dependency(
                    EXISTS, str(resolved), exists, str(root)
                )
            targets.append(LocalTarget(link, resolved, fragment, exists, outside))
        return targets


def _normalise(path: Path) -> str:
    return os.path.normpath(path.absolute())
