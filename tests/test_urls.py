"""URL normalisation for the content rules: which spellings name one resource, and which
query parameters are tracking (tests/properties/test_url_properties.py checks the same
properties on generated URLs)."""

from __future__ import annotations

import pytest

from roadmap_lint.urls import normalise, tracking_parameters, without_tracking


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/docs",
        "HTTP://Example.ORG/docs/",
        "https://www.example.org:443/docs",
        "http://example.org:80/docs?utm_source=newsletter",
        "https://example.org/docs#install",
    ],
)
def test_normalised_urls_name_the_same_resource(url: str) -> None:
    assert normalise(url) == normalise("https://example.org/docs")


def test_normalisation_keeps_what_selects_the_resource() -> None:
    assert normalise("https://example.org/Docs") != normalise("https://example.org/docs")
    assert normalise("https://youtube.com/watch?v=a") != normalise("https://youtube.com/watch?v=b")
    assert normalise("https://example.org:8080/") != normalise("https://example.org/")


def test_tracking_parameters_depend_on_the_host() -> None:
    assert tracking_parameters("https://youtu.be/abc?si=X&t=10") == ["si"]
    assert tracking_parameters("https://example.org/?si=X") == []
    assert tracking_parameters("https://www.amazon.de/dp/1?tag=me-21") == ["tag"]
    assert tracking_parameters("https://example.org/?tag=python") == []
    assert tracking_parameters("https://github.com/o/r/archive?ref=main") == []
    assert tracking_parameters("https://example.org/?q=1&id=2&page=3&list=4&v=5") == []


def test_without_tracking_keeps_everything_else_as_written() -> None:
    url = "https://example.org/a%20b?b=2&utm_source=x&a=%C3%A9&fbclid=Y#Frag?utm_medium=z"
    assert without_tracking(url) == "https://example.org/a%20b?b=2&a=%C3%A9#Frag?utm_medium=z"
    assert without_tracking("https://example.org/?utm_source=x#top") == "https://example.org/#top"
