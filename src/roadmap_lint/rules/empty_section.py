"""empty-section: a heading with nothing under it.

A heading followed directly by the next heading of the same or a higher level (or by the
end of the document) introduces nothing: a section that was never written, or content that
went missing in an edit. Blank lines, HTML comments and thematic breaks (`---`) are not
content. A heading followed directly by a deeper heading is not empty: its subsections are
its content.

Fails:

    ## Reinforcement Learning

    ## Deployment
    - [Docker for Data Science](https://docker-curriculum.com/)

Passes:

    ## Reinforcement Learning
    - [Spinning Up in Deep RL](https://spinningup.openai.com/)

    ## Deployment
    ### Docker
    - [Docker for Data Science](https://docker-curriculum.com/)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Finding, Heading, Severity
from . import Rule
from .content_common import source_lines
from .context import LintContext

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")


def _has_content(lines: list[str], first: int, last: int) -> bool:
    """Whether source lines first..last (1-based, inclusive) hold anything but blanks,
    HTML comments and thematic breaks."""
    if last < first:
        return False
    text = _COMMENT.sub("", "\n".join(lines[first - 1 : last]))
    return any(line.strip() and not _BREAK.match(line) for line in text.split("\n"))


def _body_start(lines: list[str], heading: Heading) -> int:
    """The first line after the heading itself (its setext underline or HTML closing tag)."""
    line = heading.position.line
    if heading.html:
        closing = re.compile(rf"</h{heading.level}\s*>", re.IGNORECASE)
        for number in range(line, min(line + 20, len(lines)) + 1):
            if closing.search(lines[number - 1]):
                return number + 1
        return line + 1
    source = lines[line - 1] if line <= len(lines) else ""
    if "#" not in source[: heading.position.column]:  # setext: skip to the underline
        for number in range(line + 1, len(lines) + 1):
            body = lines[number - 1].lstrip(" >")
            if not body.strip():
                break
            if _SETEXT.match(body):
                return number + 1
    return line + 1


def check(context: LintContext) -> Iterator[Finding]:
    lines = source_lines(context)
    headings = context.document.headings
    for index, heading in enumerate(headings):
        following = headings[index + 1] if index + 1 < len(headings) else None
        if following is not None and following.level > heading.level:
            continue
        end = following.position.line - 1 if following is not None else len(lines)
        if _has_content(lines, _body_start(lines, heading), end):
            continue
        yield RULE.finding(
            context,
            heading.position,
            f'section "{heading.text.strip()}" is empty',
        )


RULE = Rule(
    code="RL410",
    name="empty-section",
    severity=Severity.WARNING,
    summary="A heading with no content before the next heading",
    doc=__doc__ or "",
    check=check,
)
