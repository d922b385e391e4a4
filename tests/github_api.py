"""A stand-in for GitHub's GraphQL API, enough for the GitHub lane's queries.

`FakeGithub` holds a few repositories and answers a query as GitHub does: each repository
alias with its data, or null and a NOT_FOUND error; objects that do not resolve as null;
issues that do not exist as null with a NOT_FOUND error; the rate limit. It reads the query
with regular expressions over the aliases the lane writes, and the names from its variables.
It answers respx (`respond`) and the loopback test server (`reply`) alike.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import httpx

from .servers import Reply, Request

_REPOSITORY = re.compile(
    r"(r\d+): repository\(owner: \$(\w+), name: \$(\w+)\) \{ (.*?) \}(?= r\d+: | \}$)"
)
_OBJECT = re.compile(r"(e\d+_\d+): object\(expression: \$(e\d+_\d+)\)")
_ISSUE = re.compile(r"(i\d+): issueOrPullRequest\(number: (\d+)\)")


@dataclass
class Repo:
    name_with_owner: str
    archived: bool = False
    objects: frozenset[str] = frozenset()  # the `git rev-parse` expressions that resolve
    issues: frozenset[int] = frozenset()
    old_names: tuple[str, ...] = ()  # renamed or transferred from these


@dataclass
class FakeGithub:
    repos: list[Repo] = field(default_factory=list)
    remaining: int = 5000
    reset_at: str = "2040-01-01T00:00:00Z"
    queries: list[dict[str, Any]] = field(default_factory=list)

    def find(self, owner: str, name: str) -> Repo | None:
        wanted = f"{owner}/{name}".lower()
        for repo in self.repos:
            if wanted in (n.lower() for n in (repo.name_with_owner, *repo.old_names)):
                return repo
        return None

    def answer(self, document: dict[str, Any]) -> dict[str, Any]:
        self.queries.append(document)
        self.remaining = max(0, self.remaining - 1)
        query, variables = document["query"], document["variables"]
        data: dict[str, Any] = {
            "rateLimit": {"cost": 1, "remaining": self.remaining, "resetAt": self.reset_at}
        }
        errors: list[dict[str, Any]] = []
        for alias, owner, name, inside in _REPOSITORY.findall(query):
            repo = self.find(variables[owner], variables[name])
            if repo is None:
                data[alias] = None
                errors.append(
                    {"type": "NOT_FOUND", "path": [alias], "message": "Could not resolve"}
                )
                continue
            node: dict[str, Any] = {
                "nameWithOwner": repo.name_with_owner,
                "isArchived": repo.archived,
            }
            for field_alias, variable in _OBJECT.findall(inside):
                node[field_alias] = (
                    {"oid": "0" * 40} if variables[variable] in repo.objects else None
                )
            for field_alias, number in _ISSUE.findall(inside):
                found = int(number) in repo.issues
                node[field_alias] = {"__typename": "Issue"} if found else None
                if not found:
                    errors.append({"type": "NOT_FOUND", "path": [alias, field_alias]})
            data[alias] = node
        return {"data": data, "errors": errors} if errors else {"data": data}

    def repositories_asked(self, query: int) -> list[str]:
        """`owner/name` of every repository alias of one of the queries received."""
        document = self.queries[query]
        return [
            f"{document['variables'][owner]}/{document['variables'][name]}"
            for _alias, owner, name, _inside in _REPOSITORY.findall(document["query"])
        ]

    def respond(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=self.answer(json.loads(request.content)))

    def reply(self, request: Request, hits: int) -> Reply:
        body = json.dumps(self.answer(json.loads(request.body))).encode()
        return Reply(200, {"Content-Type": "application/json"}, body)
