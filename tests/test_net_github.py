"""The GitHub lane: repository links decided through the GraphQL API, in batches (respx).

`FakeGithub` (tests/github_api.py) answers the queries as GitHub does; pages the lane hands
back are checked as pages, here against respx routes that say whether they were asked.
Waits are recorded, never slept.
"""

from __future__ import annotations

import json
from typing import Any

import anyio
import anyio.lowlevel
import httpx
import pytest
import respx

from roadmap_lint.model import LinkState, Verdict
from roadmap_lint.net.github_lane import GithubRepositoryLane, github_lane, token_may_go_to
from roadmap_lint.net.github_links import repo_link
from roadmap_lint.net.lanes import LaneError, default_lanes
from roadmap_lint.net.policy import AddressPolicy, parse_networks
from roadmap_lint.net.run import LinkRun
from roadmap_lint.net.settings import GithubLane, NetSettings
from tests.recorded import Sleeps

from .github_api import FakeGithub, Repo

API = "https://api.github.com/graphql"
TOKEN = "ghp_test_token"
NOW = 1_900_000_000.0  # the wall clock, in epoch seconds


def settings(**overrides: Any) -> NetSettings:
    values: dict[str, Any] = {"github_token": TOKEN, "retries": 1, "backoff_base": 0.01}
    values.update(overrides)
    return NetSettings(**values)


def lane(net: NetSettings | None = None, waits: Sleeps | None = None) -> GithubRepositoryLane:
    net = net or settings()
    return GithubRepositoryLane(
        net, TOKEN, no_answer=(LaneError,), sleep=waits or Sleeps(), wall_clock=lambda: NOW
    )


class World:
    """GitHub's API and pages behind one respx router."""

    def __init__(self, *repos: Repo) -> None:
        self.github = FakeGithub(list(repos))
        self.router = respx.MockRouter(assert_all_called=False)
        self.api = self.router.post(API).mock(side_effect=self.github.respond)
        self.pages = self.router.route(host="github.com").respond(200)

    def run(
        self, urls: list[str], net: NetSettings | None = None, waits: Sleeps | None = None
    ) -> dict[str, Verdict]:
        net = net or settings()
        transport = httpx.MockTransport(self.router.async_handler)
        link_run = LinkRun(net, client_factory=lambda host, s: transport, lanes=[lane(net, waits)])
        return anyio.run(link_run.check, urls).verdicts

    def pages_asked(self) -> list[str]:
        return [str(call.request.url) for call in self.pages.calls]


def gh(path: str) -> str:
    return f"https://github.com/{path}"


# -- what each answer means -------------------------------------------------------------------


def test_an_existing_repository_is_ok_and_its_page_is_not_requested() -> None:
    world = World(Repo("pallets/flask"))
    verdicts = world.run([gh("pallets/flask"), gh("pallets/flask/issues")])
    assert verdicts[gh("pallets/flask")] == Verdict(LinkState.OK)
    assert verdicts[gh("pallets/flask/issues")].state is LinkState.OK
    assert world.api.call_count == 1
    assert world.pages_asked() == []


@pytest.mark.parametrize("why", ["deleted", "private"])
def test_a_repository_the_api_does_not_know_is_broken(why: str) -> None:
    # GitHub answers a private repository the token cannot see exactly as a missing one.
    world = World(Repo("pallets/flask"))
    verdicts = world.run([gh(f"someone/{why}-repo")])
    verdict = verdicts[gh(f"someone/{why}-repo")]
    assert verdict.state is LinkState.BROKEN
    assert verdict.reason == "repository-not-found"
    assert "someone/" in (verdict.error or "")
    assert world.pages_asked() == []


@pytest.mark.parametrize(
    ("written", "now"),
    [
        ("old-owner/tool", "new-owner/tool"),  # transferred
        ("owner/old-name", "owner/new-name"),  # renamed
    ],
)
def test_a_renamed_or_transferred_repository_is_redirected_to_its_new_name(
    written: str, now: str
) -> None:
    world = World(Repo(now, objects=frozenset({"main:docs"}), old_names=(written,)))
    url = gh(f"{written}/tree/main/docs?tab=readme")
    verdict = world.run([url])[url]
    assert verdict.state is LinkState.REDIRECTED
    assert verdict.final_url == gh(f"{now}/tree/main/docs?tab=readme")
    assert verdict.reason == "renamed"


def test_the_fragment_follows_a_renamed_repository() -> None:
    world = World(Repo("o/new", objects=frozenset({"main:a.py"}), old_names=("o/old",)))
    url = gh("o/old/blob/main/a.py#L10-L20")
    verdict = world.run([url])[url]
    assert verdict.final_url == gh("o/new/blob/main/a.py#L10-L20")
    assert world.pages_asked() == []  # a line anchor needs no page


def test_a_name_written_in_another_case_is_not_a_rename() -> None:
    world = World(Repo("pallets/flask"))
    assert world.run([gh("Pallets/Flask")])[gh("Pallets/Flask")] == Verdict(LinkState.OK)


def test_an_archived_repository_is_alive_with_the_reason_archived() -> None:
    world = World(
        Repo("o/frozen", archived=True), Repo("o/now", archived=True, old_names=("o/was",))
    )
    verdicts = world.run([gh("o/frozen"), gh("o/was")])
    assert verdicts[gh("o/frozen")] == Verdict(LinkState.OK, reason="archived")
    moved = verdicts[gh("o/was")]
    assert (moved.state, moved.final_url, moved.reason) == (
        LinkState.REDIRECTED,
        gh("o/now"),
        "archived",
    )


# -- files and folders at a ref ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "state"),
    [
        ("blob/main/README.md", LinkState.OK),
        ("blob/main/MISSING.md", LinkState.BROKEN),
        ("tree/main/docs", LinkState.OK),
        ("tree/main/nowhere", LinkState.BROKEN),
        ("tree/main", LinkState.OK),
        ("tree/gone-branch", LinkState.BROKEN),
        ("blob/feature/x/docs/guide.md", LinkState.OK),  # a branch with a slash
        ("blob/main/docs/my%20notes.md", LinkState.OK),  # decoded
        ("raw/main/README.md", LinkState.OK),
        ("blame/main/MISSING.md", LinkState.BROKEN),
        ("releases/tag/v1.0", LinkState.OK),
        ("releases/tag/v9.9", LinkState.BROKEN),
    ],
)
def test_a_file_folder_or_tag_must_exist_at_its_ref(path: str, state: LinkState) -> None:
    objects = {"main:README.md", "main:docs", "main", "feature/x:docs/guide.md"}
    objects |= {"main:docs/my notes.md", "refs/tags/v1.0"}
    world = World(Repo("o/r", objects=frozenset(objects)))
    verdict = world.run([gh(f"o/r/{path}")])[gh(f"o/r/{path}")]
    assert verdict.state is state
    if state is LinkState.BROKEN:
        assert verdict.reason in ("path-not-found", "tag-not-found")
        assert "not found in o/r" in (verdict.error or "")
    assert world.pages_asked() == []


def test_every_split_of_ref_and_path_is_asked_in_the_same_query() -> None:
    world = World(Repo("o/r", objects=frozenset({"feature/x:docs/guide.md"})))
    world.run([gh("o/r/blob/feature/x/docs/guide.md")])
    [query] = world.github.queries
    assert sorted(query["variables"].values()) == [
        "feature/x/docs:guide.md",
        "feature/x:docs/guide.md",
        "feature:x/docs/guide.md",
        "o",
        "r",
    ]
    assert "guide.md" not in query["query"]  # names travel as variables only


def test_a_file_missing_at_a_commit_id_is_checked_as_a_page() -> None:
    # github.com also shows the commits of a repository's forks, which the API does not.
    world = World(Repo("o/r", objects=frozenset({"main:a.md"})))
    url = gh("o/r/blob/0123456789abcdef0123456789abcdef01234567/a.md")
    verdicts = world.run([url, gh("o/r/commit/0123456")])
    assert verdicts[url].state is LinkState.OK  # as the page says (respx: 200)
    assert sorted(world.pages_asked()) == sorted([url, gh("o/r/commit/0123456")])


def test_issues_and_pull_requests_that_exist_are_ok_and_missing_ones_are_read_as_pages() -> None:
    world = World(Repo("o/r", issues=frozenset({1, 2})))
    urls = [gh("o/r/issues/1"), gh("o/r/pull/2/files"), gh("o/r/issues/404")]
    verdicts = world.run(urls)
    assert all(verdicts[url].state is LinkState.OK for url in urls)
    assert world.pages_asked() == [gh("o/r/issues/404")]  # perhaps moved: its page decides


# -- batches ------------------------------------------------------------------------------


def test_250_repositories_take_3_queries_and_links_into_one_repository_share_an_alias() -> None:
    repos = [Repo(f"owner/repo{n}", objects=frozenset({"main:README.md"})) for n in range(250)]
    world = World(*repos)
    urls = [gh(f"owner/repo{n}") for n in range(250)]
    urls += [gh("owner/repo7/blob/main/README.md"), gh("owner/repo7/issues"), gh("OWNER/REPO7")]
    verdicts = world.run(urls)
    assert {verdicts[url].state for url in urls} == {LinkState.OK}
    assert world.api.call_count == 3
    asked = [world.github.repositories_asked(n) for n in range(3)]
    assert [len(names) for names in asked] == [100, 100, 50]
    assert sum(name.lower() == "owner/repo7" for names in asked for name in names) == 1
    assert world.pages_asked() == []


def test_a_repository_with_very_many_lookups_is_split_between_queries() -> None:
    files = [f"main:docs/page{n}.md" for n in range(400)]
    world = World(Repo("o/wiki", objects=frozenset(files[:399])))
    urls = [gh(f"o/wiki/blob/main/docs/page{n}.md") for n in range(400)]
    verdicts = world.run(urls)
    # 800 lookups: each link is tried as `main:docs/pageN.md` and `main/docs:pageN.md`.
    assert world.api.call_count == 3
    assert [world.github.repositories_asked(n) for n in range(3)] == [["o/wiki"]] * 3
    assert [verdicts[url].state for url in urls] == [LinkState.OK] * 399 + [LinkState.BROKEN]


def test_an_api_without_rate_limits_is_asked_all_the_same() -> None:
    # GitHub Enterprise Server with rate limiting off answers `rateLimit: null`.
    def unlimited(request: httpx.Request) -> httpx.Response:
        answer = world.github.answer(json.loads(request.content))
        answer["data"]["rateLimit"] = None
        return httpx.Response(200, json=answer)

    world = World(*(Repo(f"o/r{n}") for n in range(150)))
    world.api.mock(side_effect=unlimited)
    verdicts = world.run([gh(f"o/r{n}") for n in range(150)])
    assert world.api.call_count == 2
    assert {v.state for v in verdicts.values()} == {LinkState.OK}


def test_each_query_asks_for_the_rate_limit() -> None:
    world = World(Repo("o/r"))
    world.run([gh("o/r")])
    assert "rateLimit { cost remaining resetAt }" in world.github.queries[0]["query"]


# -- rate limits --------------------------------------------------------------------------


def test_once_the_points_are_spent_the_other_repositories_are_checked_as_pages() -> None:
    world = World(*(Repo(f"o/r{n}") for n in range(150)))
    world.github.remaining = 1  # the first query spends the last point; reset in ten years
    urls = [gh(f"o/r{n}") for n in range(150)]
    verdicts = world.run(urls)
    assert world.api.call_count == 1
    assert {verdicts[url].state for url in urls} == {LinkState.OK}
    assert sorted(world.pages_asked()) == sorted(urls[100:])


def test_points_that_come_back_within_the_cap_are_waited_for() -> None:
    world = World(*(Repo(f"o/r{n}") for n in range(150)))
    world.github.remaining = 1
    world.github.reset_at = "2030-03-17T17:46:50Z"  # NOW + 10 s
    waits = Sleeps()
    world.run([gh(f"o/r{n}") for n in range(150)], waits=waits)
    assert world.api.call_count == 2
    assert waits.delays == [pytest.approx(10.0)]
    assert world.pages_asked() == []


def test_the_primary_rate_limit_error_hands_every_page_back() -> None:
    world = World(Repo("o/r"))
    world.api.mock(
        return_value=httpx.Response(
            200,
            headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW) + 3600)},
            json={"errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]},
        )
    )
    waits = Sleeps()
    verdicts = world.run([gh("o/r")], waits=waits)
    assert verdicts[gh("o/r")].state is LinkState.OK
    assert world.pages_asked() == [gh("o/r")]
    assert waits.delays == []  # an hour is longer than the retry-after cap


@pytest.mark.parametrize("status", [403, 429])
def test_a_secondary_rate_limit_is_waited_out_when_it_says_when(status: int) -> None:
    world = World(Repo("o/r"))
    limited = httpx.Response(
        status,
        headers={"retry-after": "7"},
        json={"message": "You have exceeded a secondary rate limit."},
    )
    world.api.side_effect = [limited, world.github.respond]
    waits = Sleeps()
    verdicts = world.run([gh("o/r")], waits=waits)
    assert verdicts[gh("o/r")] == Verdict(LinkState.OK)
    assert waits.delays == [7.0]
    assert world.api.call_count == 2
    assert world.pages_asked() == []


def test_a_secondary_rate_limit_longer_than_the_cap_hands_the_pages_back() -> None:
    world = World(Repo("o/r"))
    world.api.mock(return_value=httpx.Response(429, headers={"retry-after": "600"}))
    waits = Sleeps()
    world.run([gh("o/r")], waits=waits)
    assert waits.delays == []
    assert world.api.call_count == 1
    assert world.pages_asked() == [gh("o/r")]


def test_a_secondary_limit_that_says_nothing_more_waits_a_minute() -> None:
    world = World(Repo("o/r"))
    limited = httpx.Response(403, json={"message": "You have exceeded a secondary rate limit"})
    world.api.side_effect = [limited, world.github.respond]
    waits = Sleeps()
    world.run([gh("o/r")], waits=waits)
    assert waits.delays == [60.0]
    assert world.pages_asked() == []


def test_headers_that_are_no_numbers_are_not_taken_for_numbers() -> None:
    world = World(Repo("o/r"))
    two = "\u00b2".encode("latin-1")  # superscript two, which str.isdigit() takes for a digit
    odd = {"retry-after": two, "x-ratelimit-remaining": two, "x-ratelimit-reset": b"soon"}
    world.api.side_effect = [httpx.Response(429, headers=odd), world.github.respond]
    waits = Sleeps()
    verdicts = world.run([gh("o/r")], waits=waits)
    assert verdicts[gh("o/r")] == Verdict(LinkState.OK)
    assert waits.delays == [60.0]


def test_a_403_that_is_not_a_rate_limit_hands_the_pages_back_at_once() -> None:
    world = World(Repo("o/r"))
    world.api.mock(return_value=httpx.Response(403, json={"message": "Resource not accessible"}))
    waits = Sleeps()
    world.run([gh("o/r")], waits=waits)
    assert (world.api.call_count, waits.delays) == (1, [])
    assert world.pages_asked() == [gh("o/r")]


# -- failures: the pages are checked as pages ------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(502, text="Bad gateway"),
        httpx.Response(200, text="<html>not json</html>"),
        httpx.Response(200, json={"errors": [{"message": "Something went wrong"}]}),
        httpx.Response(200, json={"data": None, "errors": [{"message": "Parse error"}]}),
        httpx.Response(401, json={"message": "Bad credentials"}),
        httpx.Response(301, headers={"location": "https://elsewhere.example/graphql"}),
        httpx.ConnectError("connection refused"),
    ],
    ids=["5xx", "not-json", "errors-only", "data-null", "401", "redirect", "no-answer"],
)
def test_an_api_failure_hands_every_page_back(failure: httpx.Response | Exception) -> None:
    world = World(Repo("o/r"))
    if isinstance(failure, Exception):
        world.api.mock(side_effect=failure)
    else:
        world.api.mock(return_value=failure)
    elsewhere = world.router.route(host="elsewhere.example").respond(200)
    verdicts = world.run([gh("o/r"), gh("o/r/blob/main/x.md")])
    assert {v.state for v in verdicts.values()} == {LinkState.OK}  # as the pages say
    assert sorted(world.pages_asked()) == [gh("o/r"), gh("o/r/blob/main/x.md")]
    assert elsewhere.call_count == 0  # no redirect is followed, with the token or without


def test_a_server_error_is_retried_before_giving_up() -> None:
    world = World(Repo("o/r"))
    world.api.side_effect = [httpx.Response(502), world.github.respond]
    waits = Sleeps()
    verdicts = world.run([gh("o/r")], waits=waits)
    assert verdicts[gh("o/r")] == Verdict(LinkState.OK)
    assert world.api.call_count == 2 and len(waits.delays) == 1
    assert world.pages_asked() == []


def test_a_failure_is_retried_once_whatever_the_retries_for_pages() -> None:
    world = World(Repo("o/r"))
    world.api.mock(side_effect=httpx.ConnectError("hung up"))
    world.run([gh("o/r")], net=settings(retries=5))
    assert world.api.call_count == 2  # a hung API would cost a timeout every time
    assert world.pages_asked() == [gh("o/r")]


def test_a_repository_answered_with_another_error_is_checked_as_a_page() -> None:
    def saml(request: httpx.Request) -> httpx.Response:
        answer = world.github.answer(json.loads(request.content))
        answer["data"]["r1"] = None  # an organisation enforcing SAML refuses the token
        answer["errors"] = [{"type": "FORBIDDEN", "path": ["r1"], "message": "SAML"}]
        return httpx.Response(200, json=answer)

    world = World(Repo("o/open"), Repo("corp/saml"))
    world.api.mock(side_effect=saml)
    verdicts = world.run([gh("o/open"), gh("corp/saml")])
    assert {v.state for v in verdicts.values()} == {LinkState.OK}
    assert world.pages_asked() == [gh("corp/saml")]


# -- which links, and where the token goes ---------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/o/r",
        "https://github.com/o/r/",
        "https://www.github.com/o/r",
        "https://github.com/o/r.js",
        "https://github.com/o/r/wiki",
        "https://github.com/o/r/releases",
        "https://github.com/o/r/releases/latest",
        "https://github.com/o/r/actions",
        "https://github.com/o/r/commits",
        "https://github.com/o/r/pulls",
        "https://github.com/o/r/issues/12",
        "https://github.com/o/r/pull/12/files",
        "https://github.com/o/r/commit/abcdef1",
        "https://github.com/o/r/tree/main/a/b",
        "https://github.com/o/r?tab=readme-ov-file",
    ],
)
def test_links_into_a_repository_are_claimed(url: str) -> None:
    assert lane().claims(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/",
        "https://github.com/torvalds",  # a user
        "https://github.com/features/actions",
        "https://github.com/topics/python",
        "https://github.com/orgs/python/repositories",
        "https://github.com/settings/tokens",
        "https://github.com/marketplace/actions/checkout",
        "https://github.com/sponsors/someone",
        "https://github.com/apps/dependabot",
        "https://gist.github.com/someone/0123456789abcdef",
        "http://github.com/o/r",  # its https:// redirect is insecure-url's to report
        "https://github.com/o/r.git",  # redirected to o/r: the page says so
        "https://github.com/o/r/compare/main...dev",
        "https://github.com/o/r/releases/download/v1/x.zip",
        "https://github.com/o/r/actions/workflows/ci.yml/badge.svg",
        "https://github.com/o/r/blob/main",  # no file
        "https://github.com/o/r/blob/main~1/a.md",  # revision syntax, not a ref
        "https://github.com/o/r/commit/not-an-id",
        "https://github.com/o/r/issues/99999999999",
        "https://github.com/o/r/issues/²",  # a digit to str.isdigit, not to int()
        "https://github.com/o/r/issues/0",
        "https://github.com/o/r/tree/main//a",
        "https://gitlab.com/o/r",
    ],
)
def test_other_pages_are_not_claimed(url: str) -> None:
    assert not lane().claims(url)


def test_repo_link_keeps_what_follows_the_repository_as_written() -> None:
    link = repo_link(
        "https://www.github.com/O/R/blob/main/a%20b.md?plain=1",
        frozenset({"www.github.com"}),
        frozenset({"https"}),
    )
    assert link is not None
    assert link.moved_to("n/m") == "https://www.github.com/n/m/blob/main/a%20b.md?plain=1"
    assert link.key == ("o", "r")


def test_no_token_or_switched_off_and_the_lane_claims_nothing() -> None:
    assert github_lane(NetSettings(), no_answer=(LaneError,)) is None
    off = settings(github=GithubLane(enabled=False))
    assert github_lane(off, no_answer=(LaneError,)) is None
    assert all(lane.name != "github" for lane in default_lanes(NetSettings()))
    assert any(lane.name == "github" for lane in default_lanes(settings()))


def test_without_a_token_repository_links_are_checked_as_pages() -> None:
    world = World(Repo("o/r"))
    transport = httpx.MockTransport(world.router.async_handler)
    link_run = LinkRun(NetSettings(), client_factory=lambda host, s: transport)
    verdicts = anyio.run(link_run.check, [gh("o/r")]).verdicts
    assert verdicts[gh("o/r")].state is LinkState.OK
    assert world.api.call_count == 0
    assert world.pages_asked() == [gh("o/r")]


def test_the_token_goes_to_the_api_only() -> None:
    world = World(Repo("o/r"))
    world.run([gh("o/r"), gh("o/gone/issues/3")])
    [call] = world.api.calls
    assert call.request.headers["authorization"] == f"Bearer {TOKEN}"
    assert call.request.headers["content-type"] == "application/json"


@pytest.mark.parametrize(
    ("api_url", "hosts", "allowed", "sent"),
    [
        ("https://api.github.com/graphql", ("github.com",), [], True),
        ("https://ghe.example.org/api/graphql", ("ghe.example.org",), [], True),
        ("https://api.acme.ghe.com/graphql", ("acme.ghe.com",), [], True),
        ("https://collector.example/graphql", ("github.com",), [], False),  # not GitHub's
        ("https://api.github.com/graphql", ("ghe.example.org",), [], False),  # not its API
        ("http://api.github.com/graphql", ("github.com",), [], False),  # in clear text
        ("http://ghe.example.org/api/graphql", ("ghe.example.org",), [], False),
        ("http://127.0.0.1:8080/graphql", ("127.0.0.1",), [], False),  # loopback refused
        ("http://127.0.0.1:8080/graphql", ("127.0.0.1",), ["127.0.0.0/8"], True),
        # a stand-in for github.com's API, in tests
        ("http://127.0.0.1:8080/graphql", ("github.com",), ["127.0.0.0/8"], True),
        ("http://127.0.0.1:8080/graphql", ("github.com",), [], False),
        ("http://10.0.0.5/graphql", ("10.0.0.5",), ["10.0.0.0/8"], False),  # not loopback
        ("ftp://api.github.com/graphql", ("github.com",), [], False),
    ],
)
def test_where_the_token_may_go(
    api_url: str, hosts: tuple[str, ...], allowed: list[str], sent: bool
) -> None:
    policy = AddressPolicy(parse_networks(allowed))
    assert token_may_go_to(GithubLane(api_url=api_url, hosts=hosts), policy) is sent


def test_an_enterprise_server_is_asked_through_its_own_api() -> None:
    api = "https://ghe.example.org/api/graphql"
    # github.com's repositories are not the server's: its links are checked as pages.
    net = settings(github=GithubLane(api_url=api, hosts=("ghe.example.org", "github.com")))
    github = FakeGithub([Repo("platform/tool")])
    router = respx.MockRouter(assert_all_called=False)
    route = router.post(api).mock(side_effect=github.respond)
    pages = router.route(host="ghe.example.org", method="HEAD").respond(200)
    transport = httpx.MockTransport(router.async_handler)
    found = github_lane(net, no_answer=(LaneError,))
    assert found is not None and not found.claims(gh("platform/tool"))
    link_run = LinkRun(net, client_factory=lambda host, s: transport, lanes=[found])
    urls = ["https://ghe.example.org/platform/tool", "https://ghe.example.org/platform/gone"]
    verdicts = anyio.run(link_run.check, urls).verdicts
    assert verdicts[urls[0]].state is LinkState.OK
    assert verdicts[urls[1]].reason == "repository-not-found"
    assert route.call_count == 1 and pages.call_count == 0
    assert route.calls[0].request.headers["authorization"] == f"Bearer {TOKEN}"
