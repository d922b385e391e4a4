"""toc-missing-entry: a heading the table of contents should list but does not.

The TOC's own shape says which headings it covers. A heading after the TOC is expected when
the TOC lists, in its place, at least one of its siblings (another heading of the same parent
section): every heading of the level the TOC lists, and the sub-sections of a section whose
sub-sections it lists. A section listed as a leaf does not make its sub-sections expected;
nor does an entry placed elsewhere as a cross-reference. Not expected either:

- sections between the TOC and the first section it lists: its introduction (a legend of
  symbols, a study guide that an index of topics does not cover);
- housekeeping sections (Contributing, License, Acknowledgements, Sponsors, Code of Conduct,
  Changelog, Related… and their common translations), unless the TOC lists one of them;
- titles repeated in every chapter ("Sources", "Disadvantage(s): …") that it never lists,
  and a section written twice whose twin is listed;
- a signpost section whose only content points elsewhere in the repository ("renamed, see
  [Rocq Prover](#rocq-prover)", "moved to [its own file](subjects.md)");
- a heading that an entry with a broken link stands for: the entry's text is the heading's,
  or it sits exactly where the heading would be listed. broken-anchor reports that link;
  so does toc-text-mismatch for an entry linking to the wrong one of two same-named
  headings.

A heading reached through an explicit anchor (`### <a id="cpp"></a>C++`, or `<a name="cpp">`
on the line above) is listed by a link to that anchor, and new entries link to it.

`--fix` inserts the missing entries where they belong, in the TOC's own style: into the
list that holds their neighbours (also in a TOC of several lists under sub-headings), in
alphabetical place in an alphabetical list; every other line stays as it is. When the TOC
cannot be completed safely (several links in one entry, a list the new line would not join,
irregular numbering), the finding says why.

Fails (From PyPI is listed, its sibling From source is not):

    ## Contents
    - [Install](#install)
      - [From PyPI](#from-pypi)
    ## Install
    ### From PyPI
    ### From source

Passes (Install is listed as a leaf, so its sub-sections are not expected; the TOC lists
no housekeeping section, so License is not expected either):

    ## Contents
    - [Install](#install)
    - [Usage](#usage)
    ## Install
    ### From PyPI
    ## Usage
    ## License
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.context import LintContext
from roadmap_lint.rules.toc.common import toc_view
from roadmap_lint.rules.toc.expected import missing_headings
from roadmap_lint.rules.toc.fixing import toc_fix


def check(context: LintContext) -> Iterator[Finding]:
    missing = missing_headings(context)
    view = toc_view(context)
    if not missing or view is None:
        return
    fix = toc_fix(context)
    why_not = f" (--fix cannot add it: {fix.reason})" if fix.reason and not fix.complete else ""
    for heading in missing:
        title = view.title(heading)
        yield RULE.finding(
            context,
            heading.position,
            f'heading "{title}" has no entry in the table of contents{why_not}',
            target=f"#{view.fragment(heading)}",
            suggestion=f"[{title}](#{view.fragment(heading)})",
            fix=fix.complete,
        )


RULE = Rule(
    code="RL201",
    name="toc-missing-entry",
    severity=Severity.WARNING,
    summary="Heading missing from the table of contents",
    doc=__doc__ or "",
    check=check,
)
