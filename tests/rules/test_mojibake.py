"""RL405 mojibake: UTF-8 text misread as Windows-1252 or Latin-1, with the repaired text."""

# ruff: noqa: RUF001  (the fixtures are made of look-alike characters)

from __future__ import annotations

import pytest

from roadmap_lint.model import Severity

from .helpers import check, fixed, lint

RULE = "mojibake"

# The rule's documented examples.
FAILS = """\
# ğŸš€ Goal of the Roadmap
- âœ… Each topic has links to free courses.
Itâ€™s powerful, easy to learn, and cafÃ© means café.
"""
PASSES = """\
# 🚀 Goal of the Roadmap
- ✅ Each topic has links to free courses.
It’s powerful; «café», Grüße, Привет, 日本語, ภาษาไทย.
"""


def test_documented_failing_example() -> None:
    found = check(FAILS, RULE, [(1, 3), (2, 3), (3, 3)])
    assert {f.severity for f in found} == {Severity.WARNING}
    assert fixed(FAILS, found) == (
        "# 🚀 Goal of the Roadmap\n"
        "- ✅ Each topic has links to free courses.\n"
        "It’s powerful, easy to learn, and café means café.\n"
    )


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [])


GARBLED = """\
# ğŸš€ Goal of the Roadmap
- âœ… Each topic has links to free courses.
Itâ€™s powerful, and cafÃ© is cafÃ©.
## ğŸ 1. Python
# âœ‰ï¸ Subscribe to my newsletter
- Ð¿Ñ€Ð¸Ð²ÐµÑ‚ Ð¼Ð¸Ñ€
"""


def test_mojibake_found_once_per_line_with_repair_and_fix() -> None:
    found = check(GARBLED, RULE, [(1, 3), (2, 3), (3, 3), (4, 4), (5, 3), (6, 3)])
    assert found[0].suggestion == "🚀"
    assert found[1].suggestion == "✅"
    assert found[2].suggestion == "It’s powerful, and café is café"[2:]
    assert found[3].suggestion is None  # bytes lost: 🐍 cannot be recovered
    assert "retype" in found[3].message
    assert found[4].suggestion == "✉\ufe0f"
    assert found[5].suggestion == "привет мир"
    assert fixed(GARBLED, found) == (
        "# 🚀 Goal of the Roadmap\n"
        "- ✅ Each topic has links to free courses.\n"
        "It’s powerful, and café is café.\n"
        "## ğŸ 1. Python\n"
        "# ✉\ufe0f Subscribe to my newsletter\n"
        "- привет мир\n"
    )


def test_mojibake_lossy_runs_from_the_seed_roadmap() -> None:
    text = (
        "# ğŸ¯ Who is this roadmap for?\n"
        "  - â• [Linear Algebra](#linear-algebra)\n"
        "- ğŸ›\xa0ï¸ [1.2 Data Manipulation](#12-data-manipulation)\n"
        "  - âš¡ [Gradient Boosting](#gradient-boosting)\n"
    )
    found = lint(text, RULE)
    assert [f.line for f in found] == [1, 2, 3, 4]
    assert found[3].suggestion == "⚡"
    assert "Windows-1254" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "Voilà… c’est ça, «café», naïve résumé, Ça va? À bientôt!",
        "„Grüße“ aus Köln — Straße“, Äpfel, Übung, ß–",
        "São Paulo, NÃO, ação, coração; El niño, ¿qué?, ¡olé!, año…",
        "Привет, мир! Съешь же ещё этих мягких французских булок.",
        "Ελληνικά κείμενα και ελληνικός πολιτισμός",
        "原先我为了成为一个软件工程师而建立这份简单的学习主题清单，但这份清单。",
        "日本語のテキスト、コーディング面接大学。",
        "코딩 인터뷰 대학교 한국어",
        "ภาษาไทย สวัสดีครับ",
        "Türkçe: doğru, ağ”, İstanbul, şişe, ığdır",
        "Emoji 🚀 ✅ ⚡ ✉️ 🛠️ 🐍 👨‍💻 and symbols © ® ™ ° ± × ÷ € £ ¥ • – —",
        "Polski: zażółć gęślą jaźń; Čeština: příliš žluťoučký kůň",
    ],
)
def test_real_non_english_text_is_not_mojibake(text: str) -> None:
    check(f"# Title\n\n{text}\n", RULE, [])


def test_mojibake_in_code_is_ignored() -> None:
    text = (
        "# Title\n\n```\nprint('ğŸš€')\n```\n\nRun `echo Ã©` here.\n\n  ~~~\n  âœ…\n  ~~~\n"
        "\nFails:\n\n    # ğŸš€ Goal\n\n    - âœ… Each topic\n\nEnd.\n"
    )
    check(text, RULE, [])


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    found = check(FAILS, RULE, [(1, 3), (2, 3), (3, 3)], severity="error")
    assert {f.severity for f in found} == {Severity.ERROR}
    check(FAILS, RULE, [], severity="off")


def test_disabled_by_markdownlint_s_comment_does_not_apply() -> None:
    # markdownlint has no such rule: only our own comments switch it off.
    text = "<!-- markdownlint-disable-next-line MD051 -->\n" + FAILS
    check(text, RULE, [(2, 3), (3, 3), (4, 3)])


def test_disabled_in_a_block() -> None:
    text = "<!-- roadmap-lint-disable mojibake -->\n" + FAILS + "<!-- roadmap-lint-enable -->\n"
    check(text + "Itâ€™s back.\n", RULE, [(6, 3)])
