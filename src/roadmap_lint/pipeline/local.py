"""The local stage: each file parsed and checked by the local rules, or its result reused.

A file whose result from an earlier run still holds (same text, same rule settings, same
code, same linked files: see `store.file_results`) is not parsed again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_lint.config.inline import is_directive
from roadmap_lint.config.settings import Config
from roadmap_lint.markdown import parse
from roadmap_lint.markdown.document import Document
from roadmap_lint.markdown.links import has_scheme
from roadmap_lint.model import Finding, Section
from roadmap_lint.pipeline.sources import SourceFile
from roadmap_lint.pipeline.workspace import Documents, FileWorkspace, find_repository_root
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.context import LintContext, NoFiles, Workspace
from roadmap_lint.store.file_results import ExternalLink, FileResult, FileResults


@dataclass(frozen=True)
class LintedFile:
    source: SourceFile
    result: FileResult
    repository: Path | None = None  # the repository root above the file, if any

    @property
    def display(self) -> str:
        return self.source.display


@dataclass
class LocalStage:
    files: list[LintedFile] = field(default_factory=list)
    parsed: dict[str, Document] = field(default_factory=dict)  # display → parsed in this run


def run_local(
    files: list[SourceFile], config: Config, rules: list[Rule], stored: FileResults | None
) -> LocalStage:
    """Each file's local result, reused from `stored` or computed, in the order given."""
    documents = Documents()
    stage = LocalStage()
    named = frozenset(rule.name for rule in rules if config.named(rule.name, rule.code))
    for source in files:
        resolved = source.path.resolve() if source.path is not None else None
        root = find_repository_root(resolved.parent) if resolved is not None else None
        key = (
            stored.key(resolved, source.display, root, source.text)
            if stored is not None and resolved is not None
            else None
        )
        result = stored.get(key, source.display) if stored is not None and key else None
        if result is None:
            with _collector_paused():
                document = parse(source.text, source.display)
                if source.path is not None:
                    documents.add(source.path, document)
                stage.parsed[source.display] = document
                workspace = FileWorkspace(documents) if resolved is not None else None
                context = LintContext(
                    document,
                    source.display,
                    resolved,
                    root,
                    workspace or NoFiles(),
                    config.rule_options,
                    named,
                )
                result = _result(document, context, rules, workspace)
            if stored is not None and key is not None:
                stored.put(key, result)
        stage.files.append(LintedFile(source, result, root))
    return stage


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while one file is parsed and linted, and what
    that leaves alive kept out of its sight afterwards (`gc.freeze`).

    Parsing makes hundreds of thousands of tokens and model objects, nearly none of them in
    cycles. Each collection would walk them again for nothing, and the first one after the
    pause would walk all of them: together a seventh of the time on a large roadmap. The
    documents and findings live until the run ends anyway; the few cycles parsing may
    leave are freed with the process.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _result(
    document: Document, context: LintContext, rules: list[Rule], workspace: Workspace | None
) -> FileResult:
    findings: list[Finding] = []
    for rule in rules:
        if rule.check is not None:
            findings.extend(rule.check(context))
    return FileResult(
        findings=findings,
        links=len(document.links),
        external=external_links(document),
        sections=[Section(h.position.line, h.text) for h in document.headings],
        directives=[c for c in document.comments if is_directive(c[1])],
        dependencies=workspace.dependencies if isinstance(workspace, FileWorkspace) else [],
    )


def external_links(document: Document) -> list[ExternalLink]:
    """Every link that leaves the repository, in document order."""
    found = []
    for link in [*document.links, *document.unused_definitions]:
        url = link.url.strip()
        if has_scheme(url):  # and so not a local path
            found.append(ExternalLink(url, link.position.line, link.position.column))
    return found
