"""Fixes that need the network: permanent redirects and verified https:// upgrades.

Every exchange is mocked with respx (it intercepts httpx below our guarded transport), so
the whole engine runs, and nothing leaves the machine.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import respx

from roadmap_lint.config.settings import Config
from roadmap_lint.net.settings import ArchiveSettings, NetSettings
from roadmap_lint.pipeline import fix_paths, lint_paths


def online() -> Config:
    return Config(
        offline=False,
        cache=False,
        select=frozenset({"redirected-link", "insecure-url", "broken-link", "suspect-link"}),
        net=NetSettings(archive=ArchiveSettings(enabled=False)),  # not the real archive
    )


@pytest.fixture
def readme(tmp_path: Path) -> Path:
    path = tmp_path / "README.md"
    path.write_text(
        "# Links\r\n\r\n- [Docs](http://docs.roadmap-docs.net/guide) - The guide.\r\n"
        "- [Old](https://old.roadmap-docs.net/page) - Moved.\r\n"
        "- [Plain](http://plain.roadmap-docs.net/) - No TLS.\r\n"
        "- [Gone](https://gone.roadmap-docs.net/post/7) - Now the home page.\r\n",
        encoding="utf-8",
    )
    return path


def mock_internet(router: respx.MockRouter) -> None:
    router.get("http://docs.roadmap-docs.net/guide").respond(
        301, headers={"Location": "https://docs.roadmap-docs.net/guide"}
    )
    router.get("https://docs.roadmap-docs.net/guide").respond(200)
    router.get("https://old.roadmap-docs.net/page").respond(
        308, headers={"Location": "https://new.roadmap-docs.net/page"}
    )
    router.get("https://new.roadmap-docs.net/page").respond(200)
    router.get("http://plain.roadmap-docs.net/").respond(200)
    router.get("https://plain.roadmap-docs.net/").mock(side_effect=httpx.ConnectError("refused"))
    router.get("https://gone.roadmap-docs.net/post/7").respond(
        301, headers={"Location": "https://gone.roadmap-docs.net/"}
    )
    router.get("https://gone.roadmap-docs.net/").respond(200)
    # An address that cannot exist, asked once a deep link has ended on the home page.
    router.get(url__regex=r"^https://gone\.roadmap-docs\.net/[a-z0-9]{24}$").respond(404)


def test_findings_say_what_the_network_showed(readme: Path) -> None:
    with respx.mock(assert_all_called=False) as router:
        mock_internet(router)
        report = lint_paths([str(readme)], online())
        # A plain check asks nothing beyond the links themselves.
        assert not any(str(call.request.url).startswith("https://plain.") for call in router.calls)
    insecure = {f.target: f for f in report.findings if f.rule == "insecure-url"}
    # http:// redirects to its https:// form: verified by the server itself.
    assert (
        insecure["http://docs.roadmap-docs.net/guide"].suggestion
        == "https://docs.roadmap-docs.net/guide"
    )
    assert insecure["http://docs.roadmap-docs.net/guide"].fix
    # Served over http:// only, and not probed in a plain check: no fix.
    assert not insecure["http://plain.roadmap-docs.net/"].fix
    redirected = {f.target: f for f in report.findings if f.rule == "redirected-link"}
    assert redirected["https://old.roadmap-docs.net/page"].fix
    # Moved to the home page, which the site does not do with every unknown address: more
    # likely gone than moved, and said so (not as a move); never rewritten.
    assert "https://gone.roadmap-docs.net/post/7" not in redirected
    suspect = {f.target: f for f in report.findings if f.rule == "suspect-link"}
    assert not suspect["https://gone.roadmap-docs.net/post/7"].fix
    assert list(suspect) == ["https://gone.roadmap-docs.net/post/7"]


def test_fix_probes_the_https_form_and_says_when_it_does_not_answer(readme: Path) -> None:
    with respx.mock(assert_all_called=False) as router:
        mock_internet(router)
        outcome = fix_paths([str(readme)], online(), write=False)
        assert any(
            str(call.request.url) == "https://plain.roadmap-docs.net/" for call in router.calls
        )
    [plain] = [f for f in outcome.report.findings if f.target == "http://plain.roadmap-docs.net/"]
    assert "did not answer" in plain.message and plain.suggestion is None and not plain.fix


def test_fix_rewrites_only_verified_urls_and_keeps_every_other_byte(readme: Path) -> None:
    before = readme.read_bytes()
    with respx.mock(assert_all_called=False) as router:
        mock_internet(router)
        outcome = fix_paths([str(readme)], online(), write=True)
    after = readme.read_bytes()
    assert after == (
        before.replace(
            b"http://docs.roadmap-docs.net/guide", b"https://docs.roadmap-docs.net/guide"
        ).replace(b"https://old.roadmap-docs.net/page", b"https://new.roadmap-docs.net/page")
    )
    assert outcome.fixed_findings >= 2
    with respx.mock(assert_all_called=False) as router:
        mock_internet(router)
        again = fix_paths([str(readme)], online(), write=True)
    assert again.fixes == []
    assert readme.read_bytes() == after


def test_offline_insecure_url_has_no_fix(readme: Path) -> None:
    report = lint_paths([str(readme)], Config(offline=True, select=frozenset({"insecure-url"})))
    assert all(not f.fix for f in report.findings)
    assert len(report.findings) == 2
