"""The whole journey in a real browser (Debian's chromium driven by Playwright):

applicant applies on the portal → clerk confirms receipt and asks for a
correction → the applicant submits the correction online → clerk drafts the decision → reviewer
approves → clerk downloads the reply letter → the applicant tracks the case
and downloads the same letter. Screenshots and the letter's PNG pages go to
tests/_artifacts/browser/ for a person to look at.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts" / "browser"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (scripts/system-deps)"
    ),
]

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium under Playwright's sync API, for as long as the block runs."""
    playwright = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the live server's
    # ORM calls happen in Django's own server thread, the test's in this one.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()
            # Between its sync calls Playwright marks its event loop as running in this
            # thread, so Django (asgiref's thread-critical Local) keeps the connections
            # opened meanwhile in an async-context slot, not the thread's own. Once
            # Playwright stops they are unreachable and never closed, and at the end of the
            # session PostgreSQL refuses to drop the test database ("is being accessed by
            # other users"). Close them here, while Playwright still runs and they are seen.
            from django.db import connections

            connections.close_all()
            # later tests (e.g. `check --deploy` in a subprocess) must not inherit it
            if before is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def browser():
    with chromium() as b:
        yield b


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-for-tests-1")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/office/.*"))


def _do(
    page,
    base: str,
    pk: int,
    action: str,
    fill: dict[str, str] | None = None,
    select: dict[str, str] | None = None,
) -> None:
    """Open a case action's page, fill its form, submit, and land back on the case."""
    page.goto(f"{base}/office/cases/{pk}/do/{action}/")
    for name, value in (fill or {}).items():
        page.fill(f"[name='{action}-{name}']", value)
    for name, value in (select or {}).items():
        page.select_option(f"[name='{action}-{name}']", value)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    errors = page.locator(".errorlist, .error-summary").all_inner_texts()
    assert not errors, f"{action}: {errors}"


def _wait_for_job(page, base: str, title_part: str) -> None:
    """Reload 后台任务 until the job naming `title_part` has ended (the worker is real)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        page.goto(f"{base}/office/jobs/")
        row = page.locator("table.jobs tr", has_text=title_part)
        if row.count() and ("已完成" in row.first.inner_text() or "失败" in row.first.inner_text()):
            assert "已完成" in row.first.inner_text(), row.first.inner_text()
            return
        time.sleep(0.5)
    raise AssertionError(f"the job for {title_part} did not end: is the worker running?")


def test_applicant_to_reply_letter_in_a_real_browser(
    browser, live_server, task_worker, agencies, clerk, reviewer, applicant_data
):
    from gongkai.applications.models import Application, EventKind, Status

    base = live_server.url
    b = browser
    applicant = b.new_context(locale="zh-CN", accept_downloads=True).new_page()

    # 1. The applicant applies online.
    applicant.goto(f"{base}/apply/TCBGS/")
    for field in (
        "applicant_name",
        "id_number",
        "phone",
        "email",
        "address",
        "postcode",
        "description",
    ):
        applicant.fill(f"[name={field}]", applicant_data[field])
    applicant.select_option("[name=id_type]", "resident_id")
    applicant.check("[name=declaration]")
    _shot(applicant, "01-apply")
    applicant.locator("main form button[type=submit]").last.click()
    applicant.wait_for_selector("#app-number")
    number = applicant.inner_text("#app-number").strip()
    code = applicant.inner_text("#tracking-code").strip()
    _shot(applicant, "02-apply-done")
    app = Application.objects.get(status=Status.SUBMITTED)
    assert app.number == number

    # 2. The clerk confirms receipt and asks for a correction.
    office = b.new_context(locale="zh-CN", accept_downloads=True).new_page()
    _login(office, base, "clerk")
    office.goto(f"{base}/office/queue/")
    assert number in office.content()
    _do(office, base, app.pk, "confirm")
    _do(office, base, app.pk, "correction", fill={"items": "请写明所需批复文件的文号或成文日期。"})
    app.refresh_from_db()
    assert app.status == Status.CORRECTION

    # 3. The applicant sees the correction request on the tracking page.
    applicant.goto(f"{base}/track/")
    applicant.fill("[name=number]", number)
    applicant.fill("[name=code]", code)
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_load_state()
    assert "补正" in applicant.content()
    _shot(applicant, "03-track-correction")

    # 4. The applicant submits the correction online (text and a file); the clock restarts
    #    as if the clerk had recorded it. The clerk sees it and drafts the decision.
    applicant.click("a[href$='/correction/']")
    applicant.fill("[name=content]", "文号为太发改投〔2025〕88号。")
    applicant.set_input_files(
        "[name=materials]",
        {"name": "文号说明.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"},
    )
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_load_state()
    assert "补正材料已提交" in applicant.content()
    _shot(applicant, "03b-track-correction-submitted")
    app.refresh_from_db()
    assert app.status == Status.RECEIVED and app.clock_start is not None
    correction_event = app.events.get(kind=EventKind.CORRECTION_RECEIVED)
    assert correction_event.actor is None and correction_event.data["channel"] == "online"
    office.goto(f"{base}/office/cases/{app.pk}/")
    assert "文号说明.pdf" in office.content() and "申请人网上提交补正材料" in office.content()
    _do(
        office,
        base,
        app.pk,
        "propose",
        select={"decision": "disclose", "provided_form": "electronic"},
        fill={"reason": "该信息属于可以公开的政府信息，现予以提供。"},
    )
    office.goto(f"{base}/office/cases/{app.pk}/")
    _shot(office, "04-case-after-proposal")

    # 5. The reviewer approves: the reply letter is issued.
    review = b.new_context(locale="zh-CN").new_page()
    _login(review, base, "reviewer")
    _do(review, base, app.pk, "approve")
    app.refresh_from_db()
    assert app.status == Status.REPLIED
    assert app.events.filter(kind=EventKind.DECISION_APPROVED, actor=reviewer).exists()
    letter = app.letters.get(kind="reply")

    # 6. The letter is rendered by the task worker; the reviewer, who issued it, watches
    #    it on 后台任务.
    _wait_for_job(review, base, letter.doc_number)
    _shot(review, "05a-jobs-letter-rendered")
    letter.refresh_from_db()

    # 7. The clerk downloads the reply letter from the case page.
    office.goto(f"{base}/office/cases/{app.pk}/")
    _shot(office, "05-case-replied")
    with office.expect_download() as dl:
        office.locator(f"a[href$='/letters/{letter.pk}.pdf']").first.click()
    clerk_pdf = Path(dl.value.path()).read_bytes()
    assert clerk_pdf.startswith(b"%PDF")

    # 8. The applicant sees the result and downloads the same letter.
    applicant.goto(f"{base}/track/")
    applicant.fill("[name=number]", number)
    applicant.fill("[name=code]", code)
    applicant.locator("main form button[type=submit]").click()
    applicant.wait_for_load_state()
    page_text = applicant.inner_text("main")
    assert "已答复" in page_text
    _shot(applicant, "06-track-replied")
    with applicant.expect_download() as dl:
        applicant.locator(f"a[href$='/letters/{letter.pk}.pdf']").first.click()
    public_pdf = Path(dl.value.path()).read_bytes()
    assert public_pdf == clerk_pdf == bytes(letter.pdf)

    # The letter as the applicant will see it, rendered to PNG for a person to look at.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "reply.pdf").write_bytes(public_pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                str(ARTIFACTS / "reply.pdf"),
                str(ARTIFACTS / "reply"),
            ],
            check=True,
        )
        assert list(ARTIFACTS.glob("reply-*.png"))
    import io

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(public_pdf)).pages)
    assert "予以公开" in text or "公开" in text
    assert applicant_data["id_number"] not in text
