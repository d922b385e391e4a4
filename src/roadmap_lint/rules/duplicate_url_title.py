"""duplicate-url-title: the same resource listed under different names.

Links whose URLs are the same after normalisation (as for `duplicate-url`) but whose texts
differ (white space and case aside) are reported at the later link, naming the first. A
reader cannot tell they lead to the same place. Links without text of their own (raw HTML,
bare URLs, autolinks) are not compared.

Fails:

    - [Intro to Statistics](https://www.khanacademy.org/math/statistics-probability)
    ...
    - [Probability basics](https://khanacademy.org/math/statistics-probability/)

Passes: one name for one resource, or the second occurrence removed.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, LinkKind, Severity
from . import Rule
from .content_common import plain
from .context import LintContext
from .duplicate_url import first_occurrences

_NAMED = (LinkKind.INLINE, LinkKind.REFERENCE)


def check(context: LintContext) -> Iterator[Finding]:
    reported: set[tuple[int, int]] = set()
    for first, link in first_occurrences(context, "duplicate-url"):
        if first.kind not in _NAMED or link.kind not in _NAMED:
            continue
        first_text, text = plain(first.text), plain(link.text)
        if not first_text or not text or first_text.casefold() == text.casefold():
            continue
        key = (link.position.line, link.position.column)
        if key in reported:
            continue
        reported.add(key)
        yield RULE.finding(
            context,
            link.position,
            f'"{text}" links to the same resource as "{first_text}" on line {first.position.line}',
            target=link.url,
            suggestion=first_text,
        )


RULE = Rule(
    code="RL402",
    name="duplicate-url-title",
    severity=Severity.WARNING,
    summary="The same resource listed under different link texts",
    doc=__doc__ or "",
    check=check,
)
