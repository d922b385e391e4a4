"""RL411 image-alt-missing: an image without alt text."""

from __future__ import annotations

from roadmap_lint.model import Severity

from .helpers import check

RULE = "image-alt-missing"

# The rule's documented examples.
FAILS = (
    "![](images/Machine_Learning_Roadmap.png)\n"
    '[<img src="images/Newsletter.png">](https://example.substack.com/)\n'
)
PASSES = (
    "![Machine Learning Roadmap](images/Machine_Learning_Roadmap.png)\n"
    '<img src="images/divider.png" alt="">\n'
)


def test_documented_failing_example() -> None:
    found = check(FAILS, RULE, [(1, 1), (2, 2)])
    assert {f.severity for f in found} == {Severity.WARNING}


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [])


def test_image_alt_missing() -> None:
    text = (
        "![](images/roadmap.png)\n"
        "[![](https://img.shields.io/badge/license-MIT-blue)](LICENSE)\n"
        '[<img src="images/newsletter.png">](https://news.example.org/)\n'
        '<img src="images/divider.png" alt="">\n'
        "![Machine Learning Roadmap](images/roadmap.png)\n"
        '<img src="images/pdf.png" alt="Download the PDF" width="250">\n'
    )
    check(text, RULE, [(1, 1), (2, 2), (3, 2)])


# -- options and inline control ---------------------------------------------------------------


def test_severity_from_the_config_file() -> None:
    found = check(FAILS, RULE, [(1, 1), (2, 2)], severity="error")
    assert {f.severity for f in found} == {Severity.ERROR}
    check(FAILS, RULE, [], severity="off")


def test_disabled_by_markdownlint_s_counterpart() -> None:
    # MD045 (no-alt-text) is markdownlint's name for this check.
    check("<!-- markdownlint-disable-next-line MD045 -->\n" + FAILS, RULE, [(3, 2)])
