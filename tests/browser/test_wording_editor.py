"""The letter-wording editor in a real browser, at desktop and phone widths:
insert a placeholder at the cursor, see a problem beside the text as you type,
see the live preview, save; and without JavaScript, the 预览 button."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from gongkai.applications.models import LetterTemplate

from .test_apply_to_reply import CHROMIUM, _login, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]

SHOTS = Path(os.environ.get("WORDING_SHOTS", "/tmp/shots-wording"))


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1366, 390])
def test_an_admin_inserts_fixes_previews_and_saves_wording(
    browser,  # noqa: F811
    live_server,
    admin_user,
    agencies,
    width,
):
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}).new_page()
    _login(page, live_server.url, "tcadmin")
    url = f"{live_server.url}/office/agency/{agencies['TCBGS'].pk}/letters/reply/disclose/"
    page.goto(url)
    assert "【开头段】" in page.input_value("#id_body")
    assert "本机关于2025年9月26日收到你提出的" in page.inner_text("#wording-preview")
    _fits(page, width)
    _shot(page, f"wording-open-{width}")

    area = page.locator("#id_body")
    area.fill("")
    page.locator("#wording-problems", has_text="正文不能为空").wait_for()
    _shot(page, f"wording-empty-{width}")
    area.fill("【开头段】\n\n经审查，请【申请人名】于【答复期限】前到")
    problems = page.locator("#wording-problems")
    problems.filter(has_text="申请人名").wait_for()
    assert "第3行第6列：没有【申请人名】这个占位符，是不是【申请人】？" in problems.inner_text()
    _fits(page, width)
    _shot(page, f"wording-error-{width}")

    # fix it, then insert a placeholder at the cursor with a button
    area.fill("【开头段】\n\n经审查，请【申请人】于【答复期限】前到")
    area.evaluate("a => { a.focus(); a.setSelectionRange(a.value.length, a.value.length); }")
    page.locator("button.ph-btn", has_text="【承办机构】").click()
    page.keyboard.type("查阅。")
    assert area.input_value().endswith("前到【承办机构】查阅。")
    preview = page.locator("#wording-preview")
    preview.filter(has_text="请张明于2025年10月30日前到").wait_for()
    assert problems.is_hidden()
    _shot(page, f"wording-preview-{width}")

    page.click("button[value=save]")
    page.wait_for_url(re.compile(r".*/letters/reply/disclose/$"))
    assert "正文已保存" in page.inner_text("main")
    saved = LetterTemplate.objects.get(agency=agencies["TCBGS"], kind="reply")
    assert saved.body.endswith("【答复期限】前到【承办机构】查阅。")


def test_without_javascript_the_preview_button_shows_problems_and_the_preview(
    browser,  # noqa: F811
    live_server,
    admin_user,
    agencies,
):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    _login(page, live_server.url, "tcadmin")
    page.goto(f"{live_server.url}/office/agency/{agencies['TCBGS'].pk}/letters/receipt/-/")
    assert page.locator("button.ph-btn").count() == 0  # a plain list to copy from
    assert page.locator("code.ph", has_text="【申请编号】").count() == 1
    page.fill("#id_body", "【开头段】{% for x in y %}")
    page.click("button[value=preview]")
    assert "不支持循环" in page.inner_text("#wording-problems")
    page.fill("#id_body", "编号【申请编号】。")
    page.click("button[value=preview]")
    assert "编号TCBGS-2025-00001。" in page.inner_text("#wording-preview")
    assert not LetterTemplate.objects.exists()
