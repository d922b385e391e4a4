"""tracking-parameter: tracking that came along with a copied URL.

A URL copied from a social network, a newsletter, a search result or an AI assistant
carries that visit's tracking: click identifiers (`fbclid`, `gclid`, `msclkid`, `igshid`,
`mc_eid`…), YouTube's and Spotify's share markers (`si`, YouTube's `feature` and `pp`),
Facebook's and LinkedIn's own (`ref`, `trk`), `utm_*` whose source or medium is a share,
a social network, an e-mail, a feed or an assistant (`utm_source=chatgpt.com`,
`utm_medium=social`), and a `ref` naming where the visitor came from (`?ref=newsletter`,
`?ref=example.com`). They tell the next site where your readers came from and make one
page look like several.

Attribution the list's owner placed on purpose is never reported: links in a sponsor
block (raw HTML logos, a section or line about sponsors, partners or affiliates),
`utm_*` naming a referral, sponsorship, affiliate or badge, `utm_*` with nothing to say
where they came from, affiliate and referral codes, coupon codes, `ref` on code forges
(a branch) and in API calls. Parameters that choose what the page shows (`v`, `list`,
`t`, `q`, `id`, `page`) are never touched. More names can be added with the
`extra-parameters` option.

The suggestion is the URL without them; `--fix` removes them, keeping every other
character as written (order, encoding, fragment).

Fails:

    - [Linear Algebra](https://www.3blue1brown.com/topics/linear-algebra?ref=mrdbourke.com)
    - [EAGLE-3 paper](https://arxiv.org/abs/2503.01840?utm_source=chatgpt.com)
    - [Lecture](https://www.youtube.com/watch?v=qwAFL1597eM&feature=youtu.be)

Passes:

    - [Linear Algebra](https://www.3blue1brown.com/topics/linear-algebra)
    - [Lecture](https://www.youtube.com/watch?v=qwAFL1597eM&t=42)
    - [Signal Processing](https://www.udemy.com/course/signal-processing/?couponCode=2021PM20)
    - [Comet](https://www.comet.com/site/?utm_source=awesome-datascience&utm_medium=referral)
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Edit, Finding, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.content.common import in_sponsor_block, locate, written_urls
from roadmap_lint.rules.content.copied_tracking import copied_tracking, without
from roadmap_lint.rules.context import LintContext


def check(context: LintContext) -> Iterator[Finding]:
    extra = [str(name) for name in context.option(RULE.name, "extra-parameters", [])]
    for link in written_urls(context):
        url = link.url.strip()
        names = copied_tracking(url, extra)
        if not names or in_sponsor_block(context, link):
            continue
        cleaned = without(url, names)
        place = locate(context, link.position, url)
        fix = (Edit(place.line, place.column, url, cleaned),) if place else ()
        plural = "s" if len(names) > 1 else ""
        yield RULE.finding(
            context,
            link.position,
            f"tracking parameter{plural} {', '.join(names)} in {url}",
            target=url,
            suggestion=cleaned,
            fix=fix,
            group=url,
        )


RULE = Rule(
    code="RL404",
    name="tracking-parameter",
    severity=Severity.WARNING,
    summary="Tracking that came along with a copied URL",
    doc=__doc__ or "",
    check=check,
    options={"extra-parameters": []},
)
