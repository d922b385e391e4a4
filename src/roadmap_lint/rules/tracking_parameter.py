"""tracking-parameter: a URL carrying parameters that only track who clicked.

`utm_*`, `fbclid`, `gclid`, `dclid`, `msclkid`, `yclid`, `mc_cid`, `mc_eid`, `igshid`,
`_hsenc`, `_hsmi`, `spm`, `ref`, `ref_src`, `ref_url`, coupon and affiliate codes
(`coupon`, `couponCode`, `affiliate`, `aff_id`), and on the hosts where they track:
YouTube's and Spotify's `si` (YouTube's `feature` and `pp` too) and Amazon's `tag`.
Parameters that choose what the page shows are never reported (YouTube's `v`, `list`
and `t`, a search's `q`, `id`, `page`), nor `ref` on code forges, where it names a
branch. More names can be added with the `extra-parameters` option.

The suggestion is the URL without them; `--fix` removes them, keeping every other
character as written (order, encoding, fragment).

Fails:

    - [Linear Algebra](https://www.3blue1brown.com/topics/linear-algebra?ref=mrdbourke.com)
    - [Signal Processing](https://www.udemy.com/course/signal-processing/?couponCode=2021PM20)

Passes:

    - [Linear Algebra](https://www.3blue1brown.com/topics/linear-algebra)
    - [Lecture](https://www.youtube.com/watch?v=qwAFL1597eM&t=42)
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Edit, Finding, Severity
from ..urls import tracking_parameters, without_tracking
from . import Rule
from .content_common import locate, written_urls
from .context import LintContext


def check(context: LintContext) -> Iterator[Finding]:
    extra = [str(name) for name in context.option(RULE.name, "extra-parameters", [])]
    for link in written_urls(context):
        url = link.url.strip()
        names = tracking_parameters(url, extra)
        if not names:
            continue
        cleaned = without_tracking(url, extra)
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
        )


RULE = Rule(
    code="RL404",
    name="tracking-parameter",
    severity=Severity.WARNING,
    summary="Tracking or affiliate parameters in a URL",
    doc=__doc__ or "",
    check=check,
    options={"extra-parameters": []},
)
