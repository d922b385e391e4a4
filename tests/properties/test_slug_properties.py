"""GitHub heading slugs (github-slugger's rules) on generated heading texts."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from roadmap_lint.markdown import parse
from roadmap_lint.markdown.slugs import Slugger, slugify

# What a slug may hold: letters, marks, decimal and letter numbers, `_` and other connector
# punctuation, `-`; and the symbols Unicode calls alphabetic (circled and squared letters).
_KEPT = {"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "Pc"}
_ALPHABETIC_SYMBOLS = (
    "\u24b6\u24e9",
    "\U0001f130\U0001f149",
    "\U0001f150\U0001f169",
    "\U0001f170\U0001f189",
)

# Heading texts: any characters but line breaks, with the ones slugs are about made likely.
heading_text = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs", "Zl", "Zp", "Cc")),
        st.sampled_from(list(" -_.:&+#()'`é日😄️♥Ⓖ🅐²½\u200d")),
    ),
    max_size=30,
)
simple_text = st.text(alphabet=st.sampled_from(list("ab -1")), min_size=0, max_size=6)


def allowed(char: str) -> bool:
    return (
        char == "-"
        or unicodedata.category(char) in _KEPT
        or any(low <= char <= high for low, high in _ALPHABETIC_SYMBOLS)
    )


@given(heading_text)
def test_a_slug_holds_only_allowed_characters(text: str) -> None:
    slug = slugify(text)
    assert " " not in slug
    assert all(allowed(char) for char in slug), [c for c in slug if not allowed(c)]


@given(heading_text)
def test_slugify_is_idempotent(text: str) -> None:
    # The slug of a slug is itself: nothing is trimmed, collapsed or added.
    slug = slugify(text)
    assert slugify(slug) == slug


@given(heading_text)
def test_nothing_is_trimmed_or_collapsed(text: str) -> None:
    # Every space and hyphen of the lower-cased text is one hyphen of the slug.
    lowered = text.lower()
    assert slugify(text).count("-") == lowered.count(" ") + lowered.count("-")


@given(st.lists(heading_text, max_size=12))
def test_unique_slugs_per_document(texts: list[str]) -> None:
    slugger = Slugger()
    slugs = [slugger.slug(text) for text in texts]
    assert len(set(slugs)) == len(slugs)
    for text, slug in zip(texts, slugs, strict=True):
        base = slugify(text)
        suffix = slug.removeprefix(base)
        assert slug.startswith(base)
        assert suffix == "" or (suffix.startswith("-") and suffix[1:].isdigit()), slug


@given(st.lists(simple_text, max_size=10))
def test_the_first_heading_of_a_text_gets_the_bare_slug_unless_taken(texts: list[str]) -> None:
    slugger = Slugger()
    slugs = [slugger.slug(text) for text in texts]
    for index, text in enumerate(texts):
        earlier = slugs[:index]
        if slugify(text) not in earlier:
            assert slugs[index] == slugify(text)
        else:  # numbered: the lowest free number counting from the last one of that base
            assert slugs[index] != slugify(text)


# Heading texts a document may repeat: a letter first, so that none is a list item or empty.
short_heading = st.builds(
    lambda first, rest: (first + rest).rstrip(),
    st.sampled_from(["A", "b"]),
    st.text(alphabet=st.sampled_from(list("Ab 1-")), max_size=5),
)


@given(st.lists(short_heading, max_size=8))
def test_parsed_headings_have_unique_slugs(texts: list[str]) -> None:
    document = parse("".join(f"## {text}\n\n" for text in texts))
    slugs = [heading.slug for heading in document.headings]
    assert len(slugs) == len(texts)
    assert len(set(slugs)) == len(slugs)
    expected = Slugger()
    assert slugs == [expected.slug(heading.text) for heading in document.headings]
