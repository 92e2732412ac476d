"""WCAG 2.0 / 2.1 A and AA, checked by axe-core in Chromium (GB/T 37668-2019 二级 ≈ AA,
portal.md §3.1) on the main portal pages, in the standard look and in 长者模式, and on the
main office pages. axe-core is vendored in tests/browser/vendor/ (MPL-2.0), never fetched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .test_apply_to_reply import _login, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[dict]:
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result["violations"]
    ]


@pytest.fixture
def site(agencies, reviewer):
    from django.core.management import call_command

    from gongkai.applications.demo import ensure_staff
    from gongkai.reports.annual import services

    ensure_staff(agencies)
    with open(os.devnull, "w") as quiet:
        call_command("seed_catalog", stdout=quiet)
    services.publish(reviewer, agencies["TCBGS"], 2024, override_reason="演示发布")
    return agencies


def portal_paths(agencies) -> list[str]:
    from gongkai.catalog.models import Item
    from gongkai.portal.columns import COLUMNS

    plan = Item.objects.published().get(doc_no="太政办〔2019〕112号")
    return [
        "/",
        *[c.url for c in COLUMNS],
        f"/gk/items/{plan.pk}/",
        "/gk/search/?q=政务公开",
        f"/apply/{agencies['TCBGS'].code}/",
        "/track/",
        "/sitemap/",
        "/contact/",
        "/gk/items/999999/",
    ]


def check(page, base: str, paths: list[str]) -> dict[str, list[dict]]:
    found = {}
    for path in paths:
        page.goto(base + path)
        bad = violations(page)
        if bad:
            found[path] = bad
    return found


@pytest.mark.parametrize("mode", ["standard", "elder"])
def test_portal_pages_have_no_wcag_aa_violations(browser, live_server, site, mode):  # noqa: F811
    page = browser.new_context(
        locale="zh-CN", bypass_csp=True, viewport={"width": 1366, "height": 900}
    ).new_page()
    if mode == "elder":
        page.goto(f"{live_server.url}/display/?mode=elder&next=/")
    found = check(page, live_server.url, portal_paths(site))
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_portal_on_a_phone_has_no_wcag_aa_violations(browser, live_server, site):  # noqa: F811
    page = browser.new_context(
        locale="zh-CN", bypass_csp=True, viewport={"width": 390, "height": 844}
    ).new_page()
    found = check(page, live_server.url, portal_paths(site)[:6])
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_office_pages_have_no_wcag_aa_violations(browser, live_server, site, clerk):  # noqa: F811
    page = browser.new_context(
        locale="zh-CN", bypass_csp=True, viewport={"width": 1366, "height": 900}
    ).new_page()
    _login(page, live_server.url, "clerk")
    paths = ["/office/", "/office/queue/", "/office/register/", "/office/catalog/",
             "/office/dashboard/", "/office/annual-reports/"]  # fmt: skip
    found = check(page, live_server.url, paths)
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_the_portal_can_be_used_with_the_keyboard_alone(browser, live_server, site):  # noqa: F811
    """Tab from the top: the skip link comes first and moves focus to the main content;
    the column bar and the search box are reachable; focus is always visible."""
    page = browser.new_context(
        locale="zh-CN", bypass_csp=True, viewport={"width": 1366, "height": 900}
    ).new_page()
    page.goto(live_server.url + "/gk/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.goto(live_server.url + "/gk/")
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        el = page.evaluate(
            "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return {text: e.textContent.trim() || e.name, outline: s.outlineStyle,"
            " shadow: s.boxShadow}; })()"
        )
        reached.append(el["text"])
        assert el["outline"] != "none" or el["shadow"] != "none", el
    assert "长者模式" in reached and "公开年报" in reached and "q" in reached
    page.keyboard.press("Shift+Tab")
    # search by keyboard: focus the box, type, Enter
    page.focus("#head-q")
    page.keyboard.type("政务公开")
    page.keyboard.press("Enter")
    page.wait_for_url("**/gk/search/**")
    assert "政务公开工作要点" in page.content()
