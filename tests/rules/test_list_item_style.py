"""RL412 list-item-style (off by default): items of a list that break the shape most of its
items follow (`- [Name](url) - Description.`)."""

from __future__ import annotations

from roadmap_lint.model import Severity

from .helpers import check, lint

RULE = "list-item-style"

# The rule's documented examples.
FAILS = """\
- [NumPy](https://numpy.org/) - Arrays and numerical computing.
- [pandas](https://pandas.pydata.org/) - Data frames and analysis.
- [Polars](https://pola.rs/) - Fast data frames
- [SciPy](https://scipy.org/) - Scientific computing.
- [Matplotlib](https://matplotlib.org/): Plotting.
- [seaborn](https://seaborn.pydata.org/) - Statistical plots.
- [Dask](https://www.dask.org/) - Parallel computing.
- [Numba](https://numba.pydata.org/) - A JIT compiler.
"""
# Only 2 of these 4 items share a shape: under the default threshold of 75 %, no pattern.
FEW_ALIKE = """\
- [NumPy](https://numpy.org/) - Arrays and numerical computing.
- [pandas](https://pandas.pydata.org/) - Data frames and analysis.
- [Polars](https://pola.rs/) - Fast data frames
- [Matplotlib](https://matplotlib.org/): Plotting.
"""
PASSES = """\
- [NumPy](https://numpy.org/) - Arrays and numerical computing.
- [pandas](https://pandas.pydata.org/) - Data frames and analysis.
- [Dask](https://dask.org/)
- [Bokeh](https://bokeh.org/) - Interactive plots!
"""


def test_documented_failing_example() -> None:
    found = check(FAILS, RULE, [(3, 3), (5, 3)])
    assert {f.severity for f in found} == {Severity.WARNING}
    assert "does not end with a period" in found[0].message
    assert 'uses ":" instead of "-"' in found[1].message


def test_a_list_with_no_dominant_shape_has_no_pattern_to_break() -> None:
    check(FEW_ALIKE, RULE, [])
    check(FEW_ALIKE, RULE, [(3, 3), (4, 3)], threshold=0.5)


def test_documented_passing_example() -> None:
    check(PASSES, RULE, [])


def test_list_item_style_reports_the_odd_items() -> None:
    text = """\
# Libraries

- [NumPy](https://numpy.org/) - Arrays and numerical computing.
- [pandas](https://pandas.pydata.org/) - Data frames and analysis.
- [Polars](https://pola.rs/) - Fast data frames
- [Matplotlib](https://matplotlib.org/): Plotting.
- [SciPy](https://scipy.org/) - Scientific computing. [Deprecated]
- [seaborn](https://seaborn.pydata.org/) - Statistical plots. 📊
- [Plotly](https://plotly.com/python/) - Interactive plots.
- Bokeh, interactive plots.
- [Altair](https://altair-viz.github.io/) - Declarative plots. ([Source](https://github.com/a/a))
- [Dask](https://www.dask.org/) - Parallel computing.
- [Numba](https://numba.pydata.org/) - JIT compiler.
- [JAX](https://jax.readthedocs.io/) - Composable transformations.
"""
    found = lint(text, RULE)
    assert [f.line for f in found] == [5, 6, 10]
    assert "does not end with a period" in found[0].message
    assert 'uses ":" instead of "-"' in found[1].message
    assert "does not start with a link" in found[2].message
    assert "`[Name](url) - Description.`" in found[0].message


def test_list_item_style_is_quiet_on_small_or_mixed_lists() -> None:
    small = "- [a](https://a.org/) - A.\n- [b](https://b.org/) - B.\n- [c](https://c.org/): C\n"
    mixed = "".join(
        f"- [{n}](https://{n}.org/){sep}\n"
        for n, sep in zip("abcdef", [" - A.", ": B", " - C", " — D.", "", " - F."], strict=True)
    )
    notes = (
        "".join(f"- [{n}](https://{n}.org/)\n" for n in "abcde") + "- [f](https://f.org/) (2019)\n"
    )
    for text in (small, mixed, notes):
        check(text, RULE, [])


def test_list_item_style_skips_the_toc() -> None:
    text = (
        "# Guide\n\n## Table of Contents\n\n"
        "- [A](#a) - first.\n- [B](#b) - second.\n- [C](#c) - third.\n- [D](#d)\n\n"
        "## A\n\ntext\n\n## B\n\ntext\n\n## C\n\ntext\n\n## D\n\ntext\n"
    )
    check(text, RULE, [])


def test_list_item_style_accepts_labels_checklists_and_other_sentence_ends() -> None:
    text = """\
## Bitwise operations

- [ ] [Bits cheat sheet](https://example.org/bits) - Powers of two.
- [ ] [Bit Manipulation](https://example.org/bm) - A good intro.
- [ ] [Bitwise Operation](https://example.org/bo) - The basics!
- [ ] [Bit Twiddler](https://example.org/bt) - Interactive.
- [ ] [Practice Operations](https://example.org/po)
- [ ] Good intro:
    [Bit Manipulation (video)](https://example.org/video)
- [ ] 2s and 1s complement
    - [Two's complement](https://example.org/twos) - Why we use it.
- [Coursebook](https://example.org/cb) - B. Venkatesh, L. Angrave, et al.
- [Quote](https://example.org/q) - "Make it work, make it right."
"""
    check(text, RULE, [])


def test_list_item_style_still_reports_a_different_separator() -> None:
    text = "".join(
        f"- [{name}](https://{name}.example.org/){sep}\n"
        for name, sep in [("a", " - A."), ("b", " - B."), ("c", ": C."), ("d", " - D.")]
    )
    [finding] = lint(text, RULE)
    assert finding.line == 3 and 'uses ":" instead of "-"' in finding.message


def test_off_by_default() -> None:
    assert [f for f in lint(FAILS, threshold=0.5) if f.rule == RULE] == []


# -- options and inline control ---------------------------------------------------------------


def test_min_items_option() -> None:
    small = "- [a](https://a.org/) - A.\n- [b](https://b.org/) - B.\n- [c](https://c.org/): C\n"
    check(small, RULE, [])
    check(small, RULE, [(3, 3)], min_items=3, threshold=0.6)


def test_severity_from_the_config_file() -> None:
    found = check(FAILS, RULE, [(3, 3), (5, 3)], severity="error")
    assert {f.severity for f in found} == {Severity.ERROR}
    check(FAILS, RULE, [], severity="off")


def test_disabled_on_the_line() -> None:
    # A comment line of its own would end the list: the comment goes at the item's end.
    text = FAILS.replace(
        "Plotting.\n", "Plotting. <!-- roadmap-lint-disable-line list-item-style -->\n"
    )
    check(text, RULE, [(3, 3)])
