"""The applicant's own steps on the tracking page, in a real browser: 补正 online,
withdrawing a case, and a lost 查询码 (asked for on the portal, reissued by the clerk).
Every state of the tracking page is photographed at desktop (1366 px) and phone (390 px)
width into tests/_artifacts/browser/ for a person to look at."""

from __future__ import annotations

import re

import pytest

from .test_apply_to_reply import ARTIFACTS, CHROMIUM, _do, _login, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1366, "phone": 390}


def _shots(page, name: str, fits_phone: bool = True) -> None:
    """The page at both widths (the portal must not run off a phone's screen); the
    desktop width is restored."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"track-{name}-{label}.png"), full_page=True)
        if fits_phone:
            wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
            assert not wide, f"{name}: wider than the screen at {width} px"
    page.set_viewport_size({"width": 1366, "height": 900})


def _track(page, base: str, number: str, code: str) -> None:
    page.goto(f"{base}/track/")
    page.fill("[name=number]", number)
    page.fill("[name=code]", code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_correction_withdrawal_and_a_lost_code_in_a_real_browser(
    browser,  # noqa: F811
    live_server,
    agencies,
    clerk,
    applicant_data,
):
    from django.core import mail

    from gongkai.applications import services
    from gongkai.applications.models import EventKind, Status

    base = live_server.url
    correcting, code1 = services.submit_online(agencies["TCBGS"], applicant_data)
    services.confirm_receipt(clerk, correcting, services.today())
    services.request_correction(clerk, correcting, "请写明所需批复文件的文号。", services.today())
    other, code2 = services.submit_online(agencies["TCBGS"], applicant_data)
    services.confirm_receipt(clerk, other, services.today())

    applicant = browser.new_context(locale="zh-CN").new_page()
    applicant.set_viewport_size({"width": 1366, "height": 900})

    # 1. 补正 online: the tracking page offers it; an empty form is refused in Chinese.
    _track(applicant, base, correcting.number, code1)
    assert "网上提交补正材料" in applicant.content()
    _shots(applicant, "01-correction-open")
    applicant.click("a[href$='/correction/']")
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_load_state()
    assert "请填写补正内容或上传补正材料" in applicant.inner_text("main")
    _shots(applicant, "02-correction-form-error")
    applicant.fill("[name=content]", "文号为太发改投〔2025〕88号。")
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_load_state()
    correcting.refresh_from_db()
    assert correcting.status == Status.RECEIVED
    assert "申请人网上提交" in applicant.inner_text("main")
    _shots(applicant, "03-correction-received")

    # 2. Later the applicant withdraws the other case: a confirmation step first.
    _track(applicant, base, other.number, code2)
    applicant.locator("#withdraw summary").click()
    applicant.click("a[href$='/withdraw/']")
    _shots(applicant, "04-withdraw-confirm")
    applicant.fill("[name=reason]", "已通过其他途径获得所需信息。")
    applicant.check("[name=confirm]")
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_load_state()
    other.refresh_from_db()
    assert other.status == Status.CLOSED
    assert other.events.filter(kind=EventKind.WITHDRAWN, actor=None).exists()
    assert "已终止" in applicant.inner_text("main") and "撤回" in applicant.inner_text("main")
    _shots(applicant, "05-withdrawn")

    # 3. A lost code: the applicant asks on the portal, the mail brings a new one.
    mail.outbox.clear()
    applicant.goto(f"{base}/track/")
    applicant.click("a[href$='/track/lost/']")
    _shots(applicant, "06-lost-code-form")
    applicant.fill("[name=number]", correcting.number)
    applicant.fill("[name=contact]", applicant_data["phone"])
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_load_state()
    assert "如果申请编号和联系方式与申请记录一致" in applicant.inner_text("main")
    _shots(applicant, "07-lost-code-answer")
    sent = [m for m in mail.outbox if correcting.number in m.body and "查询码：" in m.body]
    assert len(sent) == 1
    new_code = re.search(r"查询码：([A-Z0-9]{10})", sent[0].body).group(1)
    _track(applicant, base, correcting.number, code1)
    assert "申请编号或查询码不正确" in applicant.inner_text("main")
    _track(applicant, base, correcting.number, new_code)
    assert correcting.number in applicant.inner_text("main h1")

    # 4. The clerk reissues a code after checking identity; it is shown once.
    office = browser.new_context(locale="zh-CN").new_page()
    office.set_viewport_size({"width": 1366, "height": 900})
    _login(office, base, "clerk")
    office.goto(f"{base}/office/cases/{correcting.pk}/")
    assert "申请人网上提交补正材料" in office.content()
    _shots(office, "08a-office-case-history", fits_phone=False)
    office.goto(f"{base}/office/cases/{correcting.pk}/code/")
    _shots(office, "08b-office-reissue-form", fits_phone=False)
    office.fill("[name=identity_check]", "当面核验居民身份证原件，与申请记录一致")
    office.locator("main form button[type=submit]").click()
    office.wait_for_load_state()
    shown = office.inner_text(".ticket-value.code").strip()
    _shots(office, "08c-office-code-reissued", fits_phone=False)  # the office is not mobile yet
    assert services.find_by_tracking(correcting.number, shown) is not None
    applicant.reload()
    assert applicant.url.endswith("/track/")  # the proof made with the old code lapsed
