"""The office menu shows only what the user may open: every link in it answers 200."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

NAV = re.compile(r'<nav class="nav">(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def nav_links(html: str) -> list[str]:
    match = NAV.search(html)
    assert match, "no office menu on the page"
    return HREF.findall(match.group(1))


@pytest.mark.parametrize("who", ["clerk", "reviewer", "admin_user", "supervisor", "other_clerk"])
@pytest.mark.parametrize("page", ["office:home", "annual:index"])
def test_every_menu_link_opens_for_the_user_who_sees_it(client, request, who, page):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse(page))
    assert response.status_code == 200
    links = nav_links(response.content.decode())
    assert reverse("office:home") in links
    for href in links:
        assert client.get(href).status_code == 200, (who, href)


def test_a_clerk_is_not_offered_the_report_review(client, clerk):
    client.force_login(clerk)
    links = nav_links(client.get(reverse("office:home")).content.decode())
    assert reverse("reports:index") not in links
    assert reverse("office:agency_users_default") not in links


def test_a_supervisor_is_offered_the_report_review(client, supervisor):
    client.force_login(supervisor)
    links = nav_links(client.get(reverse("office:home")).content.decode())
    assert reverse("reports:index") in links
