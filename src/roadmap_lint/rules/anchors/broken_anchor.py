"""broken-anchor: a `#fragment` that matches no heading or HTML anchor.

Checked for in-document links (`#section`) and for links into other Markdown files of
the repository (`guide.md#section`). Fragments are percent-decoded; `#`, `#top`,
`#readme` and `#user-content-…` resolve. A rendered Markdown file has no line anchors,
so `#L10` is a fragment like any other. When one existing anchor is clearly the closest,
it is offered as the suggestion.

`--fix` rewrites the fragment to the suggestion only when it is plainly the same name:
equal but for case, `-` and `_`; spelt almost alike (`neighbours`/`neighbors`, a letter
dropped) with the same digits; or the start of the anchor, cut at a word
(`#interactive-playground` for `#interactive-playground-of-methods`). A different word
or number (`#python-2` for `#python-3`, `#tailwindcss` for `#html-and-css`) or two equally
close anchors get no fix.

Fails:

    ## k-Nearest Neighbors (k-NN)
    [k-NN](#k-nearest-neighbours-k-nn)

Passes:

    ## k-Nearest Neighbors (k-NN)
    [k-NN](#k-nearest-neighbors-k-nn)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from roadmap_lint.fix.edits import fragment_edit
from roadmap_lint.markdown.anchors import AnchorIndex, Resolution, decode_fragment
from roadmap_lint.model import Edit, Finding, Position, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.context import FragmentLink, LintContext

_SEPARATORS = re.compile(r"[-_]")
_DIGITS = re.compile(r"\d+")
# How alike two names must be, separators aside, to be one name spelt differently.
_SPELLING_RATIO = 0.9
# A fragment this long that starts the anchor at a word boundary names it.
_MIN_PREFIX = 8


def written_at(context: LintContext, item: FragmentLink) -> Position:
    """Where the fragment is written, and fixed: a reference link's is in its definition."""
    definition = context.document.definitions.get(item.link.label or "")
    return definition.position if definition is not None else item.link.position


def once_per_place(context: LintContext, items: Iterator[FragmentLink]) -> Iterator[FragmentLink]:
    """The items, one per place their fragment is written (links sharing a definition)."""
    seen: set[Position] = set()
    for item in items:
        place = written_at(context, item)
        if place not in seen:
            seen.add(place)
            yield item


def check(context: LintContext) -> Iterator[Finding]:
    for item in once_per_place(context, iter(context.fragment_links())):
        if item.anchors.resolve(item.fragment) is not Resolution.MISSING:
            continue
        suggestion = item.anchors.suggest(item.fragment)
        where = item.where
        yield RULE.finding(
            context,
            written_at(context, item),
            f"anchor #{item.fragment} does not exist{where}",
            target=item.link.url,
            suggestion=item.with_fragment(suggestion) if suggestion is not None else None,
            fix=fragment_fix(context, item, fix_target(item.anchors, item.fragment)),
            group=item.link.url,
        )


def fix_target(anchors: AnchorIndex, fragment: str) -> str | None:
    """The anchor a missing fragment plainly means, for `--fix`; None unless it is certain."""
    suggestion = anchors.suggest(fragment)
    if suggestion is None:
        return None
    return suggestion if _plainly_same(decode_fragment(fragment), suggestion) else None


def _plainly_same(written: str, anchor: str) -> bool:
    written, anchor = written.casefold(), anchor.casefold()
    if len(written) >= _MIN_PREFIX and anchor.startswith(written.rstrip("-") + "-"):
        return True  # the heading grew words at its end
    bare_written, bare_anchor = _SEPARATORS.sub("", written), _SEPARATORS.sub("", anchor)
    if bare_written == bare_anchor:
        return True
    if _DIGITS.findall(written) != _DIGITS.findall(anchor):
        return False
    ratio = difflib.SequenceMatcher(None, bare_written, bare_anchor, autojunk=False).ratio()
    return ratio >= _SPELLING_RATIO


def fragment_fix(
    context: LintContext, item: FragmentLink, fragment: str | None
) -> tuple[Edit, ...]:
    """The edit that gives the link `#fragment` instead of its own, when it can be made exactly."""
    if fragment is None:
        return ()
    definition = context.document.definitions.get(item.link.label or "")
    document = context.document
    edit = fragment_edit(document.text, document.line_starts, item.link, fragment, definition)
    return (edit,) if edit is not None else ()


RULE = Rule(
    code="RL101",
    name="broken-anchor",
    severity=Severity.ERROR,
    summary="Link to a #fragment that no heading or anchor has",
    doc=__doc__ or "",
    check=check,
)
