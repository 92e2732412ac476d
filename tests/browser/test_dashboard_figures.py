"""The supervisor's dashboard, summed from the per-month figures, in a real browser at
desktop and phone widths: the agency table (now built in Python) and the picker."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications import services

from .test_apply_to_reply import _login, _shot, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_dashboard_agency_table_and_picker(
    browser,  # noqa: F811
    live_server,
    agencies,
    clerk,
    reviewer,
    supervisor,
    applicant_data,
    width,
):
    year = services.today().year
    on = dt.date(year, 1, 5)
    for _ in range(3):
        services.register(clerk, agencies["TCBGS"], applicant_data, "in_person", on)
    app, _code = services.register(clerk, agencies["TCBGS"], applicant_data, "in_person", on)
    services.propose_decision(clerk, app, "not_exist", reason="经检索，未找到该信息。")
    services.approve_decision(reviewer, app, dt.date(year, 1, 20))

    page = browser.new_page(viewport={"width": width, "height": 900})
    _login(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/office/dashboard/?agency={agencies['SZ'].pk}&year={year}")
    assert page.locator("#n-received").inner_text() == "4"
    row = page.locator("table.agencies tr", has_text=agencies["TCBGS"].name)
    cells = row.locator("td").all_inner_texts()
    assert cells[1:3] == ["4", "3"] and cells[5] == "1" and cells[6].startswith("100%")
    assert page.get_by_label("机关").input_value() == str(agencies["SZ"].pk)
    _shot(page, f"dashboard-figures-{width}")
    page.close()
