"""missing-file: a relative link or image whose file does not exist.

Paths are resolved from the linking file's folder; `/`-rooted paths from the repository
root (the folder holding `.git`). Query strings are ignored and `%20`-style escapes
decoded. The spelling must match exactly, as on github.com. Links that climb out of the
repository (such as GitHub's `../../issues`) are not checked.

Fails:

    ![diagram](images/roadmap.png)   (no such file)

Passes:

    [Contributing](CONTRIBUTING.md)  (the file exists)
"""

from __future__ import annotations

from collections.abc import Iterator

from roadmap_lint.model import Finding, Severity
from roadmap_lint.rules.base import Rule
from roadmap_lint.rules.context import LintContext


def check(context: LintContext) -> Iterator[Finding]:
    for target in context.local_targets():
        if target.exists or target.outside_repository:
            continue
        what = "image" if target.link.is_image else "file"
        yield RULE.finding(
            context,
            target.link.position,
            f"{what} {target.link.url.split('#', 1)[0]} does not exist",
            target=target.link.url,
            group=target.link.url.split("#", 1)[0],
        )


RULE = Rule(
    code="RL103",
    name="missing-file",
    severity=Severity.ERROR,
    summary="Relative link or image to a file that does not exist",
    doc=__doc__ or "",
    check=check,
)
