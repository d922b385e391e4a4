"""GraphQL queries that decide many repository links at once, and what their answers say.

One query asks for up to `MAX_REPOSITORIES` repositories (each under an alias, `r0`…), with
the objects, issues and pull requests the links name inside each, and for the rate limit.
Every name is passed as a variable, never spliced into the query text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from roadmap_lint.model import LinkState, Verdict
from roadmap_lint.net.github_links import IssueCheck, ObjectCheck, RepoLink

MAX_REPOSITORIES = 100
MAX_LOOKUPS = 300  # objects, issues and pull requests looked up inside one query's repositories


@dataclass
class Unit:
    """One repository in one query, with what is looked up inside it."""

    key: tuple[str, str]
    owner: str
    name: str
    expressions: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    @property
    def lookups(self) -> int:
        return len(self.expressions) + len(self.numbers)


@dataclass(frozen=True)
class Query:
    units: tuple[Unit, ...]

    def text_and_variables(self) -> tuple[str, dict[str, str]]:
        declared: list[str] = []
        variables: dict[str, str] = {}
        fields = ["rateLimit { cost remaining resetAt }"]
        for index, unit in enumerate(self.units):
            variables[f"o{index}"], variables[f"n{index}"] = unit.owner, unit.name
            declared += [f"$o{index}: String!", f"$n{index}: String!"]
            inside = ["nameWithOwner", "isArchived"]
            for number, expression in enumerate(unit.expressions):
                variable = f"e{index}_{number}"
                variables[variable] = expression
                declared.append(f"${variable}: String!")
                inside.append(f"{variable}: object(expression: ${variable}) {{ oid }}")
            inside += [
                f"i{n}: issueOrPullRequest(number: {n}) {{ __typename }}" for n in unit.numbers
            ]
            fields.append(
                f"r{index}: repository(owner: $o{index}, name: $n{index}) {{ {' '.join(inside)} }}"
            )
        return f"query({', '.join(declared)}) {{ {' '.join(fields)} }}", variables


def plan(links: Iterable[RepoLink]) -> list[Query]:
    """The queries that ask about every repository once (a repository with very many
    lookups is split between queries), in the order the links come."""
    units: dict[tuple[str, str], Unit] = {}
    for link in links:
        unit = units.setdefault(link.key, Unit(link.key, link.owner, link.name))
        if isinstance(link.check, ObjectCheck):
            unit.expressions += [e for e in link.check.expressions if e not in unit.expressions]
        elif isinstance(link.check, IssueCheck) and link.check.number not in unit.numbers:
            unit.numbers.append(link.check.number)
    queries: list[Query] = []
    batch: list[Unit] = []
    for unit in (piece for whole in units.values() for piece in _pieces(whole)):
        if batch and (
            len(batch) == MAX_REPOSITORIES
            or sum(u.lookups for u in batch) + unit.lookups > MAX_LOOKUPS
        ):
            queries.append(Query(tuple(batch)))
            batch = []
        batch.append(unit)
    if batch:
        queries.append(Query(tuple(batch)))
    return queries


def _pieces(unit: Unit) -> Iterable[Unit]:
    if unit.lookups <= MAX_LOOKUPS:
        yield unit
        return
    lookups: list[str | int] = [*unit.expressions, *unit.numbers]
    for start in range(0, len(lookups), MAX_LOOKUPS):
        part = lookups[start : start + MAX_LOOKUPS]
        yield Unit(
            unit.key,
            unit.owner,
            unit.name,
            [e for e in part if isinstance(e, str)],
            [n for n in part if isinstance(n, int)],
        )


@dataclass(frozen=True)
class Repository:
    name_with_owner: str
    archived: bool


_MISSING = "missing"


class Answers:
    """What the answers said so far; a link is decided once all it depends on is known."""

    def __init__(self) -> None:
        self.repositories: dict[tuple[str, str], Repository | str] = {}
        self.objects: dict[tuple[tuple[str, str], str], bool] = {}
        self.issues: dict[tuple[tuple[str, str], int], bool] = {}

    def read(self, query: Query, data: Mapping[str, Any], errors: Sequence[Any]) -> None:
        """Take in a query's `data`. A field that is null counts as missing only when no
        error other than NOT_FOUND was given for it (a repository: only with NOT_FOUND)."""
        problems: dict[tuple[str, ...], set[str]] = {}
        for error in errors:
            if isinstance(error, dict) and isinstance(error.get("path"), list):
                path = tuple(str(part) for part in error["path"])
                problems.setdefault(path, set()).add(str(error.get("type")))
        for index, unit in enumerate(query.units):
            alias = f"r{index}"
            node = data.get(alias)
            if not isinstance(node, dict):
                if node is None and problems.get((alias,)) == {"NOT_FOUND"}:
                    self.repositories[unit.key] = _MISSING
                continue
            name, archived = node.get("nameWithOwner"), node.get("isArchived")
            if not (isinstance(name, str) and isinstance(archived, bool)):
                continue
            self.repositories[unit.key] = Repository(name, archived)
            for number, expression in enumerate(unit.expressions):
                found = _found(
                    node, f"e{index}_{number}", problems.get((alias, f"e{index}_{number}"))
                )
                if found is not None:
                    self.objects[unit.key, expression] = found
            for issue in unit.numbers:
                found = _found(node, f"i{issue}", problems.get((alias, f"i{issue}")))
                if found is not None:
                    self.issues[unit.key, issue] = found

    def verdict(self, link: RepoLink) -> Verdict | None:
        """The verdict on a link, or None while (or if) it cannot be decided."""
        repository = self.repositories.get(link.key)
        if repository is None:
            return None
        if not isinstance(repository, Repository):
            return Verdict(
                LinkState.BROKEN,
                error=f"repository {link.owner}/{link.name} not found (deleted, or private)",
                reason="repository-not-found",
            )
        check = link.check
        if isinstance(check, ObjectCheck):
            found = [self.objects.get((link.key, e)) for e in check.expressions]
            if not any(found):
                if None in found or not check.certain:
                    return None
                return Verdict(
                    LinkState.BROKEN,
                    error=f"{check.described} not found in {repository.name_with_owner}",
                    reason=check.reason,
                )
        elif isinstance(check, IssueCheck) and not self.issues.get((link.key, check.number)):
            return None  # not known, or not there: perhaps moved to another repository
        return _alive(link, repository)


def _found(node: Mapping[str, Any], alias: str, problems: set[str] | None) -> bool | None:
    if alias not in node:
        return None
    if node[alias] is not None:
        return True
    return False if not problems or problems == {"NOT_FOUND"} else None


def _alive(link: RepoLink, repository: Repository) -> Verdict:
    renamed = repository.name_with_owner.lower() != f"{link.owner}/{link.name}".lower()
    reason = "archived" if repository.archived else "renamed" if renamed else None
    if renamed:
        return Verdict(
            LinkState.REDIRECTED, final_url=link.moved_to(repository.name_with_owner), reason=reason
        )
    return Verdict(LinkState.OK, reason=reason)
