"""GitHub heading slugs: the characters kept and dropped, and the numbering of duplicates."""

from __future__ import annotations

import time

import pytest

from roadmap_lint.markdown import parse
from roadmap_lint.markdown.slugs import Slugger, slugify


def slugs(markdown: str) -> list[str]:
    return [heading.slug for heading in parse(markdown).headings]


def slug_of(markdown: str) -> str:
    [slug] = slugs(markdown)
    return slug


# -- characters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Getting Started", "getting-started"),
        ("😄 unicode emoji", "-unicode-emoji"),
        ("Book Deals (Affiliated) 🛍", "book-deals-affiliated-"),
        ("I ♥ unicode", "i--unicode"),
        ("Ubuntu 20.04", "ubuntu-2004"),
        ("99.9% availability", "999-availability"),
        ("Data Ingestion & ETL", "data-ingestion--etl"),
        ("CP - consistency and partition tolerance", "cp---consistency-and-partition-tolerance"),
        ("Exercises - Day 1", "exercises---day-1"),
        ("Why Python ?", "why-python-"),
        ("C/C++:", "cc"),
        ("C#:", "c"),
        ("snake_case_name", "snake_case_name"),
        ("already-hyphenated", "already-hyphenated"),
        ("$5 + 3 = ½ of x²", "5--3---of-x"),
        ("Price: 10€ (¥1000)", "price-10-1000"),
        ("Ⓖ circled letter", "ⓖ-circled-letter"),
        ("two  spaces", "two--spaces"),
        (" leading and trailing ", "-leading-and-trailing-"),
        ("tab\there", "tabhere"),
        ("non\u00a0breaking", "nonbreaking"),
        ("thin\u2009space", "thinspace"),
        ("private\ue000use", "privateuse"),
        ("soft\u00adhyphen", "softhyphen"),
        ("em\u2014dash and en\u2013dash", "emdash-and-endash"),
        ("Ⅻ roman numeral", "ⅻ-roman-numeral"),
    ],
)
def test_slugify(text: str, expected: str) -> None:
    assert slugify(text) == expected


def test_gemoji_shortcode_is_text_for_the_slugger() -> None:
    assert slug_of("## :smile: - a gemoji\n") == "smile---a-gemoji"
    assert slug_of("## :black_small_square: Shells\n") == "black_small_square-shells"


def test_cjk_and_full_width_punctuation() -> None:
    # Full-width parentheses, ideographic comma and full-width colon are punctuation.
    assert (
        slug_of("## 字节序\uff08Endianness\uff09\u3001网络\uff1a基础\n")
        == "字节序endianness网络基础"
    )
    assert slug_of("### 七层负载均衡器\n") == "七层负载均衡器"


def test_cyrillic_is_lower_cased() -> None:
    assert slug_of("## Для кого это?\n") == "для-кого-это"


def test_thai_combining_marks_are_kept() -> None:
    # U+0E35 and U+0E48 are non-spacing marks (Mn): they stay in the slug.
    assert slug_of("## ที่มา\n") == "ที่มา"
    assert slugify("ภาษาไทย ที่นี่") == "ภาษาไทย-ที่นี่"


def test_accents_and_precomposed_letters_stay() -> None:
    assert (
        slug_of("### Valid Heading About L'Hôpital's Rule\n")
        == "valid-heading-about-lhôpitals-rule"
    )
    assert slug_of("# Fünf süße Äpfel\n") == "fünf-süße-äpfel"


def test_variation_selector_is_kept() -> None:
    # U+FE0F is a mark: github.com keeps it, so the slug of `✉️ Subscribe` starts with it.
    assert slug_of("# ✉️ Subscribe\n") == "\ufe0f-subscribe"
    assert slug_of("## ⚙️ 4. MLOps\n") == "\ufe0f-4-mlops"
    assert slug_of("### Valid Heading 20.04 ✔️\n") == "valid-heading-2004-\ufe0f"


def test_zero_width_joiner_sequences_are_dropped() -> None:
    assert slug_of("## 🧑\u200d🔬 The LLM Scientist\n") == "-the-llm-scientist"
    assert slug_of("## 👩🏽\u200d💻 Coders\n") == "-coders"


def test_keycap_keeps_its_digit_and_marks() -> None:
    assert slug_of("## 1️⃣ First\n") == "1\ufe0f\u20e3-first"


# -- what counts as the heading's text --------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("### Valid *Heading* With _Emphasis_\n", "valid-heading-with-emphasis"),
        ("### **Bold** and ~~struck~~\n", "bold-and-struck"),
        ("### Valid Heading With `Code`\n", "valid-heading-with-code"),
        ("## Using `torch.nn.Sequential`\n", "using-torchnnsequential"),
        ("## `[]` is equal `![]`\n", "-is-equal-"),
        ("## `` `${{Object}}` ``\n", "object"),
        ("### `Code` ``Heading\n", "code-heading"),
        ("### [Valid Heading Is a Link](https://example.com)\n", "valid-heading-is-a-link"),
        ("### Valid Heading [Has a Link](https://example.com)\n", "valid-heading-has-a-link"),
        ("### Valid Heading Has ![an Image](https://example.com/x.png)\n", "valid-heading-has-"),
        (
            "# Awesome Machine Learning [![Awesome](a.svg)](https://x.example) [![Track](b.svg)](https://y.example)\n",
            "awesome-machine-learning--",
        ),
        ("#### CLI Tools &nbsp;[<sup>[TOC]</sup>](#cli-tools)\n", "cli-tools-toc"),
        ("### Press <kbd>Ctrl</kbd> + <kbd>C</kbd>\n", "press-ctrl--c"),
        (
            "### Valid Heading With Embedded <!-- comment --> Comment\n",
            "valid-heading-with-embedded--comment",
        ),
        (
            "### Valid Heading With Trailing Space <!-- comment -->\n",
            "valid-heading-with-trailing-space-",
        ),
        (
            "### Valid Heading\\-With\\_Embedded\\_Escaping\n",
            "valid-heading-with_embedded_escaping",
        ),
        ("### ▶ First things first! \\*\n", "-first-things-first-"),
        ('### <a id="csharp"></a>C\\#\n', "c"),
        ("### Tom &amp; Jerry &copy;\n", "tom--jerry-"),
        ("### Valid Closed ATX Heading ###\n", "valid-closed-atx-heading"),
        ("#####  Bagging and Boosting\n", "bagging-and-boosting"),
        ("### Heading {#custom-id}\n", "heading-custom-id"),
        ("## $\\LaTeX$ Style\n", "latex-style"),
    ],
)
def test_heading_text(markdown: str, expected: str) -> None:
    assert slug_of(markdown) == expected


def test_setext_headings() -> None:
    assert slugs("Title\n=====\n\nSub Title\n---------\n") == ["title", "sub-title"]
    # A multi-line setext heading: the line break is not a space.
    assert slugs("Multi\nLine\n===\n") == ["multiline"]


def test_headings_inside_list_items_and_block_quotes() -> None:
    markdown = "- ### Arrays\n  - #### Linked Lists\n\n> ## Quoted\n>\n> > ### Nested Quote\n"
    assert slugs(markdown) == ["arrays", "linked-lists", "quoted", "nested-quote"]


def test_no_headings_inside_code_or_html_blocks() -> None:
    markdown = (
        "```bash\n# Install the package\npip install x\n```\n\n"
        "~~~\n## fenced with tildes\n~~~\n\n"
        "    # indented code\n\n"
        "<pre>\n# inside pre\n</pre>\n\n"
        "<details>\n# inside an HTML block\n</details>\n\n"
        "# Real\n"
    )
    assert slugs(markdown) == ["real"]


def test_escaped_hash_is_not_a_heading() -> None:
    assert slugs("\\# not a heading\n\n#not-a-heading-either\n") == []


# -- raw HTML headings and explicit anchors -----------------------------------------------------


def test_raw_html_heading() -> None:
    [heading] = parse(
        '<h2 align="center">Awesome <img src="logo.png" alt="Logo"> List</h2>\n'
    ).headings
    assert (heading.level, heading.slug, heading.html) == (2, "awesome--list", True)


def test_raw_html_heading_over_several_lines() -> None:
    markdown = (
        '<div align="center">\n'
        "\t<h2>\n"
        '\t\t<a href="https://example.com/x">Supercharge</a>\n'
        "\t\t<br>\n"
        "\t\t<sup>Elevate your Mac experience</sup>\n"
        "\t</h2>\n"
        "</div>\n"
    )
    assert slugs(markdown) == ["superchargeelevate-your-mac-experience"]


def test_raw_html_heading_inside_a_paragraph() -> None:
    markdown = "Intro <h2>roadmap.sh &amp; `code` [link](#x)</h2> outro\n"
    assert slugs(markdown) == ["roadmapsh--code-link"]


def test_raw_html_heading_spanning_blocks() -> None:
    markdown = '<h2>\n<img src="x.png">\nTitle\n\n<div>\nmiddle\n</div>\n\nmore</h2>\n\n## After\n'
    assert slugs(markdown) == ["titlemiddlemore", "after"]


def test_raw_html_heading_counts_for_duplicates() -> None:
    assert slugs("<h3>Intro</h3>\n\n### Intro\n") == ["intro", "intro-1"]


def test_explicit_anchors() -> None:
    markdown = (
        '<a name="named"></a>\n\n'
        "<a id = unquoted></a>\n\n"
        '<p id="on-a-paragraph">text</p>\n\n'
        '<p name="name-on-a-paragraph"></p>\n\n'
        '<a data-id="not-an-anchor"></a>\n\n'
        'Inline <a name="inline-anchor"></a> in a paragraph.\n\n'
        '## Heading <a id="in-heading"></a>\n'
    )
    document = parse(markdown)
    assert [anchor.name for anchor in document.anchors] == [
        "named",
        "unquoted",
        "on-a-paragraph",
        "inline-anchor",
        "in-heading",
    ]
    assert [heading.slug for heading in document.headings] == ["heading-"]


def test_anchor_inside_code_is_not_an_anchor() -> None:
    markdown = '```html\n<a name="in-code"></a>\n```\n\n`<a id="in-span"></a>`\n'
    assert parse(markdown).anchors == []


# -- duplicates ------------------------------------------------------------------------------------


def test_duplicates_are_numbered_and_taken_suffixes_skipped() -> None:
    markdown = "# echo\n# echo\n# echo 1\n# echo-1\n# echo\n"
    assert slugs(markdown) == ["echo", "echo-1", "echo-1-1", "echo-1-2", "echo-2"]


def test_duplicates_from_different_texts() -> None:
    markdown = "## C\n## C#\n## C++\n#### 💡 Explanation\n#### 💡 Explanation:\n"
    assert slugs(markdown) == ["c", "c-1", "c-2", "-explanation", "-explanation-1"]


def test_slugger_object() -> None:
    slugger = Slugger()
    assert [slugger.slug(text) for text in ["A", "a", "A 1", "a"]] == ["a", "a-1", "a-1-1", "a-2"]
    assert Slugger().slug("A") == "a"  # every Slugger starts afresh


@pytest.mark.slow
def test_many_identical_headings_are_linear() -> None:
    count = 100_000
    slugger = Slugger()
    started = time.perf_counter()
    result = [slugger.slug("Sources and further reading") for _ in range(count)]
    elapsed = time.perf_counter() - started
    assert result[0] == "sources-and-further-reading"
    assert result[-1] == f"sources-and-further-reading-{count - 1}"
    assert len(set(result)) == count
    assert elapsed < 5.0


@pytest.mark.slow
def test_many_identical_headings_in_a_document() -> None:
    count = 10_000
    started = time.perf_counter()
    result = slugs("## Explanation\n\ntext\n\n" * count)
    elapsed = time.perf_counter() - started
    assert result[:3] == ["explanation", "explanation-1", "explanation-2"]
    assert result[-1] == f"explanation-{count - 1}"
    assert elapsed < 10.0
