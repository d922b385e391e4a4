"""RL413 malformed-link: link syntax that does not render as a link."""

from __future__ import annotations

from roadmap_lint.model import Severity

from .helpers import check, fixed, lint

RULE = "malformed-link"

# The rule's documented examples.
FAILS = (
    "- [C] (https://github.com/jwasham/practice-c)\n"
    "- A library for RL (successor of [gym])(https://github.com/openai/gym).\n"
)
PASSES = (
    "- [C](https://github.com/jwasham/practice-c)\n"
    '- [Guide](https://example.org/a%20guide "The guide")\n'
)


def test_documented_failing_example() -> None:
    found = check(FAILS, RULE, [(1, 3), (2, 34)])
    assert {f.severity for f in found} == {Severity.WARNING}
    assert [f.suggestion for f in found] == [
        "[C](https://github.com/jwasham/practice-c)",
        "[gym](https://github.com/openai/gym)",
    ]
    assert fixed(FAILS, found[:1]) == (
        "- [C](https://github.com/jwasham/practice-c)\n"
        "- A library for RL (successor of [gym])(https://github.com/openai/gym).\n"
    )


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [])


def test_malformed_links_are_reported_as_such_not_as_bare_urls() -> None:
    text = """\
- [Gymnasium](https://github.com/Farama-Foundation/Gymnasium) - RL environments (successor of [gym])(https://github.com/openai/gym).
 - [C] (https://github.com/jwasham/practice-c)
- (Reversed)[https://example.org/reversed]
- [Rabin-Karp](https://www.coursera.org/lecture/data- Structures/rabin-karps-algorithm-c0Qkw)
"""
    found = lint(text, RULE, "bare-url")
    assert [(f.rule, f.line) for f in found] == [
        ("malformed-link", 1),
        ("malformed-link", 2),
        ("malformed-link", 3),
        ("malformed-link", 4),
    ]
    assert found[0].suggestion == "[gym](https://github.com/openai/gym)"
    assert found[3].fix == () and "space" in found[3].message


def test_valid_links_task_boxes_and_code_are_not_malformed() -> None:
    text = """\
- [ ] (optional) read the [guide](https://example.org/guide "The guide")
- [x] [Done](https://example.org/done)
- See `[a] (https://example.org/in-code)` and [b](<https://example.org/with space>).

```
[c] (https://example.org/fenced-code)
```
"""
    check(text, RULE, [])


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    found = check(FAILS, RULE, [(1, 3), (2, 34)], severity="error")
    assert {f.severity for f in found} == {Severity.ERROR}
    check(FAILS, RULE, [], severity="off")


def test_disabled_on_the_next_line() -> None:
    check("<!-- roadmap-lint-disable-next-line malformed-link -->\n" + FAILS, RULE, [(3, 34)])
