"""A ZIP of reports uploaded in the office, in a real browser at desktop and phone widths:
the job page shows n of N and every file it could not read, with the reason."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from .test_apply_to_reply import CHROMIUM, _login, _shot, browser  # noqa: F401

# The corpus-based report factories live beside the report tests (not a package).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
from batchfactory import write_batch
from reportcorpus import require_corpus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def province_zip(tmp_path):
    require_corpus()
    paths = write_batch(tmp_path / "batch", 8, broken=2)
    target = tmp_path / "全省年度报告.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in paths:
            archive.write(path, f"各县报告/{path.name}")
    return target


@pytest.mark.parametrize("width", [1366, 390])
def test_a_zip_upload_lands_on_its_job_with_the_failed_files_listed(
    browser,  # noqa: F811
    live_server,
    supervisor,
    province_zip,
    width,
):
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800}).new_page()
    _login(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/office/reports/")
    page.set_input_files("input[name=file]", str(province_zip))
    page.click("form[action$='/upload/'] button[type=submit]")
    page.wait_for_url("**/jobs/**")

    text = page.inner_text("main")
    assert "批量读取年度报告（8 份）" in text and "已完成" in text
    assert "新读取 6 份" in text and "失败 2 份" in text
    assert "未能读取的文件（2 个）" in text
    assert "各县报告/0007-损坏的文件.docx" in text and "Word 文件已损坏" in text
    _shot(page, f"report-batch-job-{width}")
    table = page.locator("table.job-failures").bounding_box()
    assert table is not None and table["x"] + table["width"] <= width  # no sideways scrolling


@pytest.mark.parametrize("width", [1366, 390])
def test_a_zip_with_a_member_outside_the_archive_is_refused_on_the_upload_page(
    browser,  # noqa: F811
    live_server,
    supervisor,
    tmp_path,
    width,
):
    target = tmp_path / "全省年度报告.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("各县报告/青石县.txt", "青石县人民政府2023年政府信息公开工作年度报告")
        archive.writestr("../../etc/cron.d/报告.txt", "* * * * * root true")
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800}).new_page()
    _login(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/office/reports/")
    page.set_input_files("input[name=file]", str(target))
    page.click("form[action$='/upload/'] button[type=submit]")
    page.wait_for_load_state()

    text = page.inner_text("main")
    assert "压缩包内有不安全的文件名：../../etc/cron.d/报告.txt" in text
    assert "/jobs/" not in page.url and "请选择一个报告文件" not in text
    _shot(page, f"report-batch-refused-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
