"""A case awaiting 补正 in a real browser: the office case page and the portal tracking page
both say the reply clock is paused, since when, and what the correction will restart."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gongkai.applications import services

from .test_apply_to_reply import CHROMIUM, _login, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]
SHOTS = Path(os.environ.get("GONGKAI_SHOTS", "tests/_artifacts/browser"))


@pytest.fixture
def awaiting_correction(agencies, applicant_data, clerk):
    app, code = services.submit_online(agencies["TCBGS"], applicant_data, "192.0.2.10")
    today = services.today()
    services.confirm_receipt(clerk, app, today)
    services.request_correction(clerk, app, "请写明所需文件的文号或形成时间", today)
    app.refresh_from_db()
    return app, code


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _page_width(page) -> int:
    # The office layout below tablet width is another piece of work (issue 9, M6); the
    # clock block must at least stay inside the page it is on.
    return int(page.evaluate("document.documentElement.scrollWidth"))


def _fits(page, selector: str, width: int) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width


@pytest.mark.parametrize("width", [1366, 390])
def test_office_and_portal_show_the_same_paused_clock(
    browser,  # noqa: F811
    live_server,
    awaiting_correction,
    width,
):
    app, code = awaiting_correction
    since = services.today().isoformat()
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    office = context.new_page()
    _login(office, live_server.url, "clerk")
    office.goto(f"{live_server.url}/office/cases/{app.pk}/")
    panel = office.inner_text("#deadline")
    assert "答复期限已暂停" in panel and f"自 {since} 起" in panel
    assert "收到补正材料之日起重新计算20个工作日" in panel
    _fits(office, "#deadline .clock", max(width, _page_width(office)))
    _shot(office, f"clock-office-{width}")

    portal = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    track = portal.new_page()
    track.goto(f"{live_server.url}/track/")
    track.fill("input[name=number]", app.number)
    track.fill("input[name=code]", code)
    track.locator("main form button[type=submit]").click()
    track.wait_for_selector(".clock")
    text = track.inner_text(".clock")
    assert "答复期限已暂停" in text and f"自 {since} 起" in text
    assert "收到补正材料之日起重新计算20个工作日" in text
    _fits(track, ".clock", width)
    _shot(track, f"clock-portal-{width}")
    context.close()
    portal.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_reviewer_who_asked_for_an_extension_is_told_they_cannot_decide_it(
    browser,  # noqa: F811
    live_server,
    received_case,
    reviewer,
    width,
):
    services.request_extension(reviewer, received_case, 10, "需要调取档案室存档材料")
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}).new_page()
    _login(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}/office/cases/{received_case.pk}/")
    page.click("#act-decide_extension summary")
    assert "不能审批自己提出的延期申请" in page.inner_text("#act-decide_extension")
    page.locator("#act-decide_extension").screenshot(
        path=str(SHOTS / f"extension-hint-{width}.png")
    )
    page.fill("[name=decide_extension-decided_on]", services.today().isoformat())
    page.check("[name=decide_extension-approve][value='1']")
    page.locator("#act-decide_extension button[type=submit]").click()
    page.wait_for_load_state()
    assert "不能审批自己提出的延期申请" in page.inner_text("main")
    _shot(page, f"extension-own-{width}")


@pytest.mark.parametrize("width", [1366, 390])
def test_the_queue_shows_the_paused_case_without_its_old_date(
    browser,  # noqa: F811
    live_server,
    awaiting_correction,
    width,
):
    app, _code = awaiting_correction
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}).new_page()
    _login(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/office/queue/?tab=correction")
    row = page.locator("tr", has_text=app.number).inner_text()
    assert "计时暂停" in row and app.due_on.isoformat() not in row
    _shot(page, f"clock-queue-{width}")
