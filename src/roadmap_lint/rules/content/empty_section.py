"""empty-section: a heading with nothing under it (off by default).

A heading followed directly by the next heading of the same or a higher level (or by the
end of the document) introduces nothing: a section that was never written, or content that
went missing in an edit. Blank lines, HTML comments and thematic breaks (`---`) are not
content. A heading followed directly by a deeper heading is not empty: its subsections are
its content. Neither is the document's title (a first heading followed by the first
section, at any level), a byline under it (`## by Jane Doe`), a table-of-contents heading
whose lists sit under sub-headings, nor a heading whose text is empty.

Off by default: in real lists nearly every heading without text under it is a title, a
byline or a deliberate grouping. Turn it on with `--extend-select empty-section` to find
sections left unwritten in a long roadmap.

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

from roadmap_lint.markdown.toc import is_toc_heading
from roadmap_lint.model import Finding, Heading, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.content.common import source_lines
from roadmap_lint.rules.context import LintContext

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


_BYLINE = re.compile(r"^\W*(?:by|von|par|por|автор|作者)\b", re.IGNORECASE)


def _exempt(context: LintContext, index: int) -> bool:
    """The title, a byline, a TOC heading, or a heading without text: empty by design."""
    headings = context.document.headings
    heading = headings[index]
    if not heading.text.strip() or _BYLINE.match(heading.text.strip()):
        return True
    if index == 0 and not _has_content(source_lines(context), 1, heading.position.line - 1):
        return True  # the document's title, whatever level the first section has
    return is_toc_heading(heading.text)


def check(context: LintContext) -> Iterator[Finding]:
    lines = source_lines(context)
    headings = context.document.headings
    for index, heading in enumerate(headings):
        following = headings[index + 1] if index + 1 < len(headings) else None
        if following is not None and following.level > heading.level:
            continue
        if _exempt(context, index):
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
    default=False,
)
