"""RL402 duplicate-url-title: two entries for different things that lead to the same page."""

from __future__ import annotations

from roadmap_lint.model import Severity
from roadmap_lint.rules.content.titles import Relation, relation

from .helpers import check, lint

RULE = "duplicate-url-title"

# The rule's documented examples.
FAILS = """\
- [MLCourse.ai - Logistic Regression](https://mlcourse.ai/book/topic05/topic05_intro.html)
- [MLCourse.ai - Bagging & Random Forest](https://mlcourse.ai/book/topic05/topic05_intro.html)
"""
# A course's week page gathers several lectures: two of them may rightly link it.
WEEK_PAGE = """\
- [Sedgewick - Mergesort (5 videos)](https://www.coursera.org/learn/algorithms-part1/home/week/3)
- [Sedgewick - Quicksort (4 videos)](https://www.coursera.org/learn/algorithms-part1/home/week/3)
"""
PASSES = """\
- [Zookeeper](http://www.slideshare.net/sauravhaloi/introduction-to-apache-zookeeper)
- [Introduction to Zookeeper](http://www.slideshare.net/sauravhaloi/introduction-to-apache-zookeeper)
"""


def test_a_page_that_gathers_several_resources_may_be_named_twice() -> None:
    check(WEEK_PAGE, RULE, [])


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(2, 3)])
    assert finding.severity is Severity.WARNING
    assert finding.suggestion is None  # which of the two URLs is wrong is for you to decide
    assert lint(FAILS, "duplicate-url") == []  # one cause, one finding


def test_documented_passing_example() -> None:
    # The same resource in other words: duplicate-url's finding, not this rule's.
    check(PASSES, RULE, [])
    assert len(lint(PASSES, "duplicate-url")) == 1


def test_the_same_resource_in_other_words_is_not_a_title_problem() -> None:
    # "Pandas tutorial" and "Pandas getting started" name one thing: duplicate-url's finding.
    text = """\
# Resources

- [Pandas tutorial](https://pandas.pydata.org/docs/getting_started/)
- [NumPy](https://numpy.org/)
- [Pandas getting started](http://www.pandas.pydata.org/docs/getting_started?utm_source=x)
- [NumPy](https://numpy.org)
"""
    check(text, RULE, [])


def test_different_things_sharing_a_url_are_one_title_finding_without_a_suggestion() -> None:
    text = """\
#### Logistic Regression
- 📚 [MLCourse.ai - Logistic Regression](https://mlcourse.ai/book/topic05/topic05_intro.html)

#### Random Forest
- 📚 [MLCourse.ai - Bagging & Random Forest](https://mlcourse.ai/book/topic05/topic05_intro.html)
"""
    [finding] = lint(text, "duplicate-url", RULE)
    assert (finding.rule, finding.line) == ("duplicate-url-title", 5)
    assert "probably wrong" in finding.message
    assert finding.suggestion is None  # no title copied onto the other link


def test_two_names_for_one_address_are_natural() -> None:
    text = """\
## Bits

- [ ] [Bithacks](https://graphics.stanford.edu/~seander/bithacks.html)
- [Count Bits](https://graphics.stanford.edu/~seander/bithacks.html#CountBitsSetKernighan)
- [ ] [Sedgewick - Mergesort (5 videos)](https://www.coursera.org/learn/algorithms-part1/home/week/3)
- [ ] [Sedgewick - Quicksort (4 videos)](https://www.coursera.org/learn/algorithms-part1/home/week/3)
- [hatch](https://github.com/pypa/hatch) - Project manager.
- [hatchling](https://github.com/pypa/hatch) - Its build backend.
- [Clones](https://www.lecloud.net/post/7295452622/scalability-for-dummies-part-1-clones)
- [Scalability](https://www.lecloud.net/post/7295452622/scalability-for-dummies-part-1-clones)
- [FOAAS](https://foaas.example.net/) - Fuck Off As A Service.
- [Fuck Off as a Service](https://foaas.example.net/)
"""
    # The last is one service listed twice under its two names: a duplicate, not a wrong URL.
    found = lint(text, "duplicate-url", RULE)
    assert [(f.rule, f.line) for f in found] == [("duplicate-url", 12)]


def test_a_translated_title_is_not_a_different_thing() -> None:
    assert relation("LeetCode Solutions", "릿코드 해답") is Relation.UNCLEAR
    assert relation("Nick White - LeetCode Solutions", "Nick White - 릿코드 해답") is (
        Relation.UNCLEAR
    )
    assert relation("Sedgewick - Quicksort (4 videos)", "Sedgewick - Mergesort") is (
        Relation.DIFFERENT
    )
    assert relation("time to live (TTL)", "time-to-live (TTL)") is Relation.SAME
    assert relation("Pandas tutorial", "Pandas: getting started") is Relation.SAME


def test_entries_led_by_garbled_emoji_still_count() -> None:
    text = (
        "## Regression\n"
        "- ğŸ“š [Linear Regression: Closed-form](https://sebastianraschka.com/pca.html)\n"
        "- ğŸ“š [PCA - Step-by-step Guide](https://sebastianraschka.com/pca.html)\n"
    )
    [finding] = lint(text, RULE)
    assert finding.line == 3


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(2, 3)], severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], severity="off")


def test_disabled_on_the_next_line() -> None:
    text = "<!-- roadmap-lint-disable-next-line RL402 -->\n".join(
        [FAILS.split("\n", 1)[0] + "\n", FAILS.split("\n", 1)[1]]
    )
    check(text, RULE, [])
