"""What a rule sees: the parsed document, its settings, and the files around it.

Rules reach the disk only through a `Workspace`, which the pipeline provides: it knows
where files are, reads and parses the linked ones once, and records what the findings came
to depend on (so that a result kept from an earlier run is reused only while that holds).
"""

from __future__ import annotations

import os.path
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from roadmap_lint.markdown.anchors import AnchorIndex
from roadmap_lint.markdown.document import Document
from roadmap_lint.markdown.links import (
    MARKDOWN_SUFFIXES,
    is_fragment,
    is_local,
    is_markdown_file,
    split_local,
)
from roadmap_lint.model import Link

# The READMEs github.com renders for a folder, in the order they are looked for here:
# `README.md` (by far the most common), then its other Markdown suffixes, then the same
# names capitalised and in lower case. A README that is not Markdown (`README`,
# `README.rst`) has no heading anchors to check a fragment against.
FOLDER_READMES = tuple(
    stem + suffix for stem in ("README", "Readme", "readme") for suffix in MARKDOWN_SUFFIXES
)


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
    readme: str | None = None  # for a link to a folder, the name of the README shown there

    def with_fragment(self, fragment: str) -> str:
        return f"{self.file or ''}#{fragment}"

    @property
    def where(self) -> str:
        """` in other.md`, ` in docs/ (README.md)`, or nothing for an in-document link."""
        if self.file is None:
            return ""
        return f" in {self.file}" + (f" ({self.readme})" if self.readme else "")


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
        """In-document `#…` links, then links to `other.md#…` files and `folder/#…` folders
        (the README github.com shows there) that exist."""
        for link in self.document.links:
            if is_fragment(link.url):
                yield FragmentLink(link, link.url[1:], self.anchors, None)
        for target in self.local_targets():
            if not (target.exists and target.fragment is not None):
                continue
            path, readme = target.path, None
            if not is_markdown_file(path.name):
                readme = self._folder_readme(target)
                if readme is None:
                    continue
                path = path / readme
            document = self.workspace.document(path)
            if document is not None:
                file = target.link.url.split("#", 1)[0]
                anchors = AnchorIndex.of(document)
                yield FragmentLink(target.link, target.fragment, anchors, file, readme)

    def _folder_readme(self, target: LocalTarget) -> str | None:
        """The Markdown README github.com shows for a linked folder, None if there is none.

        Only links written as a folder (`docs/#x`, or `docs#x` without a file suffix) are
        looked into. Each name tried is recorded (through the workspace), so that a README
        added, removed or renamed later counts as a change.
        """
        written = split_local(target.link.url)[0]
        name = PurePosixPath(written).name
        if not (written.endswith("/") or name in ("", ".", "..") or "." not in name):
            return None
        root = self.repo_root or (self.file_path.parent if self.file_path else target.path)
        for readme in FOLDER_READMES:
            if self.workspace.exists(target.path / readme, root):
                return readme
        return None

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
