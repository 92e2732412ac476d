"""The page cache in a real browser: a copy served from memory looks and behaves as the
page rendered afresh (no CSP refusal, display mode switching), at desktop and phone widths."""

from __future__ import annotations

import pytest

from gongkai.core import pagecache

from .test_apply_to_reply import _shot, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_cached_pages_render_and_switch_display_mode(browser, live_server, agencies, width):  # noqa: F811
    pagecache.store.clear()
    page = browser.new_page(viewport={"width": width, "height": 900})
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    first = page.goto(f"{live_server.url}/")
    again = page.goto(f"{live_server.url}/")
    assert first.headers.get("x-page-cache") == "miss"
    assert again.headers.get("x-page-cache") == "hit"
    assert page.locator("header .brand-site").inner_text() == "太仓市人民政府"
    _shot(page, f"pagecache-home-hit-{width}")
    page.get_by_role("link", name="长者模式").click()
    page.wait_for_load_state()
    assert "mode-elder" in (page.locator("body").get_attribute("class") or "")
    elder = page.reload()
    assert elder.headers.get("x-page-cache") == "hit"
    assert "mode-elder" in (page.locator("body").get_attribute("class") or "")
    _shot(page, f"pagecache-home-elder-hit-{width}")
    page.get_by_role("link", name="退出长者模式").click()
    page.wait_for_load_state()
    assert "mode-elder" not in (page.locator("body").get_attribute("class") or "")
    assert refused == []
    page.close()
