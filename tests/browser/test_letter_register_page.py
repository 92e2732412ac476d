"""The 文号登记簿 in a real browser at desktop and phone width: reached from the home page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gongkai.applications import services

from .test_apply_to_reply import CHROMIUM, _login, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]

SHOTS = Path("/tmp/shots-register")


@pytest.mark.parametrize("width", [1366, 390])
def test_clerk_opens_the_register_from_home(browser, live_server, received_case, clerk, width):  # noqa: F811
    day = dt.date(2025, 9, 26)
    services.issue_letter(clerk, received_case, "receipt", day)
    services.issue_letter(clerk, received_case, "receipt", day, reason="申请人地址录入有误")
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800}).new_page()
    _login(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/office/")
    page.click("text=文号登记簿")
    page.select_option("#id_year", "2025")
    page.click("button:has-text('筛选')")
    assert page.locator("text=无缺号").is_visible()
    assert page.locator("tr.voided").count() == 1
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"register-{width}.png"), full_page=True)
