"""What the table-of-contents rules share: entries matched to the headings they name."""

from __future__ import annotations

from dataclasses import dataclass

from ..anchors import AnchorIndex
from ..model import Heading, Toc, TocEntry
from .context import LintContext


@dataclass(frozen=True)
class ResolvedEntry:
    entry: TocEntry
    heading: Heading | None  # through the link, or through the broken link's clear suggestion
    exact: bool  # the link itself resolves (rather than only its suggestion)


def resolve_entries(context: LintContext) -> tuple[Toc, list[ResolvedEntry]] | None:
    """The TOC and its linked entries, computed once per document for all TOC rules."""
    toc = context.document.toc
    if toc is None:
        return None
    resolved = context.memo.get("toc-entries")
    if resolved is None:
        resolved = [_resolve(entry, context.anchors) for entry in toc.flat() if entry.target]
        context.memo["toc-entries"] = resolved
    return toc, resolved


def _resolve(entry: TocEntry, anchors: AnchorIndex) -> ResolvedEntry:
    fragment = (entry.target or "#")[1:]
    heading = anchors.heading_for(fragment)
    if heading is not None:
        return ResolvedEntry(entry, heading, exact=True)
    suggestion = anchors.suggest(fragment)
    return ResolvedEntry(
        entry, anchors.heading_for(suggestion) if suggestion else None, exact=False
    )
