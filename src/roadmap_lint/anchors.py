"""Resolving `#fragment`s against a document the way github.com does."""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from .document import Document
from .model import Heading

_VARIATION_SELECTOR = "\ufe0f"
_LINE_ANCHOR = re.compile(r"L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?")
_USER_CONTENT = "user-content-"
# How similar a suggestion must be, and by how much it must beat the runner-up.
_SUGGESTION_CUTOFF = 0.6
_SUGGESTION_MARGIN = 0.08


class Resolution(enum.Enum):
    FOUND = "found"
    CASE_ONLY = "case-only"  # github.com accepts it, but the case differs
    MISSING = "missing"


def decode_fragment(fragment: str) -> str:
    return unquote(fragment, errors="replace")


@dataclass
class AnchorIndex:
    """Every id a rendered document has: heading slugs and explicit HTML anchors."""

    exact: dict[str, Heading | None] = field(default_factory=dict)
    folded: dict[str, str] = field(default_factory=dict)  # casefolded → an exact id

    @classmethod
    def of(cls, document: Document) -> AnchorIndex:
        index = cls()
        for heading in document.headings:
            index._add(heading.slug, heading)
            if _VARIATION_SELECTOR in heading.slug:
                # Links to such headings are written both with and without the selector.
                index._add(heading.slug.replace(_VARIATION_SELECTOR, ""), heading)
        for anchor in document.anchors:
            index._add(anchor.name, None)
        return index

    def _add(self, name: str, heading: Heading | None) -> None:
        if name not in self.exact or self.exact[name] is None:
            self.exact[name] = heading
        self.folded.setdefault(name.casefold(), name)

    def _canonical(self, fragment: str) -> str:
        name = decode_fragment(fragment)
        if name.lower().startswith(_USER_CONTENT) and name[len(_USER_CONTENT) :] in self.exact:
            return name[len(_USER_CONTENT) :]
        return name

    def resolve(self, fragment: str) -> Resolution:
        name = self._canonical(fragment)
        if name in self.exact or name.lower() in ("", "top") or _LINE_ANCHOR.fullmatch(name):
            return Resolution.FOUND
        stripped = name[len(_USER_CONTENT) :] if name.lower().startswith(_USER_CONTENT) else name
        if stripped.casefold() in self.folded or name.casefold() in self.folded:
            return Resolution.CASE_ONLY
        return Resolution.MISSING

    def heading_for(self, fragment: str) -> Heading | None:
        """The heading a fragment lands on, also through the case-insensitive fallback."""
        name = self._canonical(fragment)
        if name in self.exact:
            return self.exact[name]
        exact = self.folded.get(name.casefold())
        return self.exact.get(exact) if exact else None

    def case_match(self, fragment: str) -> str | None:
        return self.folded.get(self._canonical(fragment).casefold())

    def suggest(self, fragment: str) -> str | None:
        """The one existing anchor clearly closest to a missing fragment, if there is one."""
        wanted = decode_fragment(fragment).casefold()
        if not wanted:
            return None
        scored: list[tuple[float, str]] = []
        for name in self.exact:
            matcher = difflib.SequenceMatcher(None, wanted, name.casefold(), autojunk=False)
            if matcher.real_quick_ratio() < _SUGGESTION_CUTOFF or matcher.quick_ratio() < _SUGGESTION_CUTOFF:
                continue
            scored.append((matcher.ratio(), name))
        if not scored:
            return None
        scored.sort(reverse=True)
        best_score, best = scored[0]
        if best_score < _SUGGESTION_CUTOFF:
            return None
        runners_up = [score for score, name in scored[1:] if self.exact.get(name) is not self.exact.get(best) or self.exact.get(name) is None]
        if runners_up and best_score - runners_up[0] < _SUGGESTION_MARGIN:
            return None
        return best
