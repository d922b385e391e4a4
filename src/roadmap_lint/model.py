"""Plain data shared by every pipeline stage: positions, document parts, findings, reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class LinkKind(str, enum.Enum):
    """How a link is written in the source."""

    INLINE = "inline"  # [text](url)
    IMAGE = "image"  # ![alt](url), also ![alt][ref]
    REFERENCE = "reference"  # [text][ref], [text][], [text]
    AUTOLINK = "autolink"  # <https://…>
    BARE = "bare"  # GFM extended autolink: https://…, www.…, or an e-mail address (mailto:…)
    HTML = "html"  # <a href>, <img src> in raw HTML
    DEFINITION = "definition"  # [ref]: url


class LinkState(str, enum.Enum):
    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    BLOCKED = "blocked"
    EXCLUDED = "excluded"
    UNKNOWN = "unknown"


@dataclass(frozen=True, order=True)
class Position:
    """1-based line and column (in characters) in the source file."""

    line: int
    column: int


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # rendered plain text, as github.com sees it
    slug: str  # de-duplicated GitHub slug (the element id without `user-content-`)
    position: Position
    html: bool = False  # a raw HTML <hN> element rather than Markdown syntax


@dataclass(frozen=True)
class Anchor:
    """An explicit HTML anchor: `<a name>`, `<a id>` or any element with `id`."""

    name: str
    position: Position


@dataclass(frozen=True)
class Link:
    url: str  # the destination as written (entities and escapes resolved)
    kind: LinkKind
    position: Position
    text: str = ""  # link text or image alt text
    label: str | None = None  # reference label, for REFERENCE and DEFINITION kinds
    wraps_image: bool = False  # a link whose text starts with an image: `[![alt](src)](url)`
    alt_attribute: bool = False  # an HTML `<img>` with an `alt` attribute, however empty

    @property
    def is_image(self) -> bool:
        return self.kind is LinkKind.IMAGE or (self.kind is LinkKind.HTML and self.label == "img")


@dataclass(frozen=True)
class Entry:
    """A listing: a list item or table row whose first cell starts with a link.

    `- [Name](url) - Description.` and `| [Name](url) | Description |` are entries; a link
    in the middle of a sentence is not. Emoji and task-list boxes may come before the link.
    """

    link: Link
    text: str  # the plain text of the item's first paragraph (or of the row's first cell)
    in_table: bool = False


@dataclass(frozen=True)
class UndefinedReference:
    """`[text][label]` whose label has no definition: github.com renders it as plain text."""

    label: str
    position: Position


@dataclass
class TocEntry:
    text: str
    target: str | None  # the link destination (`#fragment`) of the entry, if it has one
    position: Position
    depth: int  # 0 for top-level items
    children: list[TocEntry] = field(default_factory=list)

    def walk(self) -> list[TocEntry]:
        entries = [self]
        for child in self.children:
            entries.extend(child.walk())
        return entries


@dataclass
class Toc:
    heading: Heading | None  # the "Table of Contents" heading, when the TOC has one
    entries: list[TocEntry]  # top-level entries; nested ones in `children`
    start_line: int
    end_line: int  # last source line (1-based, inclusive) of the TOC region

    def flat(self) -> list[TocEntry]:
        result: list[TocEntry] = []
        for entry in self.entries:
            result.extend(entry.walk())
        return result


@dataclass(frozen=True)
class Edit:
    """A safe fix: replace the first `old` found at or after (line, column) with `new`.

    Positions are 1-based, as in findings; `old` may span lines (joined with "\n").
    Anchoring the edit on its text as well as its place means a stale or wrong position
    can never damage the file: the edit is simply not made.
    """

    line: int
    column: int
    old: str
    new: str
    # A fix made only when asked for by name (`ARCHIVE_FIX`: `--fix --archive`), since it
    # changes what the link points to; None: a safe fix, made by every `--fix`.
    only_with: str | None = None


ARCHIVE_FIX = "archive"  # a dead link replaced by the archive's snapshot of it


class Section(NamedTuple):
    """The heading a line falls under: its own line and its rendered text."""

    line: int
    text: str


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    path: str
    line: int
    column: int
    message: str
    target: str | None = None
    suggestion: str | None = None
    url: str | None = None
    fix: tuple[Edit, ...] = ()  # edits `--fix` may apply; empty when no fix is safe
    # Findings of one rule in one file with the same group share one cause (one URL, one
    # encoding accident): the reports people read show them as one entry listing its lines.
    group: str | None = None
    # Where the finding is, for the reports (filled in by the pipeline once it is final):
    section: Section | None = None  # the heading above it; None before the first
    line_text: str | None = None  # its line, without the line break; None if unknown
    repo_path: str | None = None  # the file's path from the repository root; None if outside

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    column: int


@dataclass(frozen=True)
class Verdict:
    """What is known of one external URL as written (fragment included).

    One type from the network to the cache to the report: the network's answer, a verdict
    kept from an earlier run (`cached`), or one decided without a request (a `mailto:`
    address, a URL excluded by the configuration, a run without a network).
    """

    state: LinkState
    http_status: int | None = None
    final_url: str | None = None  # where a permanent redirect leads
    error: str | None = None  # why the URL has its state, for people
    elapsed_ms: int | None = None
    fragment_missing: bool = False  # the page loads but lacks the #fragment
    cached: bool = False  # kept from an earlier run
    no_network: bool = False  # not checked at all: nothing could be reached from here
    # Why the URL has its state, as a short stable word for programs (`soft-404`,
    # `parked-domain`, `archived`, `timeout`…); `error` says it for people.
    reason: str | None = None


NOT_CHECKED = Verdict(LinkState.UNKNOWN)


@dataclass
class LinkResult:
    """One distinct external URL of the run, with its verdict and every place it appears."""

    url: str
    verdict: Verdict = NOT_CHECKED
    locations: list[Location] = field(default_factory=list)
    # From the history the cache keeps: when the URL was first seen broken in the runs in a
    # row that found it broken (epoch seconds), and how many runs those are (0: not broken).
    broken_since: float | None = None
    failures_in_a_row: int = 0
    # The Internet Archive's copy of the page from before it broke, for a broken URL.
    snapshot: str | None = None

    @property
    def state(self) -> LinkState:
        return self.verdict.state

    @property
    def http_status(self) -> int | None:
        return self.verdict.http_status

    @property
    def final_url(self) -> str | None:
        return self.verdict.final_url

    @property
    def error(self) -> str | None:
        return self.verdict.error

    @property
    def cached(self) -> bool:
        return self.verdict.cached

    @property
    def reason(self) -> str | None:
        return self.verdict.reason

    @property
    def elapsed_ms(self) -> int | None:
        return self.verdict.elapsed_ms

    @property
    def fragment_missing(self) -> bool:
        return self.verdict.fragment_missing


@dataclass
class Summary:
    files: int = 0
    links: int = 0
    urls: int = 0
    requests: int = 0
    errors: int = 0
    warnings: int = 0
    duration_s: float = 0.0


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    links: list[LinkResult] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)
