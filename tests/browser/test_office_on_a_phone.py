"""The back office on a 390-px phone and a 768-px tablet (issue 9: "the office unusable below
tablet width"): no page scrolls sideways, the key actions stay in view, wide tables scroll in
their own box or turn into labelled cards, and the menu folds behind one button on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_apply_to_reply import ARTIFACTS, CHROMIUM, _login, browser  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]

SHOTS = ARTIFACTS / "office-on-a-phone"

# (page, the buttons or links that must be visible on it: (role, name))
CLERK_PAGES = [
    ("/office/", [("link", "登记申请"), ("link", "文号登记簿")]),
    ("/office/queue/", [("link", "登记申请"), ("link", "导出Excel"), ("button", "筛选")]),
    ("/office/queue/?tab=done", [("button", "筛选")]),
    ("CASE", [("group", "拟定答复")]),
    ("/office/dashboard/", [("button", "查看")]),
    ("/office/letters/register/", [("button", "筛选"), ("link", "导出Excel")]),
    ("/office/catalog/", [("link", "新建条目")]),
    ("/office/annual-reports/", []),
    ("/office/work-plans/", []),
    ("/office/register/", [("button", "登记并编号")]),
    ("/office/jobs/", []),
    ("/office/calendar/", [("button", "计算")]),
]
ADMIN_PAGES = [
    ("/office/agency/users/", [("button", "切换"), ("button", "创建"), ("button", "授予")]),
    ("/office/work-plans/", [("button", "创建")]),
    ("/office/dashboard/", [("button", "查看")]),
]
SUPERVISOR_PAGES = [
    ("/office/dashboard/", [("button", "查看")]),
    ("/office/queue/", [("button", "筛选")]),
    ("/office/reports/", [("button", "读取并核对")]),
    ("/office/annual-reports/board/", []),
]


def _open(browser, live_server, username: str, width: int):  # noqa: F811
    page = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 800}).new_page()
    _login(page, live_server.url, username)
    return page


def _assert_fits(page, url: str, actions: list[tuple[str, str]], width: int) -> None:
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert fits, f"{url} at {width} px is {scroll_width} px wide"
    main = page.locator("main")
    for role, name in actions:
        if role == "group":  # a case action: the <summary> of its <details>
            target = main.locator("details.act > summary", has_text=name)
        else:
            target = main.get_by_role(role, name=name, exact=True).first  # type: ignore[arg-type]
        assert target.is_visible(), f"{name} is not visible on {url} at {width} px"
        box = target.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (
            f"{name} on {url} is cut off at {width} px: {box}"
        )


def _walk(page, live_server, pages, width: int, case_pk: int | None = None) -> None:
    for url, actions in pages:
        if url == "CASE":
            url = f"/office/cases/{case_pk}/"
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status == 200, url
        page.wait_for_load_state("load")
        _assert_fits(page, url, actions, width)


@pytest.mark.parametrize("width", [390, 768])
def test_clerk_pages_fit_a_phone_and_a_tablet(browser, live_server, received_case, width):  # noqa: F811
    page = _open(browser, live_server, "clerk", width)
    _walk(page, live_server, CLERK_PAGES, width, received_case.pk)


@pytest.mark.parametrize("width", [390, 768])
def test_admin_and_supervisor_pages_fit(
    browser,  # noqa: F811
    live_server,
    received_case,
    admin_user,
    supervisor,
    width,
):
    _walk(_open(browser, live_server, "tcadmin", width), live_server, ADMIN_PAGES, width)
    _walk(_open(browser, live_server, "supervisor", width), live_server, SUPERVISOR_PAGES, width)


def test_queue_rows_become_labelled_cards_on_a_phone(browser, live_server, received_case):  # noqa: F811
    page = _open(browser, live_server, "clerk", 390)
    page.goto(f"{live_server.url}/office/queue/")
    first = page.locator("table.cases tbody tr").first.locator("td").first
    assert first.get_attribute("data-label") == "申请编号"
    # the header row is left for screen readers only (1 px, clipped): the cards carry the labels
    head = page.locator("table.cases thead").bounding_box()
    assert head is not None and head["width"] <= 1
    # a card: the row is as wide as the page, its cells stacked one under the other
    row = page.locator("table.cases tbody tr").first.bounding_box()
    cells = [
        c.bounding_box() for c in page.locator("table.cases tbody tr").first.locator("td").all()
    ]
    assert row is not None and row["width"] <= 390
    assert all(c is not None for c in cells)
    assert cells[1]["y"] > cells[0]["y"]  # type: ignore[index]
    assert page.locator("main").get_by_role("link", name=received_case.number).is_visible()


def test_case_history_cards_skip_empty_cells(browser, live_server, received_case):  # noqa: F811
    """The 查看个人信息 entry has no status change and no details: its card shows neither label
    (an empty cell would leave its label overlapping the next one)."""
    page = _open(browser, live_server, "clerk", 390)
    page.goto(f"{live_server.url}/office/cases/{received_case.pk}/")
    viewed = page.locator("table.history tbody tr", has_text="查看个人信息").first
    assert viewed.locator("td[data-label='状态变化']").count() == 1
    assert not viewed.locator("td[data-label='状态变化']").is_visible()
    labels = [c.bounding_box() for c in viewed.locator("td").all() if c.is_visible()]
    tops = [b["y"] for b in labels if b is not None]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)


def test_queue_table_scrolls_in_its_own_box_on_a_tablet(browser, live_server, received_case):  # noqa: F811
    page = _open(browser, live_server, "clerk", 768)
    page.goto(f"{live_server.url}/office/queue/")
    box = page.locator(".table-scroll", has=page.locator("table.cases"))
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert page.locator(".table-scroll-hint").first.is_visible()
    assert page.locator("table.cases thead th").first.is_visible()  # a table still, not cards


def test_menu_folds_behind_one_button_on_a_phone(browser, live_server, clerk):  # noqa: F811
    page = _open(browser, live_server, "clerk", 390)
    page.goto(f"{live_server.url}/office/queue/")
    menu = page.locator(".topbar .nav")
    toggle = page.get_by_role("button", name="菜单 · 申请办理")
    assert toggle.is_visible()
    assert not menu.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.get_by_role("link", name="工作台").is_visible()
    menu.get_by_role("link", name="工作台").click()
    page.wait_for_url(f"{live_server.url}/office/")


def test_desktop_keeps_its_table_and_menu(browser, live_server, received_case):  # noqa: F811
    page = _open(browser, live_server, "clerk", 1366)
    page.goto(f"{live_server.url}/office/queue/")
    assert page.locator(".topbar .nav").get_by_role("link", name="工作台").is_visible()
    assert not page.locator(".topbar .nav-toggle").is_visible()
    assert page.locator("table.cases thead th").first.is_visible()
    # wrapped in its scroll box, which does not overflow here: no hint, no shadow
    box = page.locator(".table-scroll", has=page.locator("table.cases"))
    assert box.is_visible()
    assert "table-overflows" not in (box.get_attribute("class") or "")
    assert not page.locator(".table-scroll-hint").first.is_visible()


@pytest.mark.parametrize("width", [390, 1366])
def test_screenshots_of_queue_case_and_dashboard(browser, live_server, received_case, width):  # noqa: F811
    page = _open(browser, live_server, "clerk", width)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, url in [
        ("queue", "/office/queue/"),
        ("case", f"/office/cases/{received_case.pk}/"),
        ("dashboard", "/office/dashboard/"),
    ]:
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.locator("main table.stack td[data-label]").count() > 0, name
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
