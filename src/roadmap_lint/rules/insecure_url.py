"""insecure-url: a link or image over plain `http://`.

Readers following it can be eavesdropped on or sent a tampered page, and browsers warn
about or block `http://` images on `https://` pages. Loopback, private and `.local`
addresses, single-label intranet names and the `example.com` domains are not reported.
Offline this only reports the link; whether the `https://` address serves the same page is
for the online checks to verify, so no fix is offered here. Hosts known to have no
`https://` can be listed in the `allow-hosts` option.

Fails:

    - [Bayesian Optimization notes](http://haikufactory.com/files/bayopt.pdf)

Passes:

    - [Bayesian Optimization notes](https://haikufactory.com/files/bayopt.pdf)
    - [Local dashboard](http://localhost:8888/)
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding, Severity
from ..urls import host_of, is_local_host
from . import Rule
from .content_common import written_urls
from .context import LintContext


def check(context: LintContext) -> Iterator[Finding]:
    allowed = {host.lower() for host in context.option(RULE.name, "allow-hosts", [])}
    for link in written_urls(context):
        url = link.url.strip()
        if url[:7].lower() != "http://":
            continue
        host = host_of(url)
        if is_local_host(host) or host in allowed or host.removeprefix("www.") in allowed:
            continue
        what = "image" if link.is_image else "link"
        yield RULE.finding(
            context,
            link.position,
            f"{what} to {url} is not encrypted (http://)",
            target=url,
            suggestion="https://" + url[7:],
        )


RULE = Rule(
    code="RL403",
    name="insecure-url",
    severity=Severity.WARNING,
    summary="A link or image over plain http://",
    doc=__doc__ or "",
    check=check,
    options={"allow-hosts": []},
)
