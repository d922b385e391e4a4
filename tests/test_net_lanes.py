"""Site lanes: pages a lane decides are not requested; the ones it leaves are checked as pages."""

from __future__ import annotations

import anyio
import httpx
import respx

from roadmap_lint.model import LinkState, Verdict
from roadmap_lint.net.check import PageResult
from roadmap_lint.net.lanes import LaneError, LaneHttp
from roadmap_lint.net.run import LinkRun
from roadmap_lint.net.settings import NetSettings


class CatalogueLane:
    """Decides shop.example's product pages from one request to its catalogue API."""

    name = "catalogue"

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def claims(self, page_url: str) -> bool:
        return page_url.startswith("https://shop.example/product/")

    async def decide(self, page_urls: list[str], http: LaneHttp) -> dict[str, PageResult]:
        self.asked.append(page_urls)
        try:
            answer = await http.request("GET", "https://api.shop.example/catalogue")
        except LaneError:
            return {}
        known = answer.json()
        decided: dict[str, PageResult] = {}
        for url in page_urls:
            product = url.rsplit("/", 1)[1]
            if product in known:
                state = LinkState.OK if known[product] else LinkState.BROKEN
                decided[url] = PageResult(Verdict(state, reason="catalogue"))
        return decided


def run(urls: list[str], lane: CatalogueLane, router: respx.MockRouter) -> tuple[dict, int]:
    transport = httpx.MockTransport(router.async_handler)
    link_run = LinkRun(NetSettings(), client_factory=lambda host, settings: transport, lanes=[lane])
    result = anyio.run(link_run.check, urls)
    return result.verdicts, result.requests


def test_a_lane_decides_its_pages_and_hands_back_the_others() -> None:
    lane = CatalogueLane()
    router = respx.MockRouter(assert_all_called=False)
    api = router.get("https://api.shop.example/catalogue").respond(
        200, json={"kettle": True, "toaster": False}
    )
    page = router.get("https://shop.example/product/blender").respond(200)
    other = router.route(host="elsewhere.example").respond(404)
    urls = [
        "https://shop.example/product/kettle",
        "https://shop.example/product/toaster",
        "https://shop.example/product/blender",  # the catalogue does not know it
        "https://elsewhere.example/",
    ]
    verdicts, requests = run(urls, lane, router)
    assert {url: v.state for url, v in verdicts.items()} == {
        urls[0]: LinkState.OK,
        urls[1]: LinkState.BROKEN,
        urls[2]: LinkState.OK,
        urls[3]: LinkState.BROKEN,
    }
    assert verdicts[urls[1]].reason == "catalogue"
    assert lane.asked == [urls[:3]]
    assert (api.call_count, page.call_count, other.call_count) == (1, 1, 1)
    assert requests == 1 + 1 + 1  # the catalogue, the blender page, elsewhere (one GET each)


def test_a_page_with_a_fragment_to_find_is_read_when_the_lane_finds_it_alive() -> None:
    """The lane says whether the page is there; only the page says whether its fragment is.
    A page the lane finds gone is not read: no fragment can save it."""
    lane = CatalogueLane()
    router = respx.MockRouter(assert_all_called=False)
    router.get("https://api.shop.example/catalogue").respond(
        200, json={"kettle": True, "toaster": False}
    )
    kettle = router.get("https://shop.example/product/kettle").respond(
        200, headers={"content-type": "text/html"}, text='<h2 id="price">Price</h2>'
    )
    toaster = router.get("https://shop.example/product/toaster").respond(200)
    urls = [
        "https://shop.example/product/kettle#price",
        "https://shop.example/product/kettle#reviews",
        "https://shop.example/product/toaster#price",
    ]
    verdicts, requests = run(urls, lane, router)
    assert verdicts[urls[0]].state is LinkState.OK
    assert (verdicts[urls[1]].state, verdicts[urls[1]].fragment_missing) == (LinkState.BROKEN, True)
    assert (verdicts[urls[2]].state, verdicts[urls[2]].reason) == (LinkState.BROKEN, "catalogue")
    assert lane.asked == [
        ["https://shop.example/product/kettle", "https://shop.example/product/toaster"]
    ]
    assert (kettle.call_count, toaster.call_count) == (1, 0)
    assert requests == 1 + 1  # the catalogue, the kettle page


def test_a_lane_without_an_answer_leaves_every_page_to_be_checked() -> None:
    lane = CatalogueLane()
    router = respx.MockRouter(assert_all_called=False)
    router.get("https://api.shop.example/catalogue").mock(side_effect=httpx.ConnectError("refused"))
    router.get("https://shop.example/product/kettle").respond(200)
    verdicts, _ = run(["https://shop.example/product/kettle"], lane, router)
    assert verdicts["https://shop.example/product/kettle"].state is LinkState.OK
