"""Comparing two link texts: the same resource in other words, or two different things?

Used by the duplicate rules to tell a resource listed twice ("Zookeeper" and "Introduction
to Zookeeper") from a link whose URL was copied from the entry above it ("Quicksort
(4 videos)" and "Mergesort (5 videos)" leading to one page). Texts are compared only
within one script: a translated title says nothing about the English one.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from collections.abc import Sequence

_PARENTHESISED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|（[^（）]*）")  # noqa: RUF001
_WORD = re.compile(r"[^\W_]+")
_NOT_WORD = re.compile(r"[^\w]+")
# Words that say what kind of resource it is, not which one.
_GENERIC_WORDS = """
    a an the of to in on for and with by at from as or vs via your my our
    tutorial tutorials guide guides intro introduction introductory getting started start
    basics basic beginner beginners course courses class lecture lectures lesson lessons
    docs doc documentation official reference manual handbook notes note overview summary
    video videos playlist series part chapter book books ebook article articles blog post
    page home homepage website site web online free learn learning how what why
    complete full quick crash primer cheatsheet cheat sheet sheets paper slides pdf html
    framework library lib toolkit package sdk api project tool tools
    """
_GENERIC = frozenset(_GENERIC_WORDS.split())
_MIN_SHARED_PREFIX = 4


class Relation(enum.Enum):
    SAME = "same"  # the same words, or one title adds only to the other
    DIFFERENT = "different"  # nothing in common beyond a shared prefix: two things
    UNCLEAR = "unclear"  # other words, another script, an abbreviation…


# An entry listed again is compared with each repeat; a big list has some 10,000 texts.
@functools.lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(_PARENTHESISED.sub(" ", text.casefold())))


def script_of(text: str) -> str:
    """The script most letters of the text are written in ("LATIN", "CYRILLIC", "CJK"…)."""
    if text.isascii():  # most titles: no need to name each letter
        return "LATIN" if any(character.isalpha() for character in text) else ""
    counts: dict[str, int] = {}
    for character in text:
        if not character.isalpha():
            continue
        name = unicodedata.name(character, "")
        script = name.split(" ", 1)[0] if name else ""
        if script in ("HIRAGANA", "KATAKANA", "CJK"):
            script = "CJK"
        counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda script: counts[script]) if counts else ""


def _related(first: str, second: str) -> bool:
    if first in second or second in first:
        return True
    shared = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        shared += 1
    return shared >= _MIN_SHARED_PREFIX


def _acronym(words: Sequence[str]) -> str:
    return "".join(word[0] for word in words if word)


def _content(words: Sequence[str]) -> set[str]:
    return {word for word in words if word not in _GENERIC and not word.isdigit()}


def _shared_prefix(words_a: Sequence[str], words_b: Sequence[str]) -> set[str]:
    """The words both texts start with: a source or series label ("Sedgewick - …")."""
    shared: set[str] = set()
    for a, b in zip(words_a, words_b, strict=False):
        if a != b:
            break
        shared.add(a)
    return shared


def _in_address(words: set[str], url: str) -> bool:
    """Whether one of the words (of 3 letters or more), or its stem, is written in the URL."""
    address = _letters(url)
    return any(len(word) >= 3 and word[: max(3, len(word) - 2)] in address for word in words)


@functools.lru_cache(maxsize=4096)  # both texts of a repeat are looked for in one URL
def _letters(url: str) -> str:
    return _NOT_WORD.sub("", url.casefold())


def address_names_both(first: str, second: str, url: str) -> bool:
    """Whether the URL bears out each text: `scalability-for-dummies-part-2-database` names
    both "Scalability" and "Databases". Each text is one name of that one page then."""
    words_a, words_b = _content(_words(first)), _content(_words(second))
    return _in_address(words_a - words_b, url) and _in_address(words_b - words_a, url)


def relation(first: str, second: str, url: str = "") -> Relation:
    words_a, words_b = _words(first), _words(second)
    if words_a == words_b:
        return Relation.SAME
    if (
        words_a
        and words_b
        and (
            (len(words_a) == 1 and words_a[0] == _acronym(words_b))
            or (len(words_b) == 1 and words_b[0] == _acronym(words_a))
        )
    ):
        return Relation.UNCLEAR
    content_a, content_b = _content(words_a), _content(words_b)
    only_a, only_b = content_a - content_b, content_b - content_a
    if not only_a or not only_b:
        return Relation.SAME
    if script_of(" ".join(only_a)) != script_of(" ".join(only_b)):
        return Relation.UNCLEAR  # a translation
    if (content_a & content_b) - _shared_prefix(words_a, words_b):
        return Relation.UNCLEAR  # distinctive words in common: the same thing reworded
    if any(_related(a, b) for a in only_a for b in only_b):
        return Relation.UNCLEAR
    if url and script_of(" ".join(only_a)) != script_of(url):
        return Relation.UNCLEAR  # the address cannot confirm or refute the names
    return Relation.DIFFERENT
