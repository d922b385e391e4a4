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

Fails (Reinforcement Learning has nothing under it):

    # Machine Learning Roadmap

    ## Reinforcement Learning

    ## Deployment
    - [Docker for Data Science](https://docker-curriculum.com/)

Passes:

    # Machine Learning Roadmap

    ## Reinforcement Learning
    - [Spinning Up in Deep RL](https://spinningup.openai.com/)

    ## Deployment
    ### Docker
    - [Docker for Data Science](https://docker-curriculum.com/)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from roadmap_lint.markdown.document import HtmlComment
from roadmap_lint.markdown.toc import is_toc_heading
from roadmap_lint.model import Finding, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.content.common import source_lines
from roadmap_lint.rules.context import LintContext


def _has_content(context: LintContext, first: int, last: int) -> bool:
    """Whether lines first..last (1-based, inclusive) hold anything but blank lines, HTML
    comments and thematic breaks."""
    lines = source_lines(context)
    breaks, comments = _not_content(context)
    for number in range(max(first, 1), min(last, len(lines)) + 1):
        if number in breaks:
            continue
        line = lines[number - 1]
        for comment in comments.get(number, ()):
            start = comment.start.column - 1 if comment.start.line == number else 0
            end = comment.end.column - 1 if comment.end.line == number else len(line)
            line = line[:start] + " " * max(end - start, 0) + line[end:]
        if line.strip():
            return True
    return False


def _not_content(context: LintContext) -> tuple[frozenset[int], dict[int, list[HtmlComment]]]:
    """The lines of thematic breaks, and the HTML comments on each line."""
    found: tuple[frozenset[int], dict[int, list[HtmlComment]]] | None
    found = context.memo.get("empty-section.not-content")
    if found is None:
        comments: dict[int, list[HtmlComment]] = {}
        for comment in context.document.html_comments:
            for number in range(comment.start.line, comment.end.line + 1):
                comments.setdefault(number, []).append(comment)
        found = (frozenset(context.document.thematic_breaks), comments)
        context.memo["empty-section.not-content"] = found
    return found


_BYLINE = re.compile(r"^\W*(?:by|von|par|por|автор|作者)\b", re.IGNORECASE)


def _exempt(context: LintContext, index: int) -> bool:
    """The title, a byline, a TOC heading, or a heading without text: empty by design."""
    headings = context.document.headings
    heading = headings[index]
    if not heading.text.strip() or _BYLINE.match(heading.text.strip()):
        return True
    if index == 0 and not _has_content(context, 1, heading.position.line - 1):
        return True  # the document's title, whatever level the first section has
    return is_toc_heading(heading.text)


def check(context: LintContext) -> Iterator[Finding]:
    sections = context.document.sections
    for index, section in enumerate(sections):
        heading = section.heading
        following = sections[index + 1].heading if index + 1 < len(sections) else None
        if following is not None and following.level > heading.level:
            continue
        if _exempt(context, index):
            continue
        if _has_content(context, section.heading_end + 1, section.end):
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
