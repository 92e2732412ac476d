"""主动公开 in a real browser: a clerk drafts, a reviewer does 初审, a second reviewer does
复核 and publishes; the item is on the portal and found by search (also in 繁體); after
withdrawal it is gone; a planted 身份证号 blocks publication. Screenshots at 1366 and 390 px
in tests/_artifacts/browser/."""

from __future__ import annotations

import re

import pytest

from gongkai.catalog.models import Item

from .test_apply_to_reply import CHROMIUM, _login, _shot, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "太仓市人民政府办公室关于做好秸秆禁烧工作的通知"


@pytest.fixture
def chief(agencies):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Membership

    user = get_user_model().objects.create_user("chief", "chief@example.gov.cn", "pw-for-tests-1")
    Membership.objects.create(user=user, agency=agencies["TCBGS"], role="reviewer")
    return user


def _page(browser, base, username=None, width=1366):  # noqa: F811
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}).new_page()
    if username:
        _login(page, base, username)
    return page


def _draft(page, base, agency_id, title, body):
    page.goto(f"{base}/office/catalog/new/")
    page.select_option("[name=agency]", str(agency_id))
    page.fill("[name=title]", title)
    page.fill("[name=doc_no]", "太政办[2026]7号")
    page.fill("[name=written_on]", "2026-12-01")
    page.select_option("[name=category]", "20-13")
    page.select_option("[name=subject]", "农业、林业、水利\\农业、畜牧业、渔业")
    page.select_option("[name=genre]", "通知")
    page.fill("[name=summary]", "部署秋冬季秸秆禁烧和综合利用工作。")
    page.fill("[name=body]", body)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/office/catalog/\d+/$"))
    page.click("button:has-text('提交初审')")
    page.wait_for_load_state()
    return int(page.url.rstrip("/").split("/")[-1])


def _review(page, base, pk, step):
    page.goto(f"{base}/office/catalog/{pk}/")
    form = page.locator(f"form[action$='/{step}/']")
    form.locator("input[value=approve]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_draft_review_publish_search_withdraw(
    browser,  # noqa: F811
    live_server,
    agencies,
    clerk,
    reviewer,
    chief,
):
    base = live_server.url
    body = "<p>各镇人民政府：</p><p>为改善空气质量，现就做好秸秆禁烧和综合利用工作通知如下。</p>"
    pk = _draft(_page(browser, base, "clerk"), base, agencies["TCBGS"].pk, TITLE, body)
    _review(_page(browser, base, "reviewer"), base, pk, "first_review")
    office = _page(browser, base, "chief")
    _review(office, base, pk, "second_review")
    assert "待发布" in office.inner_text("h1"), office.inner_text("main")
    office.click("form[action$='/publish/'] button[type=submit]")
    office.wait_for_load_state()
    assert "已发布" in office.inner_text("h1")
    assert Item.objects.get(pk=pk).doc_no == "太政办〔2026〕7号"

    for width in (1366, 390):
        public = _page(browser, base, width=width)
        public.goto(f"{base}/gk/")
        public.click(f"text={TITLE}")
        meta = public.inner_text(".meta-block")
        assert "索引号" in meta and "太政办〔2026〕7号" in meta and "农业、林业、水利" in meta
        _shot(public, f"catalog-item-{width}")
        head = public.locator(".portal-head .brand").bounding_box()
        assert head is not None and head["height"] < 60  # the site name never wraps per character
        public.fill("#head-q", "秸稈禁燒")  # 繁體 query, simplified item
        public.press("#head-q", "Enter")
        public.wait_for_url(re.compile(r".*/gk/search/.*"))
        assert TITLE in public.inner_text("main")
        assert public.locator(".gk-snippet mark").count() >= 1
        _shot(public, f"catalog-search-{width}")
        box = public.locator("main").bounding_box()
        assert box is not None and box["x"] + box["width"] <= width

    office.goto(f"{base}/office/catalog/{pk}/")
    _shot(office, "catalog-review-1366")
    withdraw = office.locator("form[action$='/withdraw/']")
    withdraw.locator("[name=reason]").fill("内容需要更新")
    withdraw.locator("button[type=submit]").click()
    office.wait_for_load_state()
    assert "已撤回" in office.inner_text("h1")
    public = _page(browser, base)
    assert public.goto(f"{base}/gk/items/{pk}/").status == 404
    public.goto(f"{base}/gk/search/?q=秸秆")
    assert TITLE not in public.inner_text("main")


def test_planted_id_number_blocks_publication(
    browser,  # noqa: F811
    live_server,
    agencies,
    clerk,
    reviewer,
    chief,
):
    base = live_server.url
    body = "<p>联系人：张三，身份证号320585198503121026。</p>"
    pk = _draft(
        _page(browser, base, "clerk"), base, agencies["TCBGS"].pk, "秸秆禁烧联系人名单", body
    )
    _review(_page(browser, base, "reviewer"), base, pk, "first_review")
    office = _page(browser, base, "chief", width=390)
    office.goto(f"{base}/office/catalog/{pk}/")
    findings = office.inner_text(".findings")
    assert "阻止发布" in findings and "身份证号" in findings and "正文第" in findings
    _review(office, base, pk, "second_review")
    assert "发布前检查未通过" in office.inner_text(".messages")
    _shot(office, "catalog-blocked-390")
    assert Item.objects.get(pk=pk).status == "second_review"
    assert office.goto(f"{base}/gk/items/{pk}/").status == 404
