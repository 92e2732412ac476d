"""The reviewer's approval page in a real browser: the draft letter is readable at desktop
and phone widths before the approve button."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gongkai.applications import services

from .test_apply_to_reply import CHROMIUM, _login, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots-letters")


@pytest.mark.parametrize("width", [1366, 390])
def test_the_reviewer_reads_the_draft_before_approving(
    browser,  # noqa: F811
    live_server,
    agencies,
    clerk,
    reviewer,
    applicant_data,
    width,
):
    app, _code = services.register(
        clerk, agencies["TCBGS"], applicant_data, "in_person", dt.date(2025, 9, 26)
    )
    services.propose_decision(
        clerk, app, "partial", reason="附件中的专家评审意见属于过程性信息，已作遮盖处理。",
        grounds=["process_info"], provided_form="electronic",
    )  # fmt: skip
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}).new_page()
    _login(page, live_server.url, "reviewer")
    page.goto(f"{live_server.url}/office/cases/{app.pk}/do/approve/")
    draft = page.locator("article.letter-draft")
    assert "〔待编号〕" in draft.inner_text()
    assert "专家评审意见" in page.inner_text("body")
    box = draft.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"approval-{width}.png"), full_page=True)
