"""list-item-style: a list item that breaks the pattern the rest of its list follows (off by default).

Curated lists usually give every entry one shape, such as `- [Name](url) - Description.`:
a link first, then a separator (` - `, ` – `, ` — ` or `: `), then a description ending
with a period. In a list of at least `min-items` items (default 4) where at least
`threshold` of them (default 75 %) share a shape that starts with a link, an item is
reported when it uses another separator, when its description ends differently (`.`,
`!`, `?` and `…` all end a sentence, quotes and brackets after them aside), when its
description has no separator at all, or when it is plain text among links. A description
is optional: a link alone, or followed only by tags such as `(PDF)` or `[Deprecated]`,
is no break. Group labels (an item that holds a nested list, or ends with `:`) and
checklist tasks (`- [ ] Implement a heap`) are not entries. Leading emoji and task
boxes do not count; the table of contents is not checked.

Off by default: it is a matter of house style, which many good lists do not keep. Turn it
on with `--extend-select list-item-style` for a list that follows a contributing guide.

Fails (the third item has no period, the fifth a different separator):

    - [NumPy](https://numpy.org/) - Arrays and numerical computing.
    - [pandas](https://pandas.pydata.org/) - Data frames and analysis.
    - [Polars](https://pola.rs/) - Fast data frames
    - [SciPy](https://scipy.org/) - Scientific computing.
    - [Matplotlib](https://matplotlib.org/): Plotting.
    - [seaborn](https://seaborn.pydata.org/) - Statistical plots.
    - [Dask](https://www.dask.org/) - Parallel computing.
    - [Numba](https://numba.pydata.org/) - A JIT compiler.

Passes: every item written as `- [Name](url) - Description.`; `- [Dask](https://dask.org/)`
without a description; `- [Bokeh](https://bokeh.org/) - Interactive plots!`.
"""

# ruff: noqa: RUF001, RUF002, RUF003  (this module is about look-alike characters)

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from roadmap_lint.model import Finding, LinkKind, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.context import LintContext

if TYPE_CHECKING:
    from roadmap_lint.markdown.toc import OutlineItem

_SEPARATOR = re.compile(r"^\s*(?:(?P<dash>\s[-–—])|(?P<colon>\s?:\s))")
# Tags and asides after the description ("[Deprecated]", "(Source Code)") do not count.
_TRAILING_TAG = re.compile(r"\s*(?:\[[^\[\]]*\]|\([^()]*\))\s*$")


_ABBREVIATION = re.compile(r"(?:^|\W)(?:\w{1,3}|al|Inc|Ltd|Corp|etc|Jr|Sr)\.$")
_SENTENCE_END = tuple(".!?…。！？")
_CLOSERS = "\"'”’»)]*_"


def _ends_with_period(text: str) -> bool:
    """Whether the text ends a sentence: `.`, `!`, `?` or `…`, then perhaps a closing quote
    or bracket; tags, emoji and other symbols after it aside."""
    while True:
        stripped = _TRAILING_TAG.sub("", text).rstrip()
        while stripped and (unicodedata.category(stripped[-1])[0] in "SZC" or stripped[-1] in "*_"):
            stripped = stripped[:-1].rstrip()
        if stripped == text:
            return text.rstrip(_CLOSERS).endswith(_SENTENCE_END)
        text = stripped


_SEPARATORS = {"-": " - ", "–": " – ", "—": " — ", ":": ": "}


@dataclass(frozen=True)
class Shape:
    link: bool  # the item starts with a link
    separator: str | None  # " - ", " – ", " — ", ": ", "" (none: the link alone), None (other)
    period: bool  # the text ends a sentence
    tags_only: bool = False  # after the link only tags and notes: `(PDF)`, `[Deprecated]`
    abbreviation: bool = False  # the period ends an abbreviation: "Mike G.", "et al."

    def describe(self) -> str:
        head = "[Name](url)" if self.link else "Text"
        if self.separator == "":
            return f"{head}{'.' if self.period else ''}"
        return f"{head}{self.separator or ' '}Description{'.' if self.period else ''}"


def shape_of(item: OutlineItem) -> Shape:
    text = " ".join(item.text.split())
    first = item.links[0] if item.links else None
    if first is None or first.kind not in (LinkKind.INLINE, LinkKind.REFERENCE) or not first.text:
        return Shape(False, None, _ends_with_period(text))
    link_text = " ".join(first.text.split())
    at = text.find(link_text)
    if at < 0 or any(c.isalnum() for c in text[:at]):
        return Shape(False, None, _ends_with_period(text))
    rest = text[at + len(link_text) :]
    if not rest.strip():
        return Shape(True, "", _ends_with_period(rest))
    match = _SEPARATOR.match(rest)
    separator = None
    if match:
        mark = (match.group("dash") or match.group("colon")).strip()
        separator = _SEPARATORS[mark]
    tags_only = separator is None and not any(c.isalnum() for c in rest.lstrip()[:1])
    abbreviation = bool(_ABBREVIATION.search(_TRAILING_TAG.sub("", rest).rstrip()))
    return Shape(True, separator, _ends_with_period(rest), tags_only, abbreviation)


def _differences(shape: Shape, expected: Shape) -> list[str]:
    if not shape.link:
        return ["does not start with a link"]
    found: list[str] = []
    # A description is optional, and a note after a link where the others have none is
    # no style break: only a description written differently is.
    if shape.separator != expected.separator and expected.separator:
        if shape.separator == "" or shape.tags_only:
            pass
        elif shape.separator is None:
            found.append(f'has no "{expected.separator.strip()}" after the link')
        else:
            found.append(
                f'uses "{shape.separator.strip()}" instead of "{expected.separator.strip()}"'
            )
    if shape.period != expected.period and shape.separator and expected.separator:
        if expected.period:
            found.append("does not end with a period")
        elif not shape.abbreviation:
            found.append("ends with a period")
    return found


_NOTE_WORDS = 6
_TASK_BOX = re.compile(r"^\s*\[[ xX]\]\s")


def _not_an_entry(item: OutlineItem) -> bool:
    """A group label (holding a nested list, or ending with `:`) or a checklist task."""
    text = item.text.strip()
    if item.children or text.endswith((":", "：")):
        return True
    return bool(_TASK_BOX.match(text)) and not item.links


def _lists(items: list[OutlineItem]) -> Iterator[list[OutlineItem]]:
    yield items
    for item in items:
        if item.children:
            yield from _lists(item.children)


def check(context: LintContext) -> Iterator[Finding]:
    minimum = int(context.option(RULE.name, "min-items", 4))
    threshold = float(context.option(RULE.name, "threshold", 0.75))
    toc = context.document.toc
    for block in context.document.outline:
        if block.kind != "list" or not block.items:
            continue
        if toc is not None and toc.start_line <= block.start_line <= toc.end_line:
            continue
        for items in _lists(block.items):
            if len(items) < minimum:
                continue
            shapes = [shape_of(item) for item in items]
            expected, count = Counter(shapes).most_common(1)[0]
            if not expected.link or count < threshold * len(items) or count == len(items):
                continue
            for item, shape in zip(items, shapes, strict=True):
                if _not_an_entry(item):
                    continue
                problems = _differences(shape, expected) if shape != expected else []
                if not problems:
                    continue
                yield RULE.finding(
                    context,
                    item.position,
                    f"list item {' and '.join(problems)}; "
                    f"{count} of {len(items)} items here read `{expected.describe()}`",
                )


RULE = Rule(
    code="RL412",
    name="list-item-style",
    severity=Severity.WARNING,
    summary="A list item whose shape differs from the rest of its list",
    doc=__doc__ or "",
    check=check,
    options={"min-items": 4, "threshold": 0.75},
    default=False,
)
