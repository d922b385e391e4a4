"""URL normalisation (the key duplicate-url compares): what does and does not change it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st

from roadmap_lint import urls as url_module
from roadmap_lint.urls import hostname, normalise, without_tracking

labels = st.one_of(
    st.just("www"),
    st.text(alphabet=st.sampled_from(list("abcxyz019-")), min_size=1, max_size=6).filter(
        lambda label: not label.startswith("-") and not label.endswith("-")
    ),
)
hosts = st.lists(labels, min_size=2, max_size=3).map(".".join)
# Hosts as written in real lists: a `www.` at most once, in front.
real_hosts = hosts.filter(lambda host: "www." not in host and not host.endswith("www"))
segments = st.text(alphabet=st.sampled_from(list("abcXYZ09-_.~%2F")), min_size=1, max_size=8)
paths = st.lists(segments, max_size=3).map(lambda parts: "/" + "/".join(parts))
# Parameters that choose what a page shows, and values for them.
resource_names = st.sampled_from(["v", "list", "t", "q", "id", "page", "index", "start"])
values = st.text(alphabet=st.sampled_from(list("abc123")), min_size=1, max_size=5)
tracking = st.sampled_from(
    ["utm_source=newsletter", "utm_medium=email", "fbclid=IwAR0x", "gclid=abc", "mc_eid=1"]
)


@st.composite
def queries(draw: st.DrawFn) -> str:
    pairs = draw(st.lists(st.tuples(resource_names, values), max_size=3, unique_by=lambda p: p[0]))
    return "&".join(f"{name}={value}" for name, value in pairs)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https"]))
    port = draw(st.sampled_from(["", ":8080", ":3000"]))
    query = draw(queries())
    fragment = draw(st.sampled_from(["", "#intro", "#L10"]))
    return (
        f"{scheme}://{draw(hosts)}{port}{draw(paths)}" + (f"?{query}" if query else "") + fragment
    )


def with_case(text: str, upper: list[bool]) -> str:
    flags = (upper + [False] * len(text))[: len(text)]
    return "".join(c.upper() if u else c for c, u in zip(text, flags, strict=True))


@given(urls())
@example("http://www.www.example.org/")
def test_normalise_is_idempotent(url: str) -> None:
    assert normalise(normalise(url)) == normalise(url)


@given(urls().filter(lambda url: "www.www." not in url))
def test_normalise_is_idempotent_on_hosts_with_one_www(url: str) -> None:
    assert normalise(normalise(url)) == normalise(url)


@given(urls(), st.lists(st.booleans(), max_size=40))
def test_scheme_and_host_case_do_not_count(url: str, upper: list[bool]) -> None:
    scheme, rest = url.split("://", 1)
    host, slash, path = rest.partition("/")
    shouted = f"{with_case(scheme, upper)}://{with_case(host, upper[len(scheme) :])}{slash}{path}"
    assert normalise(shouted) == normalise(url)


@given(real_hosts, paths, queries())
def test_http_https_default_port_www_and_trailing_slash_do_not_count(
    host: str, path: str, query: str
) -> None:
    suffix = f"?{query}" if query else ""
    plain = normalise(f"https://{host}{path}{suffix}")
    for variant in (
        f"http://{host}{path}{suffix}",
        f"https://www.{host}{path}{suffix}",
        f"https://{host}:443{path}{suffix}",
        f"http://{host}:80{path}{suffix}",
        f"https://{host}{path.rstrip('/')}/{suffix}",
    ):
        assert normalise(variant) == plain, variant


@given(urls(), tracking)
def test_tracking_parameters_do_not_count(url: str, parameter: str) -> None:
    base, hash_mark, fragment = url.partition("#")
    joined = "&" if "?" in base else "?"
    tracked = f"{base}{joined}{parameter}{hash_mark}{fragment}"
    assert normalise(tracked) == normalise(url)
    assert without_tracking(tracked) == url


@given(hosts, paths, resource_names, values, values)
def test_parameters_that_select_a_resource_count(
    host: str, path: str, name: str, first: str, second: str
) -> None:
    a = normalise(f"https://{host}{path}?{name}={first}")
    b = normalise(f"https://{host}{path}?{name}={second}")
    assert (a == b) == (first == second)
    assert a != normalise(f"https://{host}{path}")


@given(hosts, paths, st.sampled_from([":8080", ":3000", ":8443"]))
def test_another_port_counts(host: str, path: str, port: str) -> None:
    assert normalise(f"https://{host}{port}{path}") != normalise(f"https://{host}{path}")


_URL_CHARACTERS = [*"aZ09.-_:/?#@[]%\\ \t\n", "é", "\u00a0"]


@settings(max_examples=2000)
@given(
    st.sampled_from(["http://", "HTTPS://", "https://", "ftp://", " https://", "http:/"]),
    st.text(alphabet=st.sampled_from(_URL_CHARACTERS), max_size=25),
)
@example("https://", "Example.COM.:8080/x")
@example("http://", "user@host/x")
@example("http://", "0:@")
@example("http://", "a.b:80@c/")
@example("http://", "exa\tmple.com/")
@example("https://", "[::1]/")
@example("https://", "[::1/")
def test_hostname_is_what_urlsplit_reads(scheme: str, rest: str) -> None:
    url = scheme + rest
    try:
        expected = (urlsplit(url).hostname or "").lower()
    except ValueError:
        expected = ""
    assert hostname(url) == expected, url


@settings(max_examples=2000)
@given(
    st.sampled_from(["http://", "HTTPS://", "https://", "https://www.", "ftp://", " http://"]),
    st.lists(st.sampled_from([*_URL_CHARACTERS, "www.", "a.b", "/x/"]), max_size=12).map("".join),
    st.booleans(),
)
@example("https://", "Example.COM./a/b/#Frag", True)
@example("http://", "www.www.a.b//", False)
@example("https://", "a.b:443/x", False)
@example("https://", "a.b/x#f?g", True)
@example("https://", "a.b/x\t#f", True)
def test_the_quick_key_of_a_plain_url_is_the_full_one(scheme: str, rest: str, keep: bool) -> None:
    url = scheme + rest
    quick = normalise.__wrapped__(url, keep_fragment=keep)
    original = url_module._PLAIN_WEB_URL
    url_module._PLAIN_WEB_URL = re.compile(r"(?!)")  # matches nothing: the full way
    try:
        assert quick == normalise.__wrapped__(url, keep_fragment=keep), url
    finally:
        url_module._PLAIN_WEB_URL = original
