"""Inline control: comments in a document that switch rules off, ours and the ones people already have.

Understood, so that switching costs nothing:

- `roadmap-lint-disable`, `-enable`, `-disable-line`, `-disable-next-line`, `-disable-file`,
  each with an optional list of rule names, codes or code prefixes (none: every rule);
- markdown-link-check's `markdown-link-check-disable`, `-enable`, `-disable-line`,
  `-disable-next-line`, which apply to the link-checking rules;
- markdownlint's `markdownlint-disable`, `-enable`, `-disable-line`, `-disable-next-line`,
  `-disable-file`, `-enable-file` with MD codes or aliases, applied to the matching rules.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from roadmap_lint.config.selectors import names_rule

ALL = "*"
_DIRECTIVE = re.compile(
    r"^\s*(roadmap-lint|markdown-link-check|markdownlint)-"
    r"(disable-next-line|disable-line|disable-file|enable-file|disable|enable)\b(.*)$",
    re.DOTALL,
)
# Rules markdown-link-check's comments switch off: everything that checks a link target.
LINK_CHECK_RULES = (
    "broken-link",
    "broken-fragment",
    "redirected-link",
    "blocked-link",
    "missing-file",
    "broken-anchor",
    "anchor-case",
)
# markdownlint rules (code and alias) and the roadmap-lint rules that do the same job.
MARKDOWNLINT_RULES: dict[str, tuple[str, ...]] = {
    "md001": ("heading-level-skip",),
    "heading-increment": ("heading-level-skip",),
    "md034": ("bare-url",),
    "no-bare-urls": ("bare-url",),
    "md042": ("empty-link-text",),
    "no-empty-links": ("empty-link-text",),
    "md045": ("image-alt-missing",),
    "no-alt-text": ("image-alt-missing",),
    "md051": ("broken-anchor", "anchor-case"),
    "link-fragments": ("broken-anchor", "anchor-case"),
    "md059": ("non-descriptive-link-text",),
    "descriptive-link-text": ("non-descriptive-link-text",),
}
_ALL_MARKDOWNLINT = tuple(sorted({rule for rules in MARKDOWNLINT_RULES.values() for rule in rules}))


def is_directive(comment: str) -> bool:
    """Whether the text of an HTML comment is an inline-control comment."""
    return _DIRECTIVE.match(comment) is not None


def _matches(selector: str, name: str, code: str) -> bool:
    return selector == ALL or names_rule(selector, name, code)


@dataclass
class Suppressions:
    """Which rules are switched off on which lines of one file."""

    # Sorted change points: from `line` on, `disabled` holds (until the next change point).
    _starts: list[int] = field(default_factory=lambda: [1])
    _disabled: list[frozenset[str]] = field(default_factory=lambda: [frozenset()])
    _single_lines: dict[int, set[str]] = field(default_factory=dict)
    _file: set[str] = field(default_factory=set)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the file switches nothing off."""
        return not self._file and not self._single_lines and not any(self._disabled)

    def suppressed(self, name: str, code: str, line: int) -> bool:
        if self.empty:
            return False
        selectors = set(self._file) | self._single_lines.get(line, set())
        selectors |= self._disabled[bisect.bisect_right(self._starts, line) - 1]
        return any(_matches(selector, name, code) for selector in selectors)

    def _change(self, line: int, disabled: frozenset[str]) -> None:
        if self._starts[-1] == line:
            self._disabled[-1] = disabled
        else:
            self._starts.append(line)
            self._disabled.append(disabled)

    @classmethod
    def from_comments(
        cls, comments: Iterable[tuple[int, str]], known: Iterable[tuple[str, str]]
    ) -> Suppressions:
        known_rules = list(known)
        suppressions = cls()
        current: frozenset[str] = frozenset()
        for line, text in sorted(comments, key=lambda item: item[0]):
            match = _DIRECTIVE.match(text)
            if match is None:
                continue
            tool, action, argument = match.groups()
            selectors = suppressions._selectors(tool, argument, line, known_rules)
            if action == "disable":
                current = current | selectors
                suppressions._change(line, current)
            elif action == "enable":
                current = frozenset() if ALL in selectors else current - selectors
                suppressions._change(line, current)
            elif action == "disable-line":
                suppressions._single_lines.setdefault(line, set()).update(selectors)
            elif action == "disable-next-line":
                suppressions._single_lines.setdefault(line + 1, set()).update(selectors)
            elif action == "disable-file":
                suppressions._file.update(selectors)
            elif action == "enable-file":
                suppressions._file.difference_update(selectors)
        return suppressions

    def _selectors(
        self, tool: str, argument: str, line: int, known: list[tuple[str, str]]
    ) -> frozenset[str]:
        words = [w for w in re.split(r"[\s,]+", argument.strip()) if w]
        if tool == "markdown-link-check":
            return frozenset(LINK_CHECK_RULES)
        if tool == "markdownlint":
            if not words:
                return frozenset(_ALL_MARKDOWNLINT)
            mapped: set[str] = set()
            for word in words:
                mapped.update(MARKDOWNLINT_RULES.get(word.lower(), ()))
            return frozenset(mapped)
        if not words:
            return frozenset({ALL})
        selectors = set()
        for word in words:
            if any(_matches(word, name, code) for name, code in known):
                selectors.add(word)
            else:
                self.warnings.append((line, f"unknown rule {word!r} in a roadmap-lint comment"))
        return frozenset(selectors)
