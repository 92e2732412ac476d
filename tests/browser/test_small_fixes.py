"""Issue 9's smaller fixes in a real browser at desktop and phone widths: the office menu,
the labelled dashboard picker, the API docs link in the office and portal footers."""

from __future__ import annotations

import pytest

from .test_apply_to_reply import _login, _shot, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_office_menu_picker_and_docs_link(browser, live_server, clerk, width):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 900})
    _login(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/office/dashboard/")
    nav = page.locator("nav.nav").inner_text()
    assert "年度报告审查" not in nav and "统计" in nav
    assert page.get_by_label("年度").count() == 1
    assert page.locator("footer a[href='/api/docs/']").count() == 1
    _shot(page, f"small-dashboard-{width}")
    page.goto(f"{live_server.url}/")
    assert page.locator("footer a[href='/api/docs/']").count() == 1
    _shot(page, f"small-portal-{width}")
    page.close()
