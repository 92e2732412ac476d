"""适老化 without JavaScript: 长者模式 and the A- / A / A+ font size are plain links to
/display/, which sets a cookie and goes back to a same-site path; pages that change with
the cookie say `Vary: Cookie`."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.site import DISPLAY_COOKIE, Display, parse_display

pytestmark = pytest.mark.django_db


def switch(client, **params):
    return client.get(reverse("portal:display"), params)


def test_elder_mode_link_sets_the_cookie_and_returns_to_the_page(client, agencies):
    response = switch(client, mode="elder", next="/gk/?year=2019")
    assert response.status_code == 302
    assert response["Location"] == "/gk/?year=2019"
    assert client.cookies[DISPLAY_COOKIE].value == "elder.0"
    html = client.get("/gk/").content.decode()
    assert 'class="portal mode-elder"' in html
    assert "退出长者模式" in html


def test_leaving_elder_mode_keeps_the_font_size(client, agencies):
    switch(client, size="up", next="/")
    switch(client, mode="elder", next="/")
    switch(client, mode="standard", next="/")
    assert client.cookies[DISPLAY_COOKIE].value == "standard.1"


def test_font_size_steps_up_down_and_resets_within_bounds(client, agencies):
    for _ in range(6):
        switch(client, size="up", next="/")
    assert client.cookies[DISPLAY_COOKIE].value == "standard.3"
    assert '<html lang="zh-Hans" class="fs-p3">' in client.get("/").content.decode()
    switch(client, size="reset", next="/")
    assert client.cookies[DISPLAY_COOKIE].value == "standard.0"
    for _ in range(3):
        switch(client, size="down", next="/")
    assert client.cookies[DISPLAY_COOKIE].value == "standard.-1"
    assert 'class="fs-m1"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_display_switch_only_returns_to_a_same_site_path(client, target):
    response = switch(client, mode="elder", next=target)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_pages_that_read_the_display_cookie_vary_on_cookie(client, agencies):
    for path in ("/", "/gk/", "/gk/statutory/", "/sitemap/"):
        response = client.get(path)
        assert "Cookie" in response["Vary"], path


def test_the_vary_middleware_marks_only_responses_that_read_the_cookie(rf):
    from django.http import HttpResponse

    from gongkai.core.site import VaryOnDisplayMiddleware, display_for

    def reads(request):
        display_for(request)
        return HttpResponse()

    assert "Cookie" in VaryOnDisplayMiddleware(reads)(rf.get("/"))["Vary"]
    assert not VaryOnDisplayMiddleware(lambda r: HttpResponse())(rf.get("/")).has_header("Vary")


def test_every_portal_page_links_the_controls_with_its_own_path(client, agencies):
    html = client.get("/gk/statutory/").content.decode()
    assert "/display/?mode=elder&amp;next=/gk/statutory/" in html
    assert "/display/?size=up&amp;next=/gk/statutory/" in html
    assert "/display/?size=down&amp;next=/gk/statutory/" in html


def test_a_malformed_cookie_is_the_standard_display():
    assert parse_display("giant.99") == Display()
    assert parse_display("elder.x") == Display("elder", 0)
    assert parse_display("elder.99") == Display("elder", 3)
    assert parse_display(None) == Display()
