"""Comparing the text of table-of-contents entries and headings.

Normalised forms ignore what a TOC entry may deliberately drop or add (emoji, symbols,
punctuation, numbering, case, `&` for "and"); the rest tells apart a translation or a short
form (deliberate) from a typo or a homoglyph (a mistake).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Punctuation is already blanked when this runs, so "1.2." has become "1 2".
_NUMBERING = re.compile(r"^(?:\d+ )+")
# Sections a TOC may leave out unless it lists one of them itself: the project's own
# housekeeping, in English and in the languages curated lists are translated into most.
# A title starting with one of these words (and at most four words long)…
_META_FIRST = (
    "acknowledgement acknowledgements acknowledgment acknowledgments backers changelog "
    "contributing contribution contributions contributors credits footnotes license licence "
    "licensing maintainers related sponsors"
)
# …or one of these titles.
_META_ALONE = (
    "author authors contact contribute disclaimer donate donation donations funding sponsor "
    "support supporters thanks"
)
_META_FIRST_WORDS = frozenset(_META_FIRST.split())
_META_TITLES = frozenset(_META_ALONE.split()) | {
    "change log",
    "code of conduct",
    "contact info",
    "how to contribute",
    "see also",
    "special thanks",
}
_META_LENGTH = 4
_META_STARTS = (
    "лицензия",
    "благодарности",
    "ライセンス",
    "謝辞",
    "貢献",
    "라이센스",
    "라이선스",
    "기여",
    "감사",
    "许可",
    "許可",
    "授权",
    "授權",
    "致谢",
    "贡献",
    "lizenz",
    "licencia",
    "licença",
    "licenza",
)
_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "HEBREW", "ARABIC", "THAI", "HANGUL")
# Scripts whose words are spelt with letters and separated by spaces: a typo is a letter or
# two wrong. In Chinese, Japanese or Thai a character more or less is another wording.
_SPELT = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN"})
_CJK = ("CJK", "HIRAGANA", "KATAKANA")
# Letters that look alike in Latin and in Cyrillic or Greek: Latin letter → its look-alikes.
_CONFUSABLES = {
    "a": "\u0430\u03b1",  # Cyrillic A, Greek Alpha
    "c": "\u0441",  # Cyrillic Es
    "e": "\u0435\u03b5",  # Cyrillic Ie, Greek Epsilon
    "i": "\u0456\u03b9",  # Cyrillic Byelorussian-Ukrainian I, Greek Iota
    "j": "\u0458",  # Cyrillic Je
    "k": "\u043a\u03ba",  # Cyrillic Ka, Greek Kappa
    "o": "\u043e\u03bf",  # Cyrillic O, Greek Omicron
    "p": "\u0440\u03c1",  # Cyrillic Er, Greek Rho
    "s": "\u0455",  # Cyrillic Dze
    "x": "\u0445\u03c7",  # Cyrillic Ha, Greek Chi
    "y": "\u0443\u03b3",  # Cyrillic U, Greek Gamma
    "h": "\u04bb",  # Cyrillic Shha
    "v": "\u03bd",  # Greek Nu
    "n": "\u03b7",  # Greek Eta
}
_SKELETON = {other: latin for latin, others in _CONFUSABLES.items() for other in others}
_MIN_TYPO_LETTERS = 5
_MAX_TYPO_DISTANCE = 2


class _Keep(dict[int, "int | str | None"]):
    """A `str.translate` table that keeps the characters of some Unicode categories (their
    first letters: "LN" for letters and numbers) and replaces the others. Each character's
    category is looked up once, the first time it is translated."""

    def __init__(self, categories: str, replacement: str | None) -> None:
        super().__init__()
        self.categories = categories
        self.replacement = replacement

    def __missing__(self, code: int) -> int | str | None:
        kept = unicodedata.category(chr(code))[0] in self.categories
        self[code] = value = code if kept else self.replacement
        return value


_BLANK_ALL_BUT_WORDS = _Keep("LNM", " ")
_DROP_ALL_BUT_LETTERS_AND_DIGITS = _Keep("LN", None)


@functools.lru_cache(maxsize=8192)  # the rules compare the same titles again and again
def normalise(text: str) -> str:
    """Case, emoji, symbols, punctuation and leading numbering removed; `&` read as "and"."""
    text = text.casefold().replace("&", " and ")
    kept = text.translate(_BLANK_ALL_BUT_WORDS)
    return _NUMBERING.sub("", " ".join(kept.split()))


def sort_key(text: str) -> str:
    """How an alphabetical TOC orders its entries: letters and digits only, case ignored."""
    return text.casefold().translate(_DROP_ALL_BUT_LETTERS_AND_DIGITS)


def is_meta(title: str) -> bool:
    """A project housekeeping section: Contributing, License, Acknowledgements, Sponsors…"""
    name = normalise(title)
    if not name:
        return False
    if name in _META_TITLES or name.startswith(_META_STARTS):
        return True
    words = name.split()
    return words[0] in _META_FIRST_WORDS and len(words) <= _META_LENGTH


def script(character: str) -> str | None:
    """The writing system of a letter (CJK scripts as one), None for anything else."""
    if not character.isalpha():
        return None
    name = unicodedata.name(character, "")
    for candidate in (*_SCRIPTS, *_CJK):
        if name.startswith(candidate):
            return "CJK" if candidate in _CJK else candidate
    return name.split(" ", 1)[0] or None


def scripts(text: str) -> set[str]:
    return {s for s in (script(c) for c in text) if s is not None}


def homoglyph_words(entry: str, heading: str) -> list[str] | None:
    """The entry's words that only look like the heading's, written in another script.

    None unless the texts are word for word the same once look-alike letters are read as
    Latin, and each differing word of the heading is in one script.
    """
    entry_words, heading_words = normalise(entry).split(), normalise(heading).split()
    if len(entry_words) != len(heading_words):
        return None
    differing: list[str] = []
    for written, meant in zip(entry_words, heading_words, strict=True):
        if written == meant:
            continue
        if _skeleton(written) != _skeleton(meant) or len(scripts(meant)) != 1:
            return None
        differing.append(written)
    return differing or None


def _skeleton(word: str) -> str:
    return "".join(_SKELETON.get(c, c) for c in word)


def typo_word(entry: str, heading: str) -> tuple[str, str] | None:
    """(entry word, heading word) when the texts differ by a slip of one word, same script.

    Both words have at least five letters, are one or two edits apart (a swap counts as
    one), and agree at both ends, so an inflection (a different ending) or a prefix is not
    taken for a typo. Every other word is the same.
    """
    entry_words, heading_words = normalise(entry).split(), normalise(heading).split()
    if len(entry_words) != len(heading_words):
        return None
    pairs = [(a, b) for a, b in zip(entry_words, heading_words, strict=True) if a != b]
    if len(pairs) != 1:
        return None
    written, meant = pairs[0]
    if not (written.isalpha() and meant.isalpha()) or scripts(written) != scripts(meant):
        return None
    if not scripts(written) <= _SPELT:
        return None
    if min(len(written), len(meant)) < _MIN_TYPO_LETTERS:
        return None
    if written[0] != meant[0] or written[-1] != meant[-1]:
        return None
    if not 0 < _distance(written, meant) <= _MAX_TYPO_DISTANCE:
        return None
    return written, meant


def _distance(a: str, b: str) -> int:
    """Edit distance with transpositions (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
