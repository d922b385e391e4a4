"""duplicate-url-title: two entries for different things that lead to the same page.

When two entries (list items or table rows led by a link) share a URL, after the same
normalisation as `duplicate-url`, but their texts name different things ("Quicksort
(4 videos)" and "Mergesort (5 videos)"), one of the two URLs was most likely copied from
the other entry and is wrong. Texts are compared word by word, leaving out words that only
say what kind of resource it is ("tutorial", "video", "docs"…), parentheses and
punctuation: texts that share their distinctive words, abbreviate one another or are in
different scripts (a translation) are the same resource in other words and are not
reported. No suggestion is made: which of the two URLs is wrong is for you to decide.

A page that gathers several resources (a course's week, a playlist, a page and one of its
sections) may rightly be named twice and is not reported.

Fails:

    - [MLCourse.ai - Logistic Regression](https://mlcourse.ai/book/topic05/topic05_intro.html)
    - [MLCourse.ai - Bagging & Random Forest](https://mlcourse.ai/book/topic05/topic05_intro.html)

Passes:

    - [Zookeeper](http://www.slideshare.net/sauravhaloi/introduction-to-apache-zookeeper)
    - [Introduction to Zookeeper](http://www.slideshare.net/sauravhaloi/introduction-to-apache-zookeeper)
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.content.common import plain
from roadmap_lint.rules.content.repeats import repeated_entries
from roadmap_lint.rules.content.titles import Relation
from roadmap_lint.rules.context import LintContext


def check(context: LintContext) -> Iterator[Finding]:
    for repeat in repeated_entries(context):
        if repeat.deliberate or repeat.relation is not Relation.DIFFERENT:
            continue
        first, link = repeat.first.link, repeat.later.link
        yield RULE.finding(
            context,
            link.position,
            f'"{plain(link.text)}" leads to the same page as "{plain(first.text)}" on line '
            f"{first.position.line}: one of the two URLs is probably wrong",
            target=link.url,
        )


RULE = Rule(
    code="RL402",
    name="duplicate-url-title",
    severity=Severity.WARNING,
    summary="Entries for different things that lead to the same page",
    doc=__doc__ or "",
    check=check,
)
