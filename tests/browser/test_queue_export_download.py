"""The 导出Excel button in a real browser: the streamed workbook downloads and opens, text as text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .test_apply_to_reply import CHROMIUM, _login, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]

SHOTS = Path("/tmp/shots-export")


@pytest.mark.parametrize("width", [1366, 390])
def test_clerk_downloads_the_queue_as_a_workbook(browser, live_server, received_case, width):  # noqa: F811
    received_case.applicant_name = "=cmd|' /C calc'!A0"
    received_case.save()
    page = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 800}, accept_downloads=True
    ).new_page()
    _login(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/office/queue/?tab=all")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"queue-{width}.png"), full_page=True)
    with page.expect_download() as info:
        page.click("text=导出Excel")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active  # path has no .xlsx
    row = [c for c in sheet[2]]
    assert row[0].value == received_case.number
    assert row[2].value == "=cmd|' /C calc'!A0" and row[2].data_type == "s"
