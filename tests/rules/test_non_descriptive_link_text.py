"""RL407 non-descriptive-link-text: "here", "click here", "link", "more"…"""

from __future__ import annotations

from roadmap_lint.model import Severity

from .helpers import check, lint

RULE = "non-descriptive-link-text"

# The rule's documented examples.
FAILS = "- The official tutorial is [here](https://docs.python.org/3/tutorial/).\n"
PASSES = (
    "- Read [the official Python tutorial](https://docs.python.org/3/tutorial/).\n"
    "- [click](https://github.com/pallets/click) - Command line interfaces (the project's name).\n"
)


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(1, 28)])
    assert finding.severity is Severity.WARNING


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [])


NON_DESCRIPTIVE = (
    "The tutorial is [here](https://docs.python.org/3/tutorial/).\n"
    "[Click here!](https://a.org/) [Read more…](https://b.org/) [this](https://c.org/)\n"
    "Read [the Python tutorial](https://docs.python.org/3/tutorial/), [Go](https://go.dev/).\n"
    "Jump [here](#top).\n"
)


def test_non_descriptive_link_text() -> None:
    check(NON_DESCRIPTIVE, RULE, [(1, 17), (2, 1), (2, 31), (2, 60)])


def test_link_text_that_is_the_projects_name_is_descriptive() -> None:
    text = (
        "- [click](https://github.com/pallets/click/) - CLI toolkit.\n- [here](https://a.org/x)\n"
    )
    found = lint(text, RULE)
    assert [f.line for f in found] == [2]


# -- options and inline control ---------------------------------------------------------------


def test_the_words_option_replaces_the_list() -> None:
    assert lint(NON_DESCRIPTIVE, RULE, words=["tutorial"]) == []
    check("Read [the tutorial](https://docs.python.org/3/tutorial/).\n", RULE, [])
    check("Read [Tutorial!](https://docs.python.org/3/).\n", RULE, [(1, 6)], words=["tutorial"])


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(1, 28)], severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], severity="off")


def test_disabled_on_the_line() -> None:
    text = FAILS.rstrip("\n") + " <!-- roadmap-lint-disable-line RL407 -->\n" + FAILS
    check(text, RULE, [(2, 28)])
