"""The ids of a fetched page, read with html.parser: only what a browser could scroll to."""

from __future__ import annotations

import time

from roadmap_lint.net.fragments import fragment_found, read_anchors

DOCS_PAGE = b"""<!DOCTYPE html>
<html><head>
<title>Configuration</title>
<style>#sidebar { width: 20em } [id="styled"] {}</style>
<script>
  const html = '<h2 id="from-script">x</h2>';
  document.getElementById("dynamic");
</script>
</head><body>
<!-- <h2 id="commented-out">Old section</h2> -->
<nav id="sidebar"><a href="#install">Install</a></nav>
<H2 ID="Install">Install</H2>
<section id="caf&eacute;"><a NAME="legacy-anchor"></a></section>
<div data-id="data-only" aria-describedby="described">
<pre><code>name = value
id=from-code-sample
</code></pre>
<form name="search"><input name="q" id="query"></form>
<meta name="description" content="x">
</div>
</body></html>
"""


def page_ids(body: bytes) -> frozenset[str]:
    return read_anchors(body).ids


def test_ids_come_from_element_attributes_only() -> None:
    assert page_ids(DOCS_PAGE) == {"sidebar", "Install", "caf\u00e9", "legacy-anchor", "query"}


def test_name_counts_on_a_only_as_html_defines() -> None:
    ids = page_ids(b'<a name="old"></a><input name="q"><iframe name="frame"></iframe>')
    assert ids == {"old"}


def test_malformed_html_still_gives_the_ids_of_its_tags() -> None:
    body = (
        b'<p id=unquoted class=x><p id="a" <span id="b">'  # a tag missing its `>`
        b"<![ not a marked section ]><div id=after-sgml>"
        b"<p id='single'>&lt;<b id=amp&amp;x>"
    )
    assert page_ids(body) == {"unquoted", "a", "after-sgml", "single", "amp&x"}


def test_a_body_cut_off_inside_a_tag_or_comment_is_no_error() -> None:
    assert page_ids(b'<h2 id="kept">x</h2><div id="cut') == {"kept"}
    assert page_ids(b'<h2 id="kept">x</h2><!-- <a id="hidden">') == {"kept"}


def test_undecodable_bytes_are_replaced() -> None:
    assert page_ids(b'<h2 id="\xff\xfeok">x</h2><h3 id="\xc3\xa9t\xc3\xa9">') == {
        "\ufffd\ufffdok",
        "\u00e9t\u00e9",
    }


def test_a_missing_fragment_is_missing_even_when_written_in_a_comment_or_script() -> None:
    ids = page_ids(DOCS_PAGE)
    url = "https://docs.example.org/config"
    assert fragment_found(url, "Install", ids)
    for fragment in ("commented-out", "from-script", "dynamic", "styled", "data-only", "search"):
        assert not fragment_found(url, fragment, ids), fragment


def test_a_large_page_is_read_in_linear_time() -> None:
    row = b'<div class="row d-flex" data-id="1"><span id="s%d">Item &amp; text</span></div>\n'
    body = b"".join(row.replace(b"%d", str(i).encode()) for i in range(20_000))
    started = time.perf_counter()
    assert len(page_ids(body)) == 20_000
    plain = time.perf_counter() - started
    hostile = b"<html>" + b"<a " * 100_000  # quadratic in html.parser's close() before 3.13.4
    started = time.perf_counter()
    assert page_ids(hostile) == frozenset()
    assert time.perf_counter() - started < max(2.0, 4 * plain)
