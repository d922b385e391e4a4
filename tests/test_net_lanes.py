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


def test_pages_with_a_fragment_to_find_are_read_as_pages() -> None:
    lane = CatalogueLane()
    router = respx.MockRouter(assert_all_called=False)
    router.get("https://shop.example/product/kettle").respond(
        200, headers={"content-type": "text/html"}, text='<h2 id="price">Price</h2>'
    )
    verdicts, _ = run(["https://shop.example/product/kettle#price"], lane, router)
    assert verdicts["https://shop.example/product/kettle#price"].state is LinkState.OK
    assert lane.asked == []


def test_a_lane_without_an_answer_leaves_every_page_to_be_checked() -> None:
    lane = CatalogueLane()
    router = respx.MockRouter(assert_all_called=False)
    router.get("https://api.shop.example/catalogue").mock(side_effect=httpx.ConnectError("refused"))
    router.get("https://shop.example/product/kettle").respond(200)
    verdicts, _ = run(["https://shop.example/product/kettle"], lane, router)
    assert verdicts["https://shop.example/product/kettle"].state is LinkState.OK
