"""non-descriptive-link-text: link text that says nothing about where it leads.

"here", "click here", "link", "read more"… tell neither a reader skimming the list nor a
screen-reader user (who often hears the links alone) what the link is. Text is compared
case-insensitively, with surrounding punctuation and white space ignored. The `words`
option replaces the list.

Fails:

    - The official tutorial is [here](https://docs.python.org/3/tutorial/).

Passes:

    - Read [the official Python tutorial](https://docs.python.org/3/tutorial/).
    - [click](https://github.com/pallets/click) - Command line interfaces (the project's name).
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, LinkKind, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.context import LintContext

WORDS = [
    "here",
    "click here",
    "click",
    "link",
    "this link",
    "more",
    "read more",
    "learn more",
    "this",
]


def _normalised(text: str) -> str:
    return " ".join(_without_edges(text.strip()).casefold().split())


def _without_edges(text: str) -> str:
    """The text without the punctuation and symbols around it, in one pass each way."""
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


def _names_target(text: str, url: str) -> bool:
    """Whether the text is the name of what it links to: `[click](https://github.com/pallets/click)`."""
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").casefold()
    return path.rsplit("/", 1)[-1] == text


def check(context: LintContext) -> Iterator[Finding]:
    words = {_normalised(str(w)) for w in context.option(RULE.name, "words", WORDS)}
    for link in context.document.links:
        if link.kind not in (LinkKind.INLINE, LinkKind.REFERENCE) or link.url.startswith("#"):
            continue
        text = " ".join(link.text.split())
        if _normalised(text) in words and not _names_target(_normalised(text), link.url):
            yield RULE.finding(
                context,
                link.position,
                f'link text "{text}" does not describe its target {link.url}',
                target=link.url,
            )


RULE = Rule(
    code="RL407",
    name="non-descriptive-link-text",
    severity=Severity.WARNING,
    summary='Link text such as "here" or "read more"',
    doc=__doc__ or "",
    check=check,
    options={"words": WORDS},
)
