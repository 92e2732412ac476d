"""The live character counter under the request description (charcount.js): it counts
as the applicant types, warns past 4,000 characters, and the browser cuts nothing."""

from __future__ import annotations

import pytest

from .test_apply_to_reply import _shot, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_the_counter_updates_and_warns_past_the_limit(browser, live_server, agencies, width):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/apply/TCBGS/")
    area = page.locator("textarea[name=description]")
    counter = page.locator("#id_description_charcount")
    assert counter.get_attribute("aria-live") == "polite"
    assert "id_description_charcount" in (area.get_attribute("aria-describedby") or "")
    assert counter.inner_text() == "已输入0字，最多4000字。"

    area.fill("申请公开2024年道路维修合同")
    assert counter.inner_text() == "已输入15字，最多4000字。"
    assert "over" not in (counter.get_attribute("class") or "")

    area.fill("字" * 4123)  # a paste longer than the limit: kept whole, flagged
    assert len(area.input_value()) == 4123
    assert counter.inner_text() == "已输入4123字，超出上限123字（最多4000字），请删减。"
    assert "over" in (counter.get_attribute("class") or "")
    color = counter.evaluate("e => getComputedStyle(e).color")
    assert color == "rgb(207, 34, 46)"  # --bad
    area.scroll_into_view_if_needed()
    _shot(page, f"long-text-counter-{width}")
    assert not [e for e in errors if "Content Security Policy" in e]
    page.close()
