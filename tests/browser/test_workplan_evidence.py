"""A progress report's evidence files on the task page and the plan's board, at desktop and
phone widths: uploaded through the form, listed, removable while the task is in progress."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.reports.workplan import services
from gongkai.reports.workplan.models import TaskStatus

from .test_apply_to_reply import CHROMIUM, _login, _shot, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n% evidence\n"


@pytest.fixture
def assignment(agencies, admin_user, clerk):
    plan = services.create_plan(admin_user, agencies["TC"], 2024, "太仓市2024年政务公开工作要点")
    services.add_task(admin_user, plan, "推动行政决策公开", dt.date(2024, 6, 30),
                      [agencies["TCBGS"], agencies["TCGQ"]], evidence="决策草案及意见采纳情况")  # fmt: skip
    services.publish_plan(admin_user, plan, dt.date(2024, 3, 1))
    return plan.tasks.get().assignments.get(agency__code="TCBGS")


@pytest.mark.parametrize("width", [1366, 390])
def test_evidence_files_on_the_task_page_and_the_board(
    browser,  # noqa: F811
    live_server,
    assignment,
    tmp_path,
    width,
):
    upload = tmp_path / "2024年重大行政决策草案征求意见情况汇总表（第一批）.pdf"
    upload.write_bytes(PDF)
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800}).new_page()
    _login(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/office/work-plans/tasks/{assignment.pk}/")
    page.select_option("select[name=status]", TaskStatus.IN_PROGRESS)
    page.fill("textarea[name=text]", "已公开决策草案12件，见佐证文件。")
    page.set_input_files("input[name=evidence_files]", str(upload))
    page.click("button:has-text('报送')")
    page.wait_for_selector(".wp-files a")
    text = page.inner_text("main")
    assert upload.name in text and "删除" in text
    _shot(page, f"workplan-evidence-task-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto(f"{live_server.url}/office/work-plans/{assignment.task.plan_id}/")
    page.click("summary:has-text('推动行政决策公开')")
    assert upload.name in page.inner_text("main")
    _shot(page, f"workplan-evidence-board-{width}")
