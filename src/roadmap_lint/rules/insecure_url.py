"""insecure-url: a link or image over plain `http://`.

Readers following it can be eavesdropped on or sent a tampered page, and browsers warn
about or block `http://` images on `https://` pages. Loopback, private and `.local`
addresses, single-label intranet names and the `example.com` domains are not reported.
Offline this only reports the link. Online, when the server itself redirects `http://` to
the `https://` form, that form is verified and `--fix` rewrites the link to it. With
`--fix`, the `https://` form of other `http://` links (without an explicit port) is
requested as well, and the link is rewritten only when both answer alike with success;
when it does not answer, the warning says so. A plain check sends no such extra request,
so servers are not asked twice for every `http://` link. Hosts known to have no `https://`
can be listed in the `allow-hosts` option.

Fails:

    - [Bayesian Optimization notes](http://haikufactory.com/files/bayopt.pdf)

Passes:

    - [Bayesian Optimization notes](https://haikufactory.com/files/bayopt.pdf)
    - [Local dashboard](http://localhost:8888/)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ..model import Edit, Finding, LinkResult, LinkState, Severity
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


def https_form(url: str) -> str:
    return "https://" + url.strip()[7:]


def verified(http: LinkResult | None, https: LinkResult | None) -> bool:
    """Whether the `https://` address serves what the `http://` one does."""
    if http is None:
        return False
    if http.state is LinkState.REDIRECTED and http.final_url:
        # The server itself sends readers to the https:// form: no further request needed.
        secure = https_form(http.url).split("#")[0].rstrip("/")
        return http.final_url.split("#")[0].rstrip("/") == secure
    if https is None:
        return False
    alive = (LinkState.OK, LinkState.REDIRECTED)
    return http.state in alive and https.state in alive and http.http_status == https.http_status


def with_online_verdict(
    finding: Finding, http: LinkResult | None, https: LinkResult | None
) -> Finding:
    """The offline finding, completed by what the two requests showed."""
    url = finding.target or ""
    if verified(http, https):
        secure = https_form(url)
        return dataclasses.replace(
            finding,
            message=f"{finding.message}; {secure} serves the same page",
            suggestion=secure,
            fix=(Edit(finding.line, finding.column, url, secure),),
        )
    if https is not None and https.state in (LinkState.BROKEN, LinkState.UNKNOWN):
        return dataclasses.replace(
            finding, message=f"{finding.message}; its https:// form did not answer", suggestion=None
        )
    return finding


RULE = Rule(
    code="RL403",
    name="insecure-url",
    severity=Severity.WARNING,
    summary="A link or image over plain http://",
    doc=__doc__ or "",
    check=check,
    options={"allow-hosts": []},
)
