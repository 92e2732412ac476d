"""更正 in a real browser: the clerk proposes a correction of a published item (the date
inputs arrive filled), a reviewer does 初审, a second reviewer 复核; until then the portal
shows the old text, afterwards the new text with 更新日期. The revision page passes axe-core.
Screenshots at 1366 and 390 px in tests/_artifacts/browser/."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from gongkai.catalog.models import Item, Revision

from .test_accessibility import violations
from .test_apply_to_reply import CHROMIUM, _login, _shot, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OLD = "现就做好秸秆禁烧工作通知如下。"
NEW = "现就做好秸秆禁烧和综合利用工作通知如下。"


@pytest.fixture
def published(agencies, clerk, reviewer):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Membership
    from gongkai.catalog import services

    chief = get_user_model().objects.create_user("chief", "chief@example.gov.cn", "pw-for-tests-1")
    Membership.objects.create(user=chief, agency=agencies["TCBGS"], role="reviewer")
    item = services.create_draft(
        clerk,
        agencies["TCBGS"],
        title="太仓市人民政府办公室关于做好秸秆禁烧工作的通知",
        doc_no="太政办[2026]7号",
        written_on=dt.date(2026, 12, 1),
        effective_on=dt.date(2026, 12, 10),
        category="20-13",
        subject="农业、林业、水利\\农业、畜牧业、渔业",
        genre="通知",
        summary="部署秋冬季秸秆禁烧工作。",
        body=f"<p>各镇人民政府：</p><p>{OLD}</p>",
    )
    services.submit(clerk, item)
    services.first_review(reviewer, item, approve=True)
    services.second_review(chief, item, approve=True)
    services.publish(chief, item)
    return item


def _page(browser, base, username=None, width=1366, axe=False):  # noqa: F811
    # axe-core is injected inline: only those pages bypass the CSP, as in test_accessibility
    context = browser.new_context(
        locale="zh-CN", bypass_csp=axe, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    if username:
        _login(page, base, username)
    return page


def _review(page, base, pk, step):
    page.goto(f"{base}/office/catalog/revisions/{pk}/")
    form = page.locator(f"form[action$='/{step}/']")
    form.locator("input[value=approve]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_propose_review_twice_and_portal_shows_update_date(
    browser,  # noqa: F811
    live_server,
    published,
):
    base = live_server.url
    clerk = _page(browser, base, "clerk")
    clerk.goto(f"{base}/office/catalog/{published.pk}/")
    clerk.click("a:has-text('提出更正')")
    clerk.wait_for_url(re.compile(r".*/revise/$"))
    # the published dates are in the date inputs, so saving does not clear them
    assert clerk.input_value("[name=written_on]") == "2026-12-01"
    assert clerk.input_value("[name=effective_on]") == "2026-12-10"
    _shot(clerk, "catalog-revise-form-1366")
    narrow = _page(browser, base, "clerk", width=390)
    narrow.goto(clerk.url)
    assert narrow.input_value("[name=written_on]") == "2026-12-01"
    _shot(narrow, "catalog-revise-form-390")
    clerk.fill("[name=reason]", "补充综合利用的表述，实施日期调整")
    clerk.fill("[name=body]", f"<p>各镇人民政府：</p><p>{NEW}</p>")
    clerk.fill("[name=effective_on]", "2026-12-15")
    clerk.click("main form button[type=submit]")
    clerk.wait_for_url(re.compile(r".*/office/catalog/revisions/\d+/$"))
    revision = Revision.objects.get()
    assert revision.proposed == {
        "body": f"<p>各镇人民政府：</p><p>{NEW}</p>",
        "effective_on": "2026-12-15",
    }
    clerk.click("button:has-text('提交初审')")
    clerk.wait_for_load_state()

    public = _page(browser, base)
    public.goto(f"{base}/gk/items/{published.pk}/")
    assert OLD in public.inner_text("main") and "更新日期" not in public.inner_text("main")

    _review(_page(browser, base, "reviewer"), base, revision.pk, "first_review")
    for width in (1366, 390):
        office = _page(browser, base, "chief", width=width, axe=True)
        office.goto(f"{base}/office/catalog/revisions/{revision.pk}/")
        assert "综合利用" in office.inner_text(".revision-changes")
        assert "未发现问题" in office.inner_text("main") or office.locator(".findings").count()
        assert violations(office) == []
        box = office.locator("main").bounding_box()
        assert box is not None and box["x"] + box["width"] <= width
        _shot(office, f"catalog-revision-review-{width}")
    _review(office, base, revision.pk, "second_review")
    assert "已生效" in office.inner_text("h1")

    item = Item.objects.get(pk=published.pk)
    assert item.revised_at is not None and item.index_no == published.index_no
    for width in (1366, 390):
        public = _page(browser, base, width=width)
        public.goto(f"{base}/gk/items/{published.pk}/")
        main = public.inner_text("main")
        assert NEW in main and OLD not in main
        meta = public.inner_text(".meta-block")
        assert "更新日期" in meta and item.revised_at.astimezone().strftime("%Y-%m-%d") in meta
        assert "2026-12-15" in meta and published.index_no in meta
        _shot(public, f"catalog-revised-item-{width}")
    public.goto(f"{base}/gk/search/?q=综合利用")
    assert published.title in public.inner_text("main")

    for width in (1366, 390):
        office = _page(browser, base, "clerk", width=width)
        office.goto(f"{base}/office/catalog/{published.pk}/")
        assert "已生效" in office.inner_text("#revisions-h + ul")
        assert "更正生效" in office.inner_text(".timeline")
        tool = office.locator(".page-tools a:has-text('提出更正')").bounding_box()
        assert tool is not None and tool["height"] < 60  # never one character per line
        _shot(office, f"catalog-revised-office-{width}")
