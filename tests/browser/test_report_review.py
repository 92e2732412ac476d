"""The report audit page in a real browser, at desktop and phone widths: the headline and the
unreadable cells come first. Screenshots go to tests/_artifacts/browser/ for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_apply_to_reply import _login, _shot, browser  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEED_003 = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "seed-003" / "source.txt"
)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_audit_headline_leads_the_page(browser, live_server, agencies, supervisor, width):  # noqa: F811
    if not SEED_003.is_file():
        pytest.skip("development corpus not found beside the checkout")
    supervisor.first_name = "周敏"
    supervisor.save()
    page = browser.new_page(viewport={"width": width, "height": 900})
    _login(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/office/reports/")
    page.select_option("select[name=scope]", str(agencies["SZ"].pk))
    page.set_input_files("input[name=file]", str(SEED_003))
    page.click("button[type=submit]")
    page.wait_for_selector(".rv-headline")
    headline = page.inner_text(".rv-headline")
    assert "核对不完整" in headline and "未发现计算差错" not in headline
    assert page.is_visible("#h-unreadable")
    _shot(page, f"report-audit-{width}")
    page.goto(f"{live_server.url}/office/reports/")
    assert "周敏" in page.inner_text("main") and "supervisor" not in page.inner_text("main")
    _shot(page, f"report-index-{width}")
