"""malformed-link: link syntax that github.com does not render as a link.

A stray character between the text and the address leaves the brackets and the address
on the page as plain text, and the link, if any, covers only the bare address:

- a space or a bracket between `]` and `(`: `[gym] (url)`, `[gym])(url)`;
- the parts the wrong way round: `(gym)[url]`;
- a space inside the address: `[Rabin-Karp](https://www.coursera.org/lecture/data- structures/…)`
  (github.com links `https://www.coursera.org/lecture/data-` alone, which is not the page).

Only what the Markdown parser did not read as a link is reported; code is not looked at.
`--fix` rewrites the first three as `[text](url)`; a space inside an address is left to
you (it may be a typo or a missing `%20`).

Fails:

    - [C] (https://github.com/jwasham/practice-c)
    - A library for RL (successor of [gym])(https://github.com/openai/gym).

Passes:

    - [C](https://github.com/jwasham/practice-c)
    - [Guide](https://example.org/a%20guide "The guide")
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from roadmap_lint.model import Edit, Finding, LinkKind, Position, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.content.common import code_lines, masked_line, source_lines
from roadmap_lint.rules.context import LintContext

_ADDRESS = r"(?:https?://|www\.|\.{0,2}/|#)[^\s()<>\[\]]*"
# Link text: anything but a task-list box (`[ ]`, `[x]`). The lookahead asks for one letter
# other than x: written as `[^…]*[^\sxX…][^…]*`, a long line would cost quadratic time.
_TEXT = r"(?=[^\[\]\n]*[^\s\[\]xX])[^\[\]\n]*"
_GAP = re.compile(r"\[(?P<text>" + _TEXT + r")\](?P<gap> +|\))\((?P<url>" + _ADDRESS + r")\)")
_REVERSED = re.compile(
    r"(?<![\]\w])\((?=[^()\n]*\w)(?P<text>[^()\n]*)\)\[(?P<url>" + _ADDRESS + r")\]"
)
_SPACED = re.compile(
    r"\[(?P<text>[^\[\]\n]+)\]\((?P<url>(?:https?://|www\.)[^\s()<>]*) +"
    r"(?P<rest>[^\s\"'(][^()\n]*)\)"
)
_CANDIDATE = re.compile(r"\][ )]+\(|\)\[|\]\([^)\s]* ")


@dataclass(frozen=True)
class Malformed:
    position: Position
    source: str  # the malformed text as written
    url: str
    problem: str
    fixed: str | None  # the same as `[text](url)`, None when only a person can tell


def malformed(context: LintContext) -> list[Malformed]:
    """The malformed links of the document, found once for the rules that need them."""
    found = context.memo.get("malformed-links")
    if found is None:
        found = list(_scan(context))
        context.memo["malformed-links"] = found
    return list(found)


def _scan(context: LintContext) -> Iterator[Malformed]:
    code = code_lines(context)
    parsed = {
        (link.position.line, link.position.column)
        for link in context.document.links
        if link.kind in (LinkKind.INLINE, LinkKind.IMAGE)
    }
    for number, line in enumerate(source_lines(context), 1):
        if number in code or not _CANDIDATE.search(line):
            continue
        masked = masked_line(context, number)
        for match in [*_GAP.finditer(masked), *_REVERSED.finditer(masked)]:
            if (number, match.start() + 1) not in parsed:
                yield Malformed(
                    Position(number, match.start() + 1),
                    match[0],
                    match["url"],
                    _problem(match[0]),
                    f"[{match['text']}]({match['url']})",
                )
        for match in _SPACED.finditer(masked):
            if (number, match.start() + 1) not in parsed:
                yield Malformed(
                    Position(number, match.start() + 1),
                    match[0],
                    f"{match['url']} {match['rest']}",
                    "the address has a space in it, so only the part before the space is a link",
                    None,
                )


def _problem(source: str) -> str:
    if source.startswith("("):
        return "text and address are the wrong way round"
    gap = "space" if "] (" in source else '")"'
    return f"the {gap} between ] and ( keeps it from being a link"


def check(context: LintContext) -> Iterator[Finding]:
    for item in malformed(context):
        yield RULE.finding(
            context,
            item.position,
            f"malformed link {item.source}: {item.problem}",
            target=item.url,
            suggestion=item.fixed,
            fix=(Edit(item.position.line, item.position.column, item.source, item.fixed),)
            if item.fixed
            else (),
        )


RULE = Rule(
    code="RL413",
    name="malformed-link",
    severity=Severity.WARNING,
    summary="Link syntax that does not render as a link",
    doc=__doc__ or "",
    check=check,
)
