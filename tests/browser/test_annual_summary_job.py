"""The 汇总 of a large subtree in a real browser, at desktop and phone widths: the page offers
the background job, the job page shows it done, its link opens the summed report."""

from __future__ import annotations

import pytest

from gongkai.reports.annual import views

from .test_apply_to_reply import _login, _shot, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_a_large_subtree_is_summed_in_a_job(
    browser,  # noqa: F811
    live_server,
    agencies,
    supervisor,
    monkeypatch,
    width,
):
    monkeypatch.setattr(views, "SUMMARY_IN_REQUEST", 2)
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800}).new_page()
    _login(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/office/annual-reports/summary/{agencies['TC'].pk}/2024/")
    assert "勾稽关系校验" not in page.inner_text("main")
    _shot(page, f"annual-summary-start-{width}")

    page.get_by_role("button", name="在后台生成汇总报告").click()
    page.wait_for_url("**/office/jobs/**")
    assert "生成汇总报告" in page.inner_text("main")
    page.get_by_role("link", name="查看汇总报告").click()
    page.wait_for_url("**/summary/**job=*")

    text = page.inner_text("main")
    assert "太仓市人民政府及所属机关（汇总）" in text and "全部通过" in text
    assert "收到和处理政府信息公开申请情况" in text
    _shot(page, f"annual-summary-job-{width}")
