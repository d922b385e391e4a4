"""The quick acceptance of plain URLs (`targets._PLAIN_URL`) never accepts a URL that the
full check refuses."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from roadmap_lint.net import targets

# Characters that are plain, and characters that are not (spaces, quotes, non-ASCII, `%`
# without two hex digits, backslashes, `[`…), mixed so that both kinds of URL are drawn.
_HOST_CHARACTERS = [*"abcXYZ019-._", "ü", "%", "\\", " ", "[", ":"]
_TAIL_CHARACTERS = [
    *"abcXYZ09-._~!$&'()*+,;=:@/?#%AF2",
    "é",
    " ",
    '"',
    "<",
    "\\",
    "^",
    "`",
    "{",
    "|",
]

hosts = st.one_of(
    st.text(alphabet=st.sampled_from(_HOST_CHARACTERS), min_size=0, max_size=70),
    st.lists(st.integers(min_value=0, max_value=400), min_size=3, max_size=5).map(
        lambda octets: ".".join(map(str, octets))
    ),
)
ports = st.one_of(
    st.just(""), st.integers(min_value=0, max_value=70000).map(lambda port: f":{port}")
)
tails = st.text(alphabet=st.sampled_from(_TAIL_CHARACTERS), max_size=30)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTPS", "ftp", "http:", "https:/"]))
    return f"{scheme}://{draw(hosts)}{draw(ports)}{draw(tails)}"


def full_check(url: str) -> str | None:
    """`url_problem` without its quick acceptance."""
    original = targets._PLAIN_URL
    targets._PLAIN_URL = targets.re.compile(r"(?!)")  # matches nothing
    try:
        return targets.url_problem(url)
    finally:
        targets._PLAIN_URL = original


@settings(max_examples=3000)
@given(urls())
@example("http://127.0.0.2:33527/page/4553")
@example("https://999.1.1.1/")
@example("https://a..b/")
@example("https://example.com:0/")
@example("https://example.com:65536/")
@example("https://" + "a" * 64 + ".com/")
@example("https://xn--bcher-kva.example/?q=%20#L10")
def test_a_url_accepted_quickly_passes_the_full_check(url: str) -> None:
    if targets._PLAIN_URL.fullmatch(url):
        assert full_check(url) is None, url


def test_the_quick_acceptance_takes_the_urls_of_real_lists() -> None:
    for url in (
        "https://github.com/sindresorhus/awesome#readme",
        "http://127.0.0.2:33527/page/4553",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
        "https://en.wikipedia.org/wiki/Graph_(abstract_data_type)",
        "https://example.com/a%20b/",
    ):
        assert targets._PLAIN_URL.fullmatch(url), url
    for url in ("https://example.com/a b", "https://bücher.example/", "https://[::1]/"):
        assert not targets._PLAIN_URL.fullmatch(url), url
