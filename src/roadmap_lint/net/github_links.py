"""Links into GitHub repositories, read from their URLs: which repository, and what in it.

Only pages whose fate the repository decides are read as repository links: the repository
itself and its usual tabs, a file or folder at a ref (`/blob/REF/PATH`, `/tree/REF/PATH`),
a commit, an issue or pull request, a release tag. github.com's own pages (`/features`,
`/topics/x`, `/orgs/x`, `/settings`…), a user or organisation alone (`/OWNER`) and any
other repository page (`/compare/…`, `/releases/download/…`, `/actions/runs/…`) are not:
they are checked as pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# github.com's first path segments that are not users or organisations (none can be one).
# fmt: off
RESERVED_OWNERS = frozenset({
    "about", "account", "advisories", "apps", "blog", "business", "case-studies", "codespaces",
    "collections", "contact", "copilot", "customer-stories", "dashboard", "developer",
    "discussions", "downloads", "education", "enterprise", "enterprises", "events", "explore",
    "features", "git-guides", "github-copilot", "home", "issues", "join", "login", "logout",
    "marketplace", "mobile", "new", "nonprofit", "notifications", "open-source", "organizations",
    "orgs", "partners", "password_reset", "premium-support", "pricing", "pulls", "readme",
    "repositories", "resources", "search", "security", "session", "sessions", "settings",
    "signup", "site", "solutions", "sponsors", "stars", "team", "teams", "topics", "trending",
    "users", "watching", "why-github",
})
# fmt: on
_OWNER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,38}")
_NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")
_SHA = re.compile(r"[0-9a-fA-F]{7,40}")
_NUMBER = re.compile(r"[1-9][0-9]{0,9}")  # an issue or pull request (`²` is no digit here)
# Repository tabs whose page exists when the repository does (the first path segment).
# fmt: off
_TABS = frozenset({
    "issues", "pulls", "commits", "branches", "tags", "releases", "wiki", "actions", "stargazers",
    "watchers", "forks", "network", "graphs", "pulse", "contributors", "milestones", "labels",
    "activity",
})
# fmt: on
_PULL_SUBPAGES = frozenset({"files", "commits", "checks", "changes"})
_FILE_VIEWS = frozenset({"blob", "blame", "raw"})
# A ref holding more slashes than this is not tried (`feature/x/y/z` is as far as it goes).
MAX_REF_SEGMENTS = 4
# What git forbids in a ref name (and what would mean something else to `git rev-parse`).
_BAD_REF = re.compile(r"[\s~^:?*\[\\]|\.\.|@\{|^/|/$|//")
_MAX_INT = 2**31 - 1  # GraphQL's Int


@dataclass(frozen=True)
class ObjectCheck:
    """A git object that must exist: present if any of `expressions` resolves.

    `certain`: missing means the page is gone. Not so for a commit id, which github.com
    also finds in the forks of the repository (the API does not): the page is then read.
    """

    expressions: tuple[str, ...]  # `REF:PATH`, `REF` or a commit id, as `git rev-parse` reads
    certain: bool
    reason: str  # the verdict's reason when it is missing
    described: str  # what it is, for people


@dataclass(frozen=True)
class IssueCheck:
    """An issue or pull request (a missing one may have been moved: its page is read)."""

    number: int


@dataclass(frozen=True)
class RepoLink:
    owner: str
    name: str
    check: ObjectCheck | IssueCheck | None  # besides the repository's own existence
    prefix: str  # `scheme://host` as written
    rest: str  # the rest of the URL after `/OWNER/NAME`, as written (path and query)

    @property
    def key(self) -> tuple[str, str]:
        """The repository, as GitHub tells names apart (ignoring case)."""
        return self.owner.lower(), self.name.lower()

    def moved_to(self, name_with_owner: str) -> str:
        """The URL with the repository's new owner and name, the rest as written."""
        return f"{self.prefix}/{name_with_owner}{self.rest}"


def repo_link(url: str, hosts: frozenset[str], schemes: frozenset[str]) -> RepoLink | None:
    """The repository link a page URL (no fragment) is, or None if it is not one."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in schemes or (parts.hostname or "").lower() not in hosts:
        return None
    segments = parts.path.split("/")[1:]
    if len(segments) < 2:
        return None
    owner, name, rest = segments[0], segments[1], segments[2:]
    if not (_OWNER.fullmatch(owner) and _NAME.fullmatch(name)):
        return None
    if owner.lower() in RESERVED_OWNERS or name in (".", "..") or name.lower().endswith(".git"):
        return None  # `NAME.git` is redirected to `NAME`: its page says so
    if rest and rest[-1] == "":
        rest = rest[:-1]  # a trailing slash
    if any(segment in ("", ".", "..") for segment in rest):
        return None
    if rest and not _known_page(rest):
        return None
    needs_check = len(rest) >= 2 and rest != ["releases", "latest"]
    check = _check(rest) if needs_check else None
    if needs_check and check is None:
        return None  # it names what the API cannot be asked about (`main~1`, `not-an-id`)
    raw_rest = parts.path[len(owner) + len(name) + 2 :]
    query = f"?{parts.query}" if parts.query else ""
    return RepoLink(owner, name, check, f"{parts.scheme}://{parts.netloc}", raw_rest + query)


def _known_page(rest: list[str]) -> bool:
    """Whether a repository page exists whenever the repository (and what it names) does."""
    head, tail = rest[0], rest[1:]
    if head in _FILE_VIEWS or head == "tree":
        return bool(tail)
    if not tail:
        return head in _TABS
    if head == "commit":
        return len(tail) == 1
    if head in ("issues", "pull") and _NUMBER.fullmatch(tail[0]):
        return len(tail) == 1 or (head == "pull" and len(tail) == 2 and tail[1] in _PULL_SUBPAGES)
    if head == "releases":
        return tail == ["latest"] or (len(tail) == 2 and tail[0] == "tag")
    return False


def _check(rest: list[str]) -> ObjectCheck | IssueCheck | None:
    head = rest[0]
    if head in _FILE_VIEWS or head == "tree":
        return _file_check([unquote(segment) for segment in rest[1:]], head == "tree")
    if head == "commit":
        sha = rest[1]
        return (
            ObjectCheck((sha,), False, "commit-not-found", f"commit {sha}")
            if _SHA.fullmatch(sha)
            else None
        )
    if head in ("issues", "pull"):
        number = int(rest[1])
        return IssueCheck(number) if number <= _MAX_INT else None
    if head == "releases" and len(rest) == 3:
        tag = unquote(rest[2])
        if _BAD_REF.search(tag) or not tag:
            return None
        return ObjectCheck((f"refs/tags/{tag}",), True, "tag-not-found", f"tag {tag}")
    return None


def _file_check(segments: list[str], folder: bool) -> ObjectCheck | None:
    """A file (or, with `folder`, a folder or a ref alone) at a ref.

    The ref may hold slashes (`feature/x`), so every split of the segments into `REF` and
    `PATH` is tried, up to `MAX_REF_SEGMENTS` segments of ref: the page exists if any of
    them names an object, which is what github.com's resolution of the longest matching ref
    comes to unless two refs overlap (`a` and `a/b`) with the path in one only.
    """
    expressions: list[str] = []
    for cut in range(1, min(len(segments), MAX_REF_SEGMENTS) + 1):
        ref, path = "/".join(segments[:cut]), "/".join(segments[cut:])
        if _BAD_REF.search(ref) or (not path and not folder):
            continue
        expressions.append(f"{ref}:{path}" if path else ref)
        if _SHA.fullmatch(ref) and len(ref) == 40:
            break  # a full commit id is never the start of a branch name
    if not expressions:
        return None
    first = segments[0]
    where = "/".join(segments)
    # A commit id as the ref may be one of a fork's commits, which github.com shows too.
    certain = not _SHA.fullmatch(first)
    return ObjectCheck(tuple(expressions), certain, "path-not-found", where)
