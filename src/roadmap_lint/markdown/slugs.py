"""GitHub heading slugs (the `id` github.com gives a heading) and their de-duplication."""

from __future__ import annotations

import unicodedata

# Categories whose characters survive in a slug: letters, marks (U+FE0F included),
# decimal and letter numbers, connector punctuation (`_`).
_KEPT_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "Pc"})

# Symbols that Unicode nevertheless calls alphabetic (Other_Alphabetic): circled and
# squared Latin letters. github-slugger keeps them.
_ALPHABETIC_SYMBOL_RANGES = (
    (0x24B6, 0x24E9),  # Ⓐ … ⓩ
    (0x1F130, 0x1F149),  # 🄰 … 🅉
    (0x1F150, 0x1F169),  # 🅐 … 🅩
    (0x1F170, 0x1F189),  # 🅰 … 🆉
)

_cache: dict[str, bool] = {}


def _is_kept(char: str) -> bool:
    kept = _cache.get(char)
    if kept is None:
        if char in " -" or unicodedata.category(char) in _KEPT_CATEGORIES:
            kept = True
        else:
            code = ord(char)
            kept = any(low <= code <= high for low, high in _ALPHABETIC_SYMBOL_RANGES)
        _cache[char] = kept
    return kept


def slugify(text: str) -> str:
    """The slug of one heading's rendered plain text, before de-duplication.

    Lower-case, drop everything but letters, marks, numbers, `_`, `-` and the plain
    space, then turn each space into `-`. Nothing is trimmed or collapsed.
    """
    lowered = text.lower()
    return "".join(char for char in lowered if _is_kept(char)).replace(" ", "-")


class Slugger:
    """Hands out unique slugs in document order, the way github.com numbers duplicates.

    The first heading gets the bare slug, later ones `-1`, `-2`…; a numbered form that
    some heading already owns is skipped. The counter per base slug keeps this linear
    even for a hundred thousand identical headings.
    """

    def __init__(self) -> None:
        self._occurrences: dict[str, int] = {}

    def slug(self, text: str) -> str:
        return self.unique(slugify(text))

    def unique(self, base: str) -> str:
        result = base
        while result in self._occurrences:
            self._occurrences[base] += 1
            result = f"{base}-{self._occurrences[base]}"
        self._occurrences[result] = 0
        return result
