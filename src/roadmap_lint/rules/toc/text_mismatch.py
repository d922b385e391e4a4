# ruff: noqa: RUF002  (the homoglyph example mixes scripts on purpose)
"""toc-text-mismatch: a table-of-contents entry whose text or link plainly names another heading.

An entry's text often differs from its heading on purpose: a translation pointing at an
untranslated heading, a short form ("Intro to Optimization", "F#" for "F Sharp"), a
heading's number or emoji dropped. Only clear mistakes are reported:

- the entry links to a heading other than the one its text and place name: another
  heading has exactly the entry's text and no entry of its own, under the section the
  entry is nested in (`[Installation](#installation)` under "PyTorch" reaching
  TensorFlow's "Installation"; PyTorch's own is `#installation-1`). The suggestion is
  that heading's anchor, and `--fix` rewrites the link to it;
- a word of the entry written with look-alike letters of another script (a Latin `c` in
  a Cyrillic word: "Работа c cетью" for "Работа с сетью");
- a typo: one word of the entry one or two letters away from the heading's (both at least
  five letters long, the same script, agreeing at both ends, so not an inflection), all
  other words the same ("Algoritms" for "Algorithms").

Case, emoji, symbols, punctuation, numbering (`1.`, `2.3`), `&` for "and", and links back
to the TOC inside headings (`### Tools [[TOC]](#contents)`) are ignored throughout.

Fails:

    - [TensorFlow](#tensorflow)
      - [Installation](#installation)
    - [PyTorch](#pytorch)
      - [Installation](#installation)     (PyTorch's own is #installation-1)
    - [Работа c cетью](#работа-с-сетью)    (a Latin "c" in each word)
    ## TensorFlow
    ### Installation
    ## PyTorch
    ### Installation
    ## Работа с сетью

Passes:

    - [Установка](#installation)
    - [Intro to Optimization](#introduction-to-mathematical-optimization)
    ## Installation
    ## Introduction to Mathematical Optimization
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.fix.edits import fragment_edit
from roadmap_lint.model import Edit, Finding, Heading, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.context import LintContext
from roadmap_lint.rules.toc.common import toc_view
from roadmap_lint.rules.toc.text import homoglyph_words, scripts, typo_word
from roadmap_lint.rules.toc.view import ResolvedEntry, TocView


def check(context: LintContext) -> Iterator[Finding]:
    view = toc_view(context)
    if view is None:
        return
    for item in view.linked:
        if item.linked is not None and item.heading is not None:
            yield _wrong_target(context, view, item, item.linked, item.heading)
        elif item.exact and item.heading is not None:
            finding = _misspelt(context, view, item, item.heading)
            if finding is not None:
                yield finding


def _wrong_target(
    context: LintContext, view: TocView, item: ResolvedEntry, linked: Heading, meant: Heading
) -> Finding:
    text, target = item.entry.text.strip(), item.entry.target
    anchor = f"#{view.fragment(meant)}"
    if view.title(linked) != view.title(meant):
        message = (
            f'entry "{text}" links to {target}, heading "{view.title(linked)}"; '
            f'heading "{view.title(meant)}" is {anchor}'
        )
    else:
        message = (
            f'entry "{text}" links to {target}, the "{view.title(linked)}"'
            f"{_under(view, linked)}; the one{_under(view, meant)} is {anchor}"
        )
    return RULE.finding(
        context,
        item.entry.position,
        message,
        target=target,
        suggestion=anchor,
        fix=_link_fix(context, item, view.fragment(meant)),
    )


def _under(view: TocView, heading: Heading) -> str:
    parent = view.parent(heading)
    return f' under "{view.title(parent)}"' if parent is not None else " at the top"


def _misspelt(
    context: LintContext, view: TocView, item: ResolvedEntry, heading: Heading
) -> Finding | None:
    text, title = item.entry.text.strip(), view.title(heading)
    lookalikes = homoglyph_words(text, title)
    if lookalikes:
        words = ", ".join(f'"{word}"' for word in lookalikes)
        foreign = _names(scripts("".join(lookalikes)) - scripts(title))
        detail = f"{words} hold {foreign} letters that look like {_names(scripts(title))} ones"
    else:
        typo = typo_word(text, title)
        if typo is None:
            return None
        detail = f'"{typo[0]}" for "{typo[1]}"'
    return RULE.finding(
        context,
        item.entry.position,
        f'entry "{text}" differs from its heading "{title}": {detail}',
        target=item.entry.target,
        suggestion=title,
    )


def _names(found: set[str]) -> str:
    return "/".join(sorted(name.title() for name in found)) or "other"


def _link_fix(context: LintContext, item: ResolvedEntry, fragment: str) -> tuple[Edit, ...]:
    document = context.document
    link = next(
        (
            link
            for link in document.links
            if link.position == item.entry.position and link.url == item.entry.target
        ),
        None,
    )
    if link is None:
        return ()
    definition = document.definitions.get(link.label or "")
    edit = fragment_edit(document.text, document.line_starts, link, fragment, definition)
    return (edit,) if edit is not None else ()


RULE = Rule(
    code="RL203",
    name="toc-text-mismatch",
    severity=Severity.WARNING,
    summary="Table-of-contents entry linking to the wrong heading, or misspelling it",
    doc=__doc__ or "",
    check=check,
)
