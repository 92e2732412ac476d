"""作废 a letter from the case page in a real browser at desktop and phone width: the link in
the letter list, the confirm page with the 文号 and the reason, the 作废 mark afterwards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gongkai.applications import services
from gongkai.applications.models import Letter

from .test_apply_to_reply import CHROMIUM, _login, browser  # noqa: F401
from .test_track_journeys import _track

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]

SHOTS = Path("/tmp/shots-void-letter")
REASON = "误向申请人出具，实际未收到该申请"


@pytest.mark.parametrize("width", [1366, 390])
def test_clerk_voids_a_letter_from_the_case_page(browser, live_server, received_case, clerk, width):  # noqa: F811
    letter = services.issue_letter(clerk, received_case, "receipt", dt.date(2025, 9, 26))
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800}).new_page()
    _login(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/office/cases/{received_case.pk}/#letters")
    SHOTS.mkdir(exist_ok=True)
    page.locator("#letters a:has-text('作废')").click()
    page.wait_for_url("**/void/")
    assert page.locator(f"text={letter.doc_number}").is_visible()
    page.screenshot(path=str(SHOTS / f"confirm-{width}.png"), full_page=True)
    page.click("button:has-text('确认作废')")  # no reason: the browser asks for one first
    assert page.locator("textarea[name=reason]").evaluate("e => e.validity.valueMissing")
    assert not Letter.objects.get(pk=letter.pk).voided
    page.fill("textarea[name=reason]", REASON)
    page.click("button:has-text('确认作废')")
    page.wait_for_url(f"**/office/cases/{received_case.pk}/#letters")
    assert page.locator("#letters .void-mark").is_visible()
    assert page.locator(f"#letters >> text={REASON}").is_visible()
    page.locator("#letters").screenshot(path=str(SHOTS / f"case-letters-{width}.png"))
    page.screenshot(path=str(SHOTS / f"case-{width}.png"), full_page=True)
    assert Letter.objects.get(pk=letter.pk).voided


@pytest.mark.parametrize("width", [1366, 390])
def test_the_applicant_sees_the_void_on_the_tracking_page(
    browser,  # noqa: F811
    live_server,
    received_case,
    clerk,
    width,
):
    letter = services.issue_letter(clerk, received_case, "receipt", dt.date(2025, 9, 26))
    new = services.issue_letter(
        clerk, received_case, "receipt", dt.date(2025, 9, 29), reason="收到申请之日有误"
    )
    code = services.reissue_tracking_code(clerk, received_case, "当面核验居民身份证原件")
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800}).new_page()
    _track(page, live_server.url, received_case.number, code)
    row = page.locator("table.letters tr", has_text="已作废")
    assert row.locator(".void-mark").is_visible() and letter.doc_number in row.inner_text()
    assert row.locator("a").count() == 0 and row.locator("text=不提供下载").is_visible()
    assert f"以{new.doc_number}为准" in row.inner_text()
    valid = page.locator("table.letters tr", has_text=new.doc_number).last
    assert valid.locator("a", has_text="PDF").is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"track-{width}.png"), full_page=True)
    page.locator("table.letters").screenshot(path=str(SHOTS / f"track-letters-{width}.png"))
