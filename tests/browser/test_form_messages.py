"""Form errors in a real browser at desktop and phone widths: each message is Chinese and
names its field, labels carry no ASCII colon, no "---------" empty choice (issue 9)."""

from __future__ import annotations

import re

import pytest

from .test_apply_to_reply import _login, _shot, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _errors(page) -> list[str]:
    return [t.strip() for t in page.locator(".errorlist li").all_inner_texts()]


@pytest.mark.parametrize("width", [1366, 390])
def test_office_register_errors_name_their_fields(browser, live_server, clerk, width):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 900})
    _login(page, live_server.url, "clerk")
    page.goto(f"{live_server.url}/office/register/")
    page.fill("input[name=arrived_on]", "")
    page.click("button[type=submit]")
    page.wait_for_selector(".errorlist li")
    errors = _errors(page)
    assert any(e.startswith("请填写「") and "」" in e for e in errors), errors
    assert not [e for e in errors if ENGLISH.search(re.sub(r"「[^」]*」", "", e))]
    html = page.content()
    assert "---------" not in html and ":</label>" not in html
    _shot(page, f"form-messages-office-{width}")
    page.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_portal_apply_errors_in_chinese(browser, live_server, agencies, width):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}/apply/TCBGS/")
    page.select_option("select[name=id_type]", index=0)
    page.eval_on_selector("input[name=email]", "e => e.removeAttribute('maxlength')")
    page.fill("input[name=email]", "x" * 300)
    page.click("form.apply-form button[type=submit]")
    page.wait_for_selector("#error-summary")
    errors = _errors(page)
    assert "「电子邮箱」不能超过254字（现有300字）。" in errors, errors
    assert page.get_by_label("证件类型").count() == 1
    assert not [e for e in errors if ENGLISH.search(re.sub(r"「[^」]*」", "", e))]
    _shot(page, f"form-messages-portal-{width}")
    page.close()
