"""The 后台任务 page in a real browser, at desktop and phone widths: progress, error, retry."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.core import jobs
from gongkai.core.models import Job, JobState

from .test_apply_to_reply import CHROMIUM, _login, _shot, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def three_jobs(settings, clerk, agencies):
    from gongkai.applications.notifications import deliver_mail

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    def job(title, state, **fields):
        made = jobs.enqueue(
            deliver_mail, title=title, owner=clerk, scope=agencies["TCBGS"].path,
            subject=title, body="正文", to=["a@example.gov.cn"],
        )  # fmt: skip
        Job.objects.filter(pk=made.pk).update(state=state, heartbeat_at=timezone.now(), **fields)

    job("读取年度报告：太仓市2024年度报告.pdf", JobState.RUNNING, done=2, total=5,
        message="正在读取第 3 页")  # fmt: skip
    job("发送邮件：补正告知", JobState.FAILED, attempts=1,
        error="任务执行出错（ConnectionRefusedError）：[Errno 111] Connection refused")  # fmt: skip
    job("生成文书：受理回执（太仓市政府办依申受〔2025〕3号）", JobState.DONE, done=2, total=2,
        message="文书已生成", result={"url": "/office/", "label": "查看案件"})  # fmt: skip


@pytest.mark.parametrize("width", [1366, 390])
def test_jobs_page_shows_progress_error_and_retry(browser, live_server, three_jobs, width):  # noqa: F811
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800}).new_page()
    _login(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/office/jobs/")
    text = page.inner_text("main")
    assert "进行中" in text and "正在读取第 3 页" in text and "2/5" in text
    assert "失败" in text and "Connection refused" in text and "已完成" in text
    assert page.locator("button", has_text="重试").count() == 1
    _shot(page, f"jobs-{width}")
    table = page.locator("table.jobs").bounding_box()
    assert table is not None and table["x"] + table["width"] <= width  # no sideways scrolling


@pytest.mark.parametrize("width", [1366, 390])
def test_a_job_that_cannot_be_run_again_says_why_instead_of_offering_retry(
    browser,  # noqa: F811
    live_server,
    three_jobs,
    width,
):
    """A report batch whose ZIP was removed (after its last attempt, or by the cleanup): the
    job page explains and links to the upload page; no 重试 button anywhere."""
    failed = Job.objects.get(state=JobState.FAILED)
    jobs.refuse_retry(
        failed, "上传的压缩包已删除，重试无法读取，请排除原因后重新上传。", "/office/", "重新上传"
    )
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800}).new_page()
    _login(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/office/jobs/")
    assert page.locator("button", has_text="重试").count() == 0
    assert "不能重试" in page.inner_text("main")
    _shot(page, f"jobs-retry-refused-{width}")
    table = page.locator("table.jobs").bounding_box()
    assert table is not None and table["x"] + table["width"] <= width
    page.goto(f"{live_server.url}/office/jobs/{failed.pk}/")
    text = page.inner_text("main")
    assert "请排除原因后重新上传" in text and "Connection refused" in text
    assert page.locator("button", has_text="重试").count() == 0
    assert page.locator("a.button", has_text="重新上传").count() == 1
    _shot(page, f"job-retry-refused-{width}")
