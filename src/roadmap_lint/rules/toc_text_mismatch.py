"""toc-text-mismatch: a table-of-contents entry whose text differs from its heading.

Emoji, symbols, punctuation, numbering (`1.`, `2.3`), `&` for "and", case and white space
are ignored; anything else that differs is reported with the heading's text as the
suggestion.

Fails:

    - [Setup](#installation)
    ## Installation

Passes:

    - [🛠️ 1. Installation](#1-installation)
    ## 1. Installation
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..model import Finding, Severity
from . import Rule
from .context import LintContext
from .toc_common import resolve_entries

# Punctuation is already blanked when this runs, so "1.2." has become "1 2".
_NUMBERING = re.compile(r"^(?:\d+ )+")


def normalise(text: str) -> str:
    text = text.casefold().replace("&", " and ")
    kept = "".join(c if unicodedata.category(c)[0] in "LNM" else " " for c in text)
    return _NUMBERING.sub("", " ".join(kept.split()))


def check(context: LintContext) -> Iterator[Finding]:
    resolved = resolve_entries(context)
    if resolved is None:
        return
    for item in resolved[1]:
        if not item.exact or item.heading is None:
            continue
        if normalise(item.entry.text) != normalise(item.heading.text):
            yield RULE.finding(
                context,
                item.entry.position,
                f'entry "{item.entry.text.strip()}" differs from its heading '
                f'"{item.heading.text.strip()}"',
                target=item.entry.target,
                suggestion=item.heading.text.strip(),
            )


RULE = Rule(
    code="RL203",
    name="toc-text-mismatch",
    severity=Severity.WARNING,
    summary="Table-of-contents entry text differs from its heading",
    doc=__doc__ or "",
    check=check,
)
