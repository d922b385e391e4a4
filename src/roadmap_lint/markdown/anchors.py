"""Resolving `#fragment`s against a document the way github.com does."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from roadmap_lint.markdown.document import Document
from roadmap_lint.model import Heading

_VARIATION_SELECTOR = "\ufe0f"
_USER_CONTENT = "user-content-"
_README = "readme"  # the id of the element around a rendered README
# How similar a suggestion must be, and by how much it must beat the runner-up.
_SUGGESTION_CUTOFF = 0.6
_SUGGESTION_MARGIN = 0.08


_SHORTLIST = 12
_TAG = re.compile(r"<[^<>]*>")


class Resolution(enum.Enum):
    FOUND = "found"
    CASE_ONLY = "case-only"  # github.com accepts it, but the case differs
    MISSING = "missing"


def decode_fragment(fragment: str) -> str:
    return unquote(fragment, errors="replace")


def heading_anchors(document: Document) -> dict[str, Heading]:
    """Explicit anchors that stand for a heading, by name.

    An anchor inside the heading's line (`### <a id="cpp"></a>C++`), or alone on the lines
    just above it with only blank lines between (`<a name="python"></a>` then `## Python`).
    """
    by_line = {heading.position.line: heading for heading in document.headings}
    lines = document.text.split("\n")
    result: dict[str, Heading] = {}
    for anchor in document.anchors:
        line = anchor.position.line
        heading = by_line.get(line)
        if heading is None and _only_tags(lines[line - 1] if line <= len(lines) else "x"):
            line += 1
            while line not in by_line and line <= len(lines) and _only_tags(lines[line - 1]):
                line += 1
            heading = by_line.get(line)
        if heading is not None:
            result.setdefault(anchor.name, heading)
    return result


def _only_tags(line: str) -> bool:
    """A line with nothing but HTML tags and white space (a blank line included)."""
    return not _TAG.sub("", line).strip()


@dataclass
class AnchorIndex:
    """Every id a rendered document has: heading slugs and explicit HTML anchors.

    github.com renders each id as `user-content-<id>` and, when a page is opened with
    `#fragment`, looks for `user-content-<fragment>` (the prefix is not doubled when the
    fragment already carries it), then for the same name lower-cased. So a fragment whose
    case differs from a lower-case heading slug still lands, but a lower-case fragment never
    reaches a mixed-case explicit anchor such as `<a id="HREFandID">`. `#` and `#top` (in
    any case) scroll to the top of the page; `#readme` is the element around a README.
    A rendered Markdown file has no line anchors: `#L10` works only in the plain source
    view (`?plain=1`), so here it is a fragment like any other.
    """

    exact: dict[str, Heading | None] = field(default_factory=dict)
    _suggestions: dict[str, str | None] = field(default_factory=dict, repr=False)
    _names: list[str] = field(default_factory=list, repr=False)
    _folded: list[str] | None = field(default=None, repr=False)  # _names, case-folded

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

    @staticmethod
    def _canonical(fragment: str) -> str:
        """The id github.com looks for first, without its `user-content-` prefix."""
        name = decode_fragment(fragment)
        return name[len(_USER_CONTENT) :] if name.startswith(_USER_CONTENT) else name

    def _target(self, fragment: str) -> tuple[str, Resolution]:
        name = self._canonical(fragment)
        if name in self.exact:
            return name, Resolution.FOUND
        if name.lower() in self.exact:
            return name.lower(), Resolution.CASE_ONLY
        return name, Resolution.MISSING

    def resolve(self, fragment: str) -> Resolution:
        name = decode_fragment(fragment)
        if name == "" or name.lower() == "top" or name == _README:
            return Resolution.FOUND
        return self._target(fragment)[1]

    def heading_for(self, fragment: str) -> Heading | None:
        """The heading a fragment lands on, also through the lower-case fallback."""
        name, resolution = self._target(fragment)
        return None if resolution is Resolution.MISSING else self.exact[name]

    def target_name(self, fragment: str) -> str | None:
        """The id a fragment lands on (exactly or through the lower-case fallback), if any."""
        name, resolution = self._target(fragment)
        return None if resolution is Resolution.MISSING else name

    def case_match(self, fragment: str) -> str | None:
        """The id a fragment reaches only through github.com's lower-case fallback."""
        name, resolution = self._target(fragment)
        return name if resolution is Resolution.CASE_ONLY else None

    def suggest(self, fragment: str) -> str | None:
        """The one existing anchor clearly closest to a missing fragment, if there is one."""
        if fragment not in self._suggestions:
            self._suggestions[fragment] = self._closest(decode_fragment(fragment).casefold())
        return self._suggestions[fragment]

    def _closest(self, wanted: str) -> str | None:
        # Loaded only when an anchor is missing: most runs of the pre-commit hook find none.
        import difflib

        from rapidfuzz import fuzz, process

        if not wanted:
            return None
        if self._folded is None:
            self._names = list(self.exact)
            self._folded = [name.casefold() for name in self._names]
        # A shortlist from rapidfuzz, which scores every anchor in C: the dozen most similar
        # (its Indel similarity is never below difflib's ratio, so the cutoff drops nothing
        # that could win), ranked by difflib's ratio, which tells near-misses apart more
        # strictly.
        shortlist = process.extract(
            wanted,
            self._folded,
            scorer=fuzz.ratio,
            limit=_SHORTLIST,
            score_cutoff=100 * (_SUGGESTION_CUTOFF - _SUGGESTION_MARGIN),
        )
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(wanted)
        scored: list[tuple[float, str]] = []
        for choice, similarity, position in shortlist:
            if scored and similarity / 100 < max(scored)[0] - _SUGGESTION_MARGIN:
                break  # neither this one nor any after it can win or come close
            matcher.set_seq1(choice)
            scored.append((matcher.ratio(), self._names[position]))
        if not scored:
            return None
        scored.sort(reverse=True)
        best_score, best = scored[0]
        if best_score < _SUGGESTION_CUTOFF:
            return None
        runners_up = [
            score
            for score, name in scored[1:]
            if self.exact.get(name) is not self.exact.get(best) or self.exact.get(name) is None
        ]
        if runners_up and best_score - runners_up[0] < _SUGGESTION_MARGIN:
            return None
        return best
