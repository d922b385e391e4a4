"""insecure-url: an `http://` link whose `https://` form is verified to serve the same page.

Readers following an `http://` link can be eavesdropped on or sent a tampered page, and
browsers warn about or block `http://` images on `https://` pages. By default a link is
reported only when its `https://` form is known to work, so every finding can be fixed:
when the server itself redirects `http://` to the `https://` form (seen on every online
run, with no extra request), or, with `--fix`, when the `https://` form is requested too
and answers alike with success. `--fix` then rewrites the link. Offline, nothing can be
verified and nothing is reported.

Name the rule (`--select insecure-url` or `--extend-select insecure-url`) to list every
`http://` link instead, verified or not; an unverified one gets no suggestion, and one
whose `https://` form did not answer says so.

Loopback, private and `.local` addresses, single-label intranet names and the
`example.com` domains are never reported, nor hosts listed in the `allow-hosts` option.

Fails (online, the server answers `301` to `https://haikufactory.com/files/bayopt.pdf`):

    - [Bayesian Optimization notes](http://haikufactory.com/files/bayopt.pdf)

Passes:

    - [Bayesian Optimization notes](https://haikufactory.com/files/bayopt.pdf)
    - [Local dashboard](http://localhost:8888/)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit

from roadmap_lint.model import Edit, Finding, LinkResult, LinkState, Severity
from roadmap_lint.rules.base import Rule, RunVerdicts
from roadmap_lint.rules.content.common import written_urls
from roadmap_lint.rules.context import LintContext
from roadmap_lint.urls import host_of, is_local_host


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
            group=url,
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


def probe(results: Sequence[LinkResult]) -> list[str]:
    """The `https://` forms of `http://` links, requested when fixing, to verify an upgrade."""
    known = {result.url for result in results}
    return sorted(
        {
            https_form(result.url)
            for result in results
            if result.url[:7].lower() == "http://"
            and result.state is not LinkState.EXCLUDED
            and _default_port(result.url)  # another port is another service
            and https_form(result.url) not in known
        }
    )


def _default_port(url: str) -> bool:
    try:
        return urlsplit(url).port is None
    except ValueError:
        return False


def settle(findings: list[Finding], verdicts: RunVerdicts, named: bool) -> list[Finding]:
    """The findings once the link verdicts are known (`by_url` is empty offline).

    Each http:// finding is completed with what the requests showed; unless the rule was
    named, only the verified ones (those with a fix) are kept. A permanent redirect from
    a link to its own https:// form is this rule's finding, not also `redirected-link`'s.
    """
    settled: list[Finding] = []
    upgraded: set[tuple[str, int, int]] = set()
    by_url = verdicts.by_url
    for finding in findings:
        if finding.rule == RULE.name and finding.target:
            target = finding.target
            if verdicts.covers(finding):
                finding = with_online_verdict(
                    finding, by_url.get(target), by_url.get(https_form(target))
                )
            if finding.fix:
                upgraded.add((finding.path, finding.line, finding.column))
            elif not named:
                continue
        settled.append(finding)
    return [
        finding
        for finding in settled
        if not (
            finding.rule == "redirected-link"
            and (finding.path, finding.line, finding.column) in upgraded
            and _only_secured(finding)
        )
    ]


def _only_secured(redirect: Finding) -> bool:
    """Whether a redirect finding leads only to the link's own https:// form."""
    if not redirect.target or not redirect.suggestion:
        return False
    secure = https_form(redirect.target).split("#")[0].rstrip("/")
    return redirect.suggestion.split("#")[0].rstrip("/") == secure


RULE = Rule(
    code="RL403",
    name="insecure-url",
    severity=Severity.WARNING,
    summary="A link or image over plain http://",
    doc=__doc__ or "",
    check=check,
    options={"allow-hosts": []},
    probe=probe,
    settle=settle,
)
