"""duplicate-url: the same resource listed more than once.

URLs are compared after normalisation: scheme and host case, `http` versus `https`, a
leading `www.`, the default port, a trailing slash, tracking parameters (`utm_source`…)
and the `#fragment` do not count, except that two different fragments (`spec#a` and
`spec#b`, two sections of one long page) are different citations; set
`ignore-fragments = true` to count them as duplicates too. Each later occurrence is
reported, pointing at the first; a repeat on the same line (`[Site](url) <url>`, the
address shown next to its name) is deliberate and not reported. Only links written in Markdown are compared: in-document
`#` links, images and badges, raw HTML (`<a href>` in banners and generated tables) and
the table of contents are not.

Fails:

    - [Pandas tutorial](https://pandas.pydata.org/docs/getting_started/)
    ...
    - [Pandas getting started](http://www.pandas.pydata.org/docs/getting_started?utm_source=x)

Passes: each resource listed once (repeat it on purpose with
`<!-- roadmap-lint-disable-next-line duplicate-url -->`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, Link, LinkKind, Severity
from ..urls import normalise
from . import Rule
from .content_common import listed_web_links
from .context import LintContext


def first_occurrences(context: LintContext, name: str) -> Iterator[tuple[Link, Link]]:
    """(first, later) for every Markdown link whose resource was listed before."""
    ignore_fragments = bool(context.option(name, "ignore-fragments", False))
    # Per resource: its first link of all, its first without a fragment, its first per fragment.
    first: dict[str, Link] = {}
    first_bare: dict[str, Link] = {}
    first_with: dict[tuple[str, str], Link] = {}
    for link in listed_web_links(context):
        if link.kind is LinkKind.HTML:
            continue
        fragment = "" if ignore_fragments else link.url.strip().partition("#")[2]
        key = normalise(link.url)
        if fragment:
            # A page and a part of it are the same citation; two parts of it are not.
            candidates = [c for c in (first_bare.get(key), first_with.get((key, fragment))) if c]
            match = min(candidates, key=lambda c: c.position) if candidates else None
        else:
            match = first.get(key)
        if match is not None and match.position.line != link.position.line:
            yield match, link
        first.setdefault(key, link)
        if fragment:
            first_with.setdefault((key, fragment), link)
        else:
            first_bare.setdefault(key, link)


def check(context: LintContext) -> Iterator[Finding]:
    for first, link in first_occurrences(context, RULE.name):
        same = "" if first.url == link.url else f" ({first.url})"
        yield RULE.finding(
            context,
            link.position,
            f"{link.url} is already listed on line {first.position.line}{same}",
            target=link.url,
        )


RULE = Rule(
    code="RL401",
    name="duplicate-url",
    severity=Severity.WARNING,
    summary="The same resource listed more than once",
    doc=__doc__ or "",
    check=check,
    options={"ignore-fragments": False},
)
