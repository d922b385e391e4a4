"""duplicate-url: the same resource listed twice in one section.

Entries (list items and table rows that start with a link) are compared by URL after
normalisation: scheme and host case, `http` versus `https`, a leading `www.`, the default
port, a trailing slash, tracking parameters and the `#fragment` do not count, except that
two different fragments (`spec#a` and `spec#b`, two sections of one long page) are two
citations (`ignore-fragments = true` counts them as one). The later entry is reported,
pointing at the first.

Only repeats within one section (under the same heading) are reported by default: a
resource listed under two categories is a deliberate cross-listing, and a link mentioned
again in a sentence or a sponsor block is not an entry. Name the rule
(`--select duplicate-url` or `--extend-select duplicate-url`) to have repeats across
sections reported too. Two entries whose texts name different things but share a URL are
`duplicate-url-title`'s finding, not this rule's.

Fails:

    ## Data frames
    - [Pandas tutorial](https://pandas.pydata.org/docs/getting_started/)
    - [NumPy](https://numpy.org/)
    - [Pandas: getting started](http://www.pandas.pydata.org/docs/getting_started?utm_source=x)

Passes: each resource listed once per section; the same resource under `## Python` and
`## Data science`; a repeat on the same line (`[Site](url) <url>`); a repeat marked with
`<!-- roadmap-lint-disable-next-line duplicate-url -->`.
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.content.repeats import repeated_entries
from roadmap_lint.rules.content.titles import Relation
from roadmap_lint.rules.context import LintContext


def check(context: LintContext) -> Iterator[Finding]:
    across_sections = RULE.name in context.named
    for repeat in repeated_entries(context):
        if repeat.deliberate or repeat.relation is Relation.DIFFERENT:
            continue
        if not (repeat.same_section or across_sections):
            continue
        first, link = repeat.first.link, repeat.later.link
        same = "" if first.url == link.url else f" ({first.url})"
        where = "" if repeat.same_section else " in another section"
        yield RULE.finding(
            context,
            link.position,
            f"{link.url} is already listed on line {first.position.line}{where}{same}",
            target=link.url,
            group=repeat.key,
        )


RULE = Rule(
    code="RL401",
    name="duplicate-url",
    severity=Severity.WARNING,
    summary="The same resource listed twice in one section",
    doc=__doc__ or "",
    check=check,
    options={"ignore-fragments": False},
)
