"""Rot that no status code shows (net/rot.py): soft 404s, parked domains, deep links sent to
the home page, and fragments on pages built by scripts. Every exchange is mocked (respx, the
`Net` harness of test_net_unit.py); the site's answer at an address that cannot exist (the
probe) is matched by its shape: the origin, then 24 random letters and digits."""

from __future__ import annotations

import re

import httpx
import pytest

from roadmap_lint.model import LinkState
from roadmap_lint.net import rot
from roadmap_lint.net.fragments import read_anchors
from roadmap_lint.net.settings import NetSettings

from .test_net_unit import CountingStream, Net, html, redirect


@pytest.fixture
def net() -> Net:
    return Net()


SITE = "https://site.example"
DEEP = f"{SITE}/docs/old-guide"


def probe_of(origin: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(origin)}/[a-z0-9]{{24}}$")


def probes(net: Net, origin: str = SITE) -> list[str]:
    pattern = probe_of(origin)
    return [url for _, url in net.seen() if pattern.match(url)]


def not_found_page(path: str = "") -> httpx.Response:
    """A site's "not found" page, served with 200; it repeats the address asked."""
    return html(
        "<html><head><title>Page not found | Example Docs</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/docs/">Docs</a> <a href="/blog/">Blog</a></nav>'
        f"<h1>Oops! That page can't be found.</h1><p>We looked everywhere for {path} "
        "but it seems to have wandered off. Try the search box, or go back to the docs home "
        "and browse the table of contents from there.</p><footer>Example Docs, since 2009"
        "</footer></body></html>"
    )


def article(title: str) -> httpx.Response:
    return html(
        f"<html><head><title>{title} | Example Blog</title></head><body>"
        f'<article><h1 id="top">{title}</h1><p>A 404 Not Found status means the server '
        "cannot find the requested resource. Links that lead to a 404 page are often called "
        "broken or dead links. In this article we look at the usual causes: a page that was "
        "moved without a redirect, a typo in the address, a deleted post.</p>"
        '<h2 id="fix">How to fix it</h2><p>Add a permanent redirect, fix the link, or '
        "restore the page.</p></article></body></html>"
    )


# ---------------------------------------------------------------------------------------------
# soft 404s


def test_a_not_found_page_the_site_serves_everywhere_is_a_soft_404(net: Net) -> None:
    net.router.get(DEEP).mock(return_value=not_found_page("/docs/old-guide"))
    net.router.get(url__regex=probe_of(SITE).pattern).mock(
        side_effect=lambda request: not_found_page(request.url.path)
    )

    result = net.run([DEEP])

    verdict = result.verdicts[DEEP]
    assert (verdict.state, verdict.reason, verdict.http_status) == (
        LinkState.BROKEN,
        "soft-404",
        200,
    )
    assert "soft 404" in (verdict.error or "")
    assert len(probes(net)) == 1
    assert result.requests == 2  # the page, and the probe that settled it


def test_an_article_about_404_errors_on_a_site_that_does_real_404s_is_alive(net: Net) -> None:
    url = f"{SITE}/blog/how-to-fix-404-errors"
    net.router.get(url).mock(return_value=article("How to fix 404 Not Found errors"))
    net.router.get(url__regex=probe_of(SITE).pattern).respond(404)

    result = net.run([url])

    verdict = result.verdicts[url]
    assert (verdict.state, verdict.reason, verdict.error) == (LinkState.OK, None, None)
    # It looked like a "not found" page (its title says so): the probe told them apart.
    assert len(probes(net)) == 1


def test_an_article_about_404_errors_on_a_site_that_answers_200_everywhere_is_alive(
    net: Net,
) -> None:
    url = f"{SITE}/blog/404-not-found-explained"
    net.router.get(url).mock(return_value=article("404 Not Found explained"))
    net.router.get(url__regex=probe_of(SITE).pattern).mock(
        side_effect=lambda request: not_found_page(request.url.path)
    )

    result = net.run([url])

    assert result.verdicts[url].state is LinkState.OK  # the site's "not found" page is another
    assert len(probes(net)) == 1


def test_a_not_found_looking_page_unlike_what_the_probe_gets_is_not_broken(net: Net) -> None:
    net.router.get(DEEP).mock(return_value=not_found_page("/docs/old-guide"))
    net.router.get(url__regex=probe_of(SITE).pattern).mock(
        return_value=html("<title>Example Docs</title><h1>Welcome</h1><p>Start here.</p>")
    )

    result = net.run([DEEP])

    assert (result.verdicts[DEEP].state, result.verdicts[DEEP].reason) == (LinkState.OK, None)


def test_a_not_found_page_is_not_broken_when_the_probe_gets_no_answer(net: Net) -> None:
    net.router.get(DEEP).mock(return_value=not_found_page("/docs/old-guide"))
    net.router.get(url__regex=probe_of(SITE).pattern).mock(
        side_effect=httpx.ConnectError("refused")
    )

    result = net.run([DEEP])

    assert result.verdicts[DEEP].state is LinkState.OK  # only suggestive: left alive


def test_the_probe_is_made_once_per_site_however_many_suspects(net: Net) -> None:
    pages = [f"{SITE}/docs/gone-{index}" for index in range(6)]
    for page in pages:
        net.router.get(page).mock(return_value=not_found_page(page))
    net.router.get(url__regex=probe_of(SITE).pattern).mock(
        side_effect=lambda request: not_found_page(request.url.path)
    )
    other = "https://other.example/missing"
    net.router.get(other).mock(return_value=not_found_page("/missing"))
    net.router.get(url__regex=probe_of("https://other.example").pattern).respond(404)

    result = net.run([*pages, other], NetSettings(max_per_host=4))

    assert {result.verdicts[page].reason for page in pages} == {"soft-404"}
    assert result.verdicts[other].state is LinkState.OK
    assert len(probes(net)) == 1
    assert len(probes(net, "https://other.example")) == 1
    assert result.requests == len(pages) + 1 + 1 + 1


def test_a_redirect_to_the_sites_error_page_is_a_soft_404(net: Net) -> None:
    net.router.get(DEEP).mock(return_value=redirect(302, "/errors/404.html"))
    net.router.get(url__regex=probe_of(SITE).pattern).mock(
        return_value=redirect(302, "/errors/404.html")
    )
    net.router.get(f"{SITE}/errors/404.html").mock(
        return_value=html("<title>Example</title><p>Nothing to see.</p>")
    )

    result = net.run([DEEP])

    assert (result.verdicts[DEEP].state, result.verdicts[DEEP].reason) == (
        LinkState.BROKEN,
        "soft-404",
    )


def test_an_application_shell_served_everywhere_is_not_called_a_soft_404(net: Net) -> None:
    shell = html(
        "<title>Docs</title><div id='root'></div>"
        "<script>const t = {missing: 'The page you are looking for does not exist'}</script>"
    )
    net.router.get(DEEP).mock(return_value=shell)
    net.router.get(url__regex=probe_of(SITE).pattern).mock(return_value=shell)

    result = net.run([DEEP])

    assert result.verdicts[DEEP].state is LinkState.OK  # what it shows is decided in a browser


def test_a_link_to_a_home_page_is_never_a_soft_404(net: Net) -> None:
    home = "https://404media.example/"
    page = html("<title>404 Media</title><h1>404 Media</h1><p>Journalism about tech.</p>")
    net.router.get(home).mock(return_value=page)

    result = net.run([home])

    assert result.verdicts[home].state is LinkState.OK
    assert net.seen() == [("GET", home)]  # no probe either


# ---------------------------------------------------------------------------------------------
# parked domains

PARKED = html(
    "<html><head><title>lapsed-project.example</title></head><body>"
    "<h1>lapsed-project.example</h1><p>This domain may be for sale!</p>"
    '<a href="https://sedo.com/search/details/?domain=lapsed-project.example">Buy this domain'
    "</a><p>Related searches: Cloud Hosting, Web Design</p></body></html>"
)


def test_a_parking_page_served_for_every_address_is_a_parked_domain(net: Net) -> None:
    url = "https://lapsed-project.example/docs/install"
    net.router.route(host="lapsed-project.example").mock(return_value=PARKED)

    result = net.run([url, "https://lapsed-project.example/"])

    for link in (url, "https://lapsed-project.example/"):
        verdict = result.verdicts[link]
        assert (verdict.state, verdict.reason) == (LinkState.BROKEN, "parked-domain")
        assert "parked domain" in (verdict.error or "")
    assert len(probes(net, "https://lapsed-project.example")) == 1


def test_a_small_site_answering_every_path_with_its_own_page_is_not_parked(net: Net) -> None:
    url = "https://tiny.example/about"
    page = html(
        "<title>tiny.example</title><h1>tiny.example</h1>"
        "<p>Notes on domain-driven design, by a hobbyist. The domain model is the heart "
        "of the software.</p>"
    )
    net.router.route(host="tiny.example").mock(return_value=page)

    result = net.run([url])

    assert (result.verdicts[url].state, result.verdicts[url].reason) == (LinkState.OK, None)


def test_a_page_about_parked_domains_on_a_site_that_does_real_404s_is_alive(net: Net) -> None:
    url = "https://blog.example/what-is-domain-parking"
    net.router.get(url).mock(
        return_value=html(
            "<title>What is domain parking?</title><p>A parked domain shows ads. Services "
            "such as Sedo or Bodis show 'This domain may be for sale' pages.</p>"
        )
    )
    net.router.get(url__regex=probe_of("https://blog.example").pattern).respond(404)

    result = net.run([url])

    assert result.verdicts[url].state is LinkState.OK
    assert len(probes(net, "https://blog.example")) == 1


def test_a_domain_sent_to_a_domain_sale_service_is_parked_without_a_probe(net: Net) -> None:
    url = "https://lapsed-project.example/docs"
    sale = "https://www.hugedomains.com/domain_profile.cfm?d=lapsed-project.example"
    net.router.get(url).mock(return_value=redirect(302, sale))
    net.router.get(sale).mock(return_value=html("<title>Buy it</title>"))

    result = net.run([url])

    verdict = result.verdicts[url]
    assert (verdict.state, verdict.reason) == (LinkState.BROKEN, "parked-domain")
    assert result.requests == 2


# ---------------------------------------------------------------------------------------------
# deep links sent to the home page

HOME = html("<title>Example</title><h1>Welcome to Example</h1><p>Our products.</p>")


def test_a_site_that_sends_every_unknown_address_home_makes_the_link_broken(net: Net) -> None:
    net.router.get(DEEP).mock(return_value=redirect(301, "/"))
    net.router.get(url__regex=probe_of(SITE).pattern).mock(return_value=redirect(302, "/"))
    net.router.get(f"{SITE}/").mock(return_value=HOME)

    result = net.run([DEEP])

    verdict = result.verdicts[DEEP]
    assert (verdict.state, verdict.reason, verdict.final_url) == (
        LinkState.BROKEN,
        "home-redirect",
        None,
    )
    assert f"{SITE}/" in (verdict.error or "")


def test_a_home_redirect_where_the_site_does_real_404s_is_a_warning(net: Net) -> None:
    net.router.get(DEEP).mock(return_value=redirect(301, "https://www.site.example/en/"))
    net.router.get("https://www.site.example/en/").mock(return_value=HOME)
    net.router.get(url__regex=probe_of(SITE).pattern).respond(404)

    result = net.run([DEEP])

    verdict = result.verdicts[DEEP]
    # The link still leads somewhere (a permanent redirect): its state says so; the reason
    # says it is suspect, and the rule suspect-link reports it.
    assert (verdict.state, verdict.reason) == (LinkState.REDIRECTED, "home-redirect")
    assert verdict.final_url == "https://www.site.example/en/"
    assert "may have been removed" in (verdict.error or "")


def test_a_temporary_home_redirect_without_a_probe_answer_is_a_warning(net: Net) -> None:
    net.router.get(DEEP).mock(return_value=redirect(302, "/index.html"))
    net.router.get(f"{SITE}/index.html").mock(return_value=HOME)
    net.router.get(url__regex=probe_of(SITE).pattern).mock(
        side_effect=httpx.ConnectError("refused")
    )

    result = net.run([DEEP])

    assert (result.verdicts[DEEP].state, result.verdicts[DEEP].reason) == (
        LinkState.OK,
        "home-redirect",
    )


def test_a_site_serving_its_home_page_at_every_address_counts_as_sending_it_home(
    net: Net,
) -> None:
    net.router.get(DEEP).mock(return_value=redirect(301, "/"))
    net.router.get(f"{SITE}/").mock(return_value=HOME)
    net.router.get(url__regex=probe_of(SITE).pattern).mock(return_value=HOME)  # no redirect

    result = net.run([DEEP])

    assert result.verdicts[DEEP].reason == "home-redirect"
    assert result.verdicts[DEEP].state is LinkState.BROKEN


@pytest.mark.parametrize(
    ("url", "target"),
    [
        (f"{SITE}/", f"{SITE}/en/"),  # the home page, to its language's
        (f"{SITE}/en", f"{SITE}/en/"),
        (f"{SITE}/docs/guide", f"{SITE}/docs/guide/"),  # a deeper page is no home page
        (f"{SITE}/docs/guide", "https://elsewhere.example/"),  # another site's home
    ],
)
def test_what_is_not_a_home_redirect(net: Net, url: str, target: str) -> None:
    net.router.get(url).mock(return_value=redirect(301, target))
    net.router.get(target).mock(return_value=HOME)

    result = net.run([url])

    assert result.verdicts[url].reason is None
    assert result.verdicts[url].state is LinkState.REDIRECTED
    assert result.requests == 2  # nothing suspect: no probe


# ---------------------------------------------------------------------------------------------
# what is read, and switching it off


def test_a_plain_check_reads_only_the_start_of_a_page(net: Net) -> None:
    stream = CountingStream(first=b"<html><title>Endless</title>", chunk=1000)
    net.router.get(DEEP).mock(
        return_value=httpx.Response(200, headers={"content-type": "text/html"}, stream=stream)
    )

    result = net.run([DEEP])

    assert result.verdicts[DEEP].state is LinkState.OK
    assert net.seen() == [("GET", DEEP)]
    assert stream.pulled <= rot.PEEK_LIMIT // 1000 + 1
    assert stream.closed


def test_a_page_that_is_not_html_is_not_read(net: Net) -> None:
    stream = CountingStream()
    net.router.get(DEEP).mock(
        return_value=httpx.Response(200, headers={"content-type": "application/pdf"}, stream=stream)
    )

    result = net.run([DEEP])

    assert result.verdicts[DEEP].state is LinkState.OK
    assert stream.pulled == 0


def test_with_soft_404_off_no_body_is_read_and_verdicts_are_as_before(net: Net) -> None:
    home_redirect = f"{SITE}/docs/moved"
    net.router.head(DEEP).respond(200, headers={"content-type": "text/html"})
    net.router.head(home_redirect).mock(return_value=redirect(301, "/"))
    net.router.head(f"{SITE}/").respond(200, headers={"content-type": "text/html"})

    result = net.run([DEEP, home_redirect], NetSettings(soft_404=False))

    assert {method for method, _ in net.seen()} == {"HEAD"}
    assert probes(net) == []
    assert (result.verdicts[DEEP].state, result.verdicts[DEEP].reason) == (LinkState.OK, None)
    moved = result.verdicts[home_redirect]
    assert (moved.state, moved.reason, moved.final_url) == (
        LinkState.REDIRECTED,
        None,
        f"{SITE}/",
    )


# ---------------------------------------------------------------------------------------------
# fragments on pages built by scripts

SERVER_RENDERED = (
    "<html><head><title>Guide</title><script>window.analytics = {}</script></head><body>"
    '<h1 id="guide">Guide</h1><h2 id="install">Install</h2><p>pip install it.</p>'
    '<h2 id="usage">Usage</h2><p>Run it.</p><a name="legacy"></a>'
    "<!-- <h2 id='commented'>Old</h2> -->"
    "<script>document.write('<h2 id=\"scripted\">Later</h2>')</script>"
    "</body></html>"
)


@pytest.mark.parametrize(
    "body",
    [
        '<html><head><title>App</title></head><body><div id="root"></div>'
        '<script src="/main.js"></script></body></html>',
        "<html><body><app-root></app-root><script src='runtime.js'></script></body></html>",
        '<html><body><div id="app">\n</div><noscript>You need to enable JavaScript to run this '
        "app.</noscript></body></html>",
        "<html><body><noscript>Please enable JavaScript.</noscript><p>Loading…</p>"
        "<script>" + "var x = 1;" * 300 + "</script></body></html>",
        "<html><body><h1>Docs</h1><script>" + "render();" * 500 + "</script></body></html>",
    ],
    ids=["react-root", "angular", "vue-noscript", "noscript", "mostly-script"],
)
def test_a_missing_fragment_on_a_page_built_by_scripts_is_unknown(net: Net, body: str) -> None:
    url = f"{SITE}/app/page#section-2"
    net.router.get(f"{SITE}/app/page").mock(return_value=html(body))

    result = net.run([url])

    verdict = result.verdicts[url]
    assert (verdict.state, verdict.reason, verdict.fragment_missing) == (
        LinkState.UNKNOWN,
        "built-by-script",
        False,
    )
    assert "scripts" in (verdict.error or "") and "#section-2" in (verdict.error or "")


def test_fragments_on_a_server_rendered_page(net: Net) -> None:
    page = f"{SITE}/guide"
    net.router.get(page).mock(return_value=html(SERVER_RENDERED))
    names = ["install", "legacy", "missing", "commented", "scripted"]

    result = net.run([f"{page}#{name}" for name in names])

    verdicts = {name: result.verdicts[f"{page}#{name}"] for name in names}
    assert {name: v.state for name, v in verdicts.items()} == {
        "install": LinkState.OK,
        "legacy": LinkState.OK,  # an <a name> anchor
        "missing": LinkState.BROKEN,
        "commented": LinkState.BROKEN,  # only in a comment
        "scripted": LinkState.BROKEN,  # only in a script
    }
    assert all(verdicts[name].fragment_missing for name in ("missing", "commented", "scripted"))
    assert {v.reason for v in verdicts.values()} == {None}


def test_what_tells_a_page_built_by_scripts() -> None:
    assert not read_anchors(SERVER_RENDERED.encode()).script_built
    # A root with content rendered on the server is no empty root.
    assert not read_anchors(b'<div id="root"><h1 id="a">A</h1><h2 id="b">B</h2></div>').script_built
    # A noscript notice on a page whose headings have their ids is not enough.
    notice = b'<noscript>Enable JavaScript for comments</noscript><h2 id="a">A</h2><h2 id="b">'
    assert not read_anchors(notice).script_built
    assert read_anchors(b'<div id="__next"/>').script_built
    assert read_anchors(b'<div id="app"><!-- rendered here --></div>').script_built


# ---------------------------------------------------------------------------------------------
# the comparison itself


def test_pages_that_repeat_their_own_address_are_still_the_same_page() -> None:
    def page(path: str) -> bytes:
        return (
            f"<title>{path} not found</title><p>Sorry, {path} is not here. Search the site "
            "or go back home, where the latest news and the docs are.</p>"
        ).encode()

    suspect = rot.page_text(page("/docs/old-guide"), f"{SITE}/docs/old-guide")
    probe = rot.page_text(page("/k3j4h5"), f"{SITE}/k3j4h5")
    assert rot.same_page(suspect, probe)
    other = rot.page_text(b"<title>/docs/old-guide not found</title><p>Another text.</p>")
    assert not rot.same_page(other, probe)


@pytest.mark.parametrize(
    ("url", "landed", "home"),
    [
        (f"{SITE}/docs/x", f"{SITE}/", True),
        (f"{SITE}/docs/x", "https://www.site.example/", True),
        (f"http://{SITE[8:]}/docs/x", f"{SITE}/index.html", True),
        (f"{SITE}/docs/x", f"{SITE}/pt-br/", True),
        ("https://docs.site.example/x", f"{SITE}/", True),  # a subdomain sent to its site
        (f"{SITE}/docs/x", f"{SITE}/go/", False),  # no language is called "go"
        (f"{SITE}/docs/x", f"{SITE}/docs/", False),
        (f"{SITE}/docs/x", "https://other.example/", False),
        (f"{SITE}/docs/x", "https://site.example:8443/", False),
        (f"{SITE}/en/", f"{SITE}/", False),  # not a deep link
    ],
)
def test_sent_home(url: str, landed: str, home: bool) -> None:
    assert rot.sent_home(url, landed) is home


@pytest.mark.parametrize(
    ("body", "looks_gone"),
    [
        (b"<title>404 - Page Not Found</title>", True),
        (b"<title>Example</title><h1>Page not found</h1>", True),
        (b"<title>Example</title><h1>Seite nicht gefunden</h1>", True),
        (b"<title>Example</title><p>Sorry, the page you are looking for does not exist.</p>", True),
        (b"<title>Example</title><p>The page you requested could not be found.</p>", True),
        (b"<title>Example</title><p>The page you requested is available below.</p>", False),
        # curly apostrophes, as typeset pages write them
        ("<title>Oops!</title><p>We can\u2019t find the page.</p>".encode(), True),
        (b"<title>Oops!</title><p>We can&rsquo;t find that page.</p>", True),
        ("<title>Oops!</title><h1>That page can\u2019t be found.</h1>".encode(), True),
        (
            b"<title>Example</title><script>var m='the page you requested could not be'</script>",
            False,
        ),
        (b"<title>Example</title><h3>Not found: a novel</h3>", False),  # not a first heading
        (b"<title>Kubernetes docs</title><p>Find this page in the index.</p>", False),
    ],
)
def test_what_looks_like_a_not_found_page(body: bytes, looks_gone: bool) -> None:
    suspicion = rot.first_look(DEEP, DEEP, body)
    assert (suspicion is not None and suspicion.not_found) is looks_gone
