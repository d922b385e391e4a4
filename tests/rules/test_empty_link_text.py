"""RL406 empty-link-text: a link with no text to click or read."""

from __future__ import annotations

from roadmap_lint.model import Severity

from .helpers import check

RULE = "empty-link-text"

# The rule's documented examples.
FAILS = "- [](https://scikit-learn.org/stable/)\n"
PASSES = (
    "- [scikit-learn](https://scikit-learn.org/stable/)\n"
    "- [![scikit-learn logo](logo.png)](https://scikit-learn.org/stable/)\n"
)


def test_documented_failing_example() -> None:
    [finding] = check(FAILS, RULE, [(1, 3)])
    assert finding.severity is Severity.WARNING


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [])


def test_empty_link_text() -> None:
    text = (
        "- [](https://scikit-learn.org/stable/)\n"
        "- [  ](https://numpy.org/)\n"
        "- [scikit-learn](https://scikit-learn.org/stable/)\n"
        "- [![logo](logo.png)](https://pandas.pydata.org/)\n"
        '- [<img src="logo.png" alt="pandas">](https://pandas.pydata.org/)\n'
        "- ![chart](chart.png) and ![](spacer.png)\n"
    )
    check(text, RULE, [(1, 3), (2, 3)])


def test_a_link_whose_text_is_an_image_without_alt_is_image_alt_missing_s() -> None:
    text = "- [![](logo.png)](https://pandas.pydata.org/)\n"
    check(text, RULE, [])
    check(text, "image-alt-missing", [(1, 4)])


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    [finding] = check(FAILS, RULE, [(1, 3)], severity="error")
    assert finding.severity is Severity.ERROR
    check(FAILS, RULE, [], severity="off")


def test_disabled_by_markdownlint_s_counterpart() -> None:
    # MD042 (no-empty-links) is markdownlint's name for this check.
    check("<!-- markdownlint-disable-next-line MD042 -->\n" + FAILS + FAILS, RULE, [(3, 3)])
