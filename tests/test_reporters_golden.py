"""One realistic report rendered in each of the five formats, compared with tests/golden/.

The report is built by hand (roadmap_lint.model), as the pipeline would give it: three
files (one with a space and one with Japanese in its path), errors and warnings, findings
that share a cause (one http:// badge on several lines, one encoding accident), findings
with suggestions, a dead link with its history of runs, and external URLs left unchecked
for every reason there is. Its timing fields are fixed, so the output is the same on every
run.

When a reporter's output changes on purpose, regenerate the files and review the diff:

    UPDATE_GOLDEN=1 python -m pytest tests/test_reporters_golden.py

Two things are written as placeholders, since they change without the reporter changing:
roadmap-lint's version (`<version>`, in JSON and SARIF) and, in SARIF, each rule's
documentation taken from its docstring (`<documentation of RLnnn>`), which
tests/rules/test_catalogue.py keeps in step with docs/rules.md. The test checks that the
real output has those values in those places.
"""

# ruff: noqa: RUF001  (mojibake and its repair are look-alike characters)

from __future__ import annotations

import copy
import dataclasses
import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from roadmap_lint.model import (
    Finding,
    LinkResult,
    LinkState,
    Location,
    Report,
    Section,
    Severity,
    Summary,
    Verdict,
)
from roadmap_lint.reporters import FORMATS, reporter_for, rulemeta
from roadmap_lint.rules import all_rules
from roadmap_lint.version import __version__

from .test_reporters import assert_valid_sarif

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")
FILES = {
    "text": "report.txt",
    "json": "report.json",
    "sarif": "report.sarif",
    "github": "report.github.txt",
    "markdown": "report.md",
}
# Under GitHub Actions, the Markdown report links each finding to its line on github.com.
GITHUB_ENV = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "octo-org/awesome-roadmap",
    "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
}

E, W = Severity.ERROR, Severity.WARNING
README, GUIDE, JAPANESE = "README.md", "docs/getting started.md", "docs/日本語/ガイド.md"
BADGE = "http://img.shields.io/badge/license-MIT-blue.svg"
GONE = "https://example-course.org/lectures/gone"
GONE_SINCE = 1_763_625_600.0  # 2025-11-20T08:00:00Z: broken in the last 5 runs, 12 days


def _finding(
    rule: str,
    severity: Severity,
    path: str,
    line: int,
    column: int,
    message: str,
    line_text: str,
    section: Section | None,
    **extra: Any,
) -> Finding:
    """A finding placed as the pipeline places it: its line's text, its section, its path."""
    return Finding(
        rule,
        severity,
        path,
        line,
        column,
        message,
        line_text=line_text,
        section=section,
        repo_path=path,
        **extra,
    )


def readme_findings() -> list[Finding]:
    contents, tools = Section(3, "Contents"), Section(12, "🛠️ Tools & Setup")
    courses = Section(20, "Courses")
    badge_lines = (30, 32, 34, 36)
    return [
        _finding(
            "broken-anchor",
            E,
            README,
            6,
            3,
            "anchor #instalation does not exist",
            "- [Installation](#instalation)",
            contents,
            target="#instalation",
            suggestion="#installation",
        ),
        _finding(
            "toc-missing-entry",
            W,
            README,
            14,
            1,
            'heading "Docker & Compose" has no entry in the table of contents',
            "### Docker & Compose",
            tools,
            target="#docker--compose",
            suggestion="[Docker & Compose](#docker--compose)",
        ),
        *(
            _finding(
                "broken-link",
                E,
                README,
                line,
                3,
                f"{GONE} is broken: HTTP 404; broken for 12 days (5 runs in a row)",
                f"- [Lecture {n}]({GONE}) - Gone, alas.",
                courses,
                target=GONE,
                url=GONE,
                group=GONE,
            )
            for n, line in enumerate((22, 25), 1)
        ),
        _finding(
            "redirected-link",
            W,
            README,
            27,
            3,
            "https://old.example-course.org/ml moved permanently to https://example-course.org/ml/",
            "- [Machine learning](https://old.example-course.org/ml) - A course.",
            courses,
            target="https://old.example-course.org/ml",
            url="https://old.example-course.org/ml",
            suggestion="https://example-course.org/ml/",
            group="https://old.example-course.org/ml",
        ),
        *(
            _finding(
                "insecure-url",
                W,
                README,
                line,
                3,
                f"image to {BADGE} is not encrypted (http://)",
                f"- ![license]({BADGE}) | row {line}",
                courses,
                target=BADGE,
                suggestion="https://" + BADGE[7:],
                group=BADGE,
            )
            for line in badge_lines
        ),
        _finding(
            "non-descriptive-link-text",
            W,
            README,
            40,
            25,
            'link text "here" does not describe its target https://docs.python.org/3/',
            "The Python tutorial is [here](https://docs.python.org/3/), with 100% of it | free.",
            courses,
            target="https://docs.python.org/3/",
        ),
    ]


def guide_findings() -> list[Finding]:
    setup = Section(1, "Getting started: `pip`, venv, etc.")
    return [
        _finding(
            "missing-file",
            E,
            GUIDE,
            5,
            9,
            "image ../images/set%20up.png does not exist",
            "See the ![diagram](../images/set%20up.png).",
            setup,
            target="../images/set%20up.png",
        ),
        *(
            _finding(
                "mojibake",
                W,
                GUIDE,
                line,
                3,
                f'garbled text "{garbled}" (UTF-8 read as Windows-1252)',
                f"- {before}{garbled}{after}",
                setup,
                suggestion=repaired,
                group="UTF-8 misread",
            )
            for line, before, garbled, after, repaired in (
                (8, "It", "â€™", "s quick, and free.", "’"),
                (9, "A ", "cafÃ©", " for the | break.", "café"),
                (11, "", "ğŸš€", " Deploy", "🚀"),
            )
        ),
    ]


def japanese_findings() -> list[Finding]:
    return [
        _finding(
            "heading-level-skip",
            W,
            JAPANESE,
            3,
            1,
            'heading "機械学習 — «入門»" is level 4 right after level 2; expected level 3 at most',
            "#### 機械学習 — «入門»",
            Section(3, "機械学習 — «入門»"),
            suggestion="###",
        ),
    ]


def links() -> list[LinkResult]:
    def result(url: str, verdict: Verdict, *places: tuple[str, int, int]) -> LinkResult:
        return LinkResult(url, verdict, [Location(*place) for place in places])

    refused = "private address 10.1.2.3 refused (allow it with --allow-network)"
    return [
        result(
            "https://docs.python.org/3/",
            Verdict(LinkState.OK, 200, elapsed_ms=87),
            (README, 40, 25),
        ),
        dataclasses.replace(
            result(
                GONE,
                Verdict(LinkState.BROKEN, 404, error="HTTP 404", elapsed_ms=120),
                (README, 22, 3),
                (README, 25, 3),
            ),
            broken_since=GONE_SINCE,
            failures_in_a_row=5,
        ),
        result(
            "https://old.example-course.org/ml",
            Verdict(LinkState.REDIRECTED, 301, "https://example-course.org/ml/", elapsed_ms=230),
            (README, 27, 3),
        ),
        result(
            "https://www.linkedin.com/in/someone",
            Verdict(
                LinkState.BLOCKED, 999, error="HTTP 999: refuses automated clients", cached=True
            ),
            (README, 44, 3),
        ),
        result("http://10.1.2.3/admin", Verdict(LinkState.EXCLUDED, error=refused), (GUIDE, 14, 1)),
        result(
            "https://intra.example/wiki",
            Verdict(LinkState.EXCLUDED, error="matches --exclude ^https://intra\\."),
            (GUIDE, 15, 1),
        ),
        result(
            "tel:+15550100",
            Verdict(LinkState.EXCLUDED, error="tel links are not checked"),
            (GUIDE, 16, 3),
        ),
        result(
            "mailto:team@example.org",
            Verdict(LinkState.EXCLUDED, error="mailto: address syntax is valid; not requested"),
            (GUIDE, 17, 3),
        ),
        result(
            "https://unchanged.example/",
            Verdict(LinkState.EXCLUDED, error="unchanged since origin/main"),
            (JAPANESE, 8, 3),
        ),
        result(
            "https://far.example/ページ",
            Verdict(LinkState.UNKNOWN, error="network unreachable: not checked", no_network=True),
            (JAPANESE, 9, 3),
        ),
        result(
            "https://odd.example/",
            Verdict(LinkState.UNKNOWN, 300, error="HTTP 300", elapsed_ms=45),
            (JAPANESE, 10, 3),
        ),
    ]


def golden_report() -> Report:
    findings = sorted(
        [*readme_findings(), *guide_findings(), *japanese_findings()], key=Finding.sort_key
    )
    errors = sum(1 for f in findings if f.severity is E)
    summary = Summary(
        files=3,
        links=57,
        urls=11,
        requests=6,
        errors=errors,
        warnings=len(findings) - errors,
        duration_s=1.25,
    )
    return Report(findings, links(), summary)


# --- rendering, and the parts that are placeholders in the files --------------------------


def render(name: str) -> str:
    env = GITHUB_ENV if name == "markdown" else None
    return reporter_for(name, env=env)(golden_report())


def comparable(name: str, output: str) -> str:
    """The output as the golden file holds it: JSON indented, placeholders put in."""
    if name == "json":
        assert output == json.dumps(json.loads(output), ensure_ascii=False) + "\n"  # one line
        data = json.loads(output)
        assert data["tool"]["version"] == __version__
        data["tool"]["version"] = "<version>"
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if name == "sarif":
        data = json.loads(output)
        assert output == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        driver = data["runs"][0]["tool"]["driver"]
        assert driver["version"] == __version__
        driver["version"] = "<version>"
        by_code = {rule.code: rule for rule in all_rules()}
        for descriptor in driver["rules"]:
            rule = by_code[descriptor["id"]]
            documentation = rulemeta.documentation(rule)
            assert descriptor["fullDescription"] == {"text": rulemeta.description(rule)}
            assert descriptor["help"] == {"text": documentation, "markdown": documentation}
            placeholder = f"<documentation of {rule.code}>"
            descriptor["fullDescription"] = {"text": placeholder}
            descriptor["help"] = {"text": placeholder, "markdown": placeholder}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return output


def assert_matches_golden(name: str, output: str) -> None:
    path = GOLDEN / FILES[name]
    actual = comparable(name, output)
    if UPDATE:
        path.write_text(actual, encoding="utf-8", newline="")
        pytest.skip(f"{path.relative_to(GOLDEN.parent.parent)} written (UPDATE_GOLDEN)")
    assert path.exists(), f"no {path.name}: run UPDATE_GOLDEN=1 pytest {__file__}"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                f"tests/golden/{path.name} (expected)",
                f"{name} reporter (actual)",
            )
        )
        pytest.fail(
            f"the {name} report differs from tests/golden/{path.name}; if the change is "
            f"meant, run `UPDATE_GOLDEN=1 python -m pytest tests/test_reporters_golden.py` "
            f"and review the diff:\n{diff}",
            pytrace=False,
        )


def test_every_format_has_its_golden_file() -> None:
    assert set(FILES) == set(FORMATS)


@pytest.mark.parametrize("name", FORMATS)
def test_report_matches_its_golden_file(name: str) -> None:
    assert_matches_golden(name, render(name))


def test_the_sarif_report_is_valid_against_the_official_schema() -> None:
    assert_valid_sarif(json.loads(render("sarif")))


def test_rendering_leaves_the_report_as_it_was() -> None:
    report = golden_report()
    before = copy.deepcopy(report)
    for name in FORMATS:
        reporter_for(name, env=GITHUB_ENV)(report)
    assert report == before
