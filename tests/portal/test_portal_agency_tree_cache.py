"""The agency tree on the home page and /apply/ is rendered once per change, not per request.

Every change to an agency (added, renamed, contact changed, moved, switched off,
deleted) must show on the next request; a page served while nothing changed reads
only the tree's version, not the agencies.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.agencies import changes, services
from gongkai.agencies.models import Agency, Level

HOME = reverse("portal:home")
CHOOSE = reverse("portal:apply_choose")


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def agency_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [q["sql"] for q in queries if "agencies_agency" in q["sql"]]


@pytest.mark.parametrize("url", [HOME, CHOOSE])
def test_an_agency_added_shows_at_once(client, agencies, url):
    assert "太仓市档案馆" not in page(client, url)
    Agency.objects.create(
        name="太仓市档案馆", code="TCDAG", level=Level.DEPARTMENT, parent=agencies["TC"]
    )
    shown = page(client, url)
    assert "太仓市档案馆" in shown
    assert reverse("portal:apply", args=["TCDAG"]) in shown


@pytest.mark.parametrize("url", [HOME, CHOOSE])
def test_an_agency_renamed_shows_at_once(client, agencies, url):
    old = agencies["TCBGS"].name
    assert old in page(client, url)
    agencies["TCBGS"].name = "太仓市人民政府办公室（政务公开办）"
    agencies["TCBGS"].save()
    shown = page(client, url)
    assert "太仓市人民政府办公室（政务公开办）" in shown
    assert f">{old}<" not in shown


def test_contact_changed_through_the_service_shows_at_once(client, agencies, admin_user):
    assert "0512-53520000" not in page(client, HOME)
    services.update_agency_contact(admin_user, agencies["TCBGS"], {"phone": "0512-53520000"})
    assert "0512-53520000" in page(client, HOME)


def test_an_agency_switched_off_or_deleted_disappears_at_once(client, agencies):
    leaf = Agency.objects.create(name="太仓市档案馆", code="TCDAG", parent=agencies["TC"])
    assert "太仓市档案馆" in page(client, CHOOSE)
    leaf.delete()
    assert "太仓市档案馆" not in page(client, CHOOSE)
    agencies["CS"].is_active = False
    agencies["CS"].save()
    assert agencies["CS"].name not in page(client, CHOOSE)


def test_an_agency_moved_shows_under_its_new_parent(client, agencies):
    leaf = Agency.objects.create(name="太仓市档案馆", code="TCDAG", parent=agencies["TC"])
    page(client, CHOOSE)
    leaf.parent = agencies["CS"]
    leaf.save()
    shown = page(client, CHOOSE)
    # The choose tree nests each agency's list inside its parent's <li>.
    cs_item = shown[shown.index(agencies["CS"].name) :]
    assert "太仓市档案馆" in cs_item.split("</ul>")[0]


def test_a_change_seen_by_another_worker_is_picked_up(client, agencies):
    """Another gunicorn worker's save reaches this one through the shared version."""
    page(client, HOME)
    Agency.objects.filter(pk=agencies["TCBGS"].pk).update(name="改名后的办公室")
    assert "改名后的办公室" not in page(client, HOME)  # an update() alone bumps nothing
    cache.set(changes.KEY, "bumped-by-another-worker", None)
    assert "改名后的办公室" in page(client, HOME)


@pytest.mark.parametrize("url", [HOME, CHOOSE])
def test_a_cached_page_reads_no_agency_and_one_query_in_all(
    client, agencies, url, django_assert_max_num_queries
):
    page(client, url)  # renders and keeps the tree
    assert agency_queries(client, url) == []
    with django_assert_max_num_queries(1):  # the tree's version from the shared cache
        page(client, url)


def test_a_logged_in_staff_user_gets_the_same_tree_and_a_private_page(client, agencies, clerk):
    anonymous = page(client, HOME)
    client.force_login(clerk)
    assert agency_queries(client, HOME) == []
    response = client.get(HOME)
    staff = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    for name in ("太仓市人民政府办公室", "0512-53521001", reverse("portal:apply", args=["TCBGS"])):
        assert name in anonymous and name in staff
    assert page(client, CHOOSE).count(reverse("portal:apply", args=["TCBGS"])) == 1


def test_the_tree_is_rendered_without_recursive_includes_per_request(client, agencies):
    from django.test.signals import template_rendered

    seen: list[str] = []

    def note(sender, template, **kwargs):
        seen.append(template.name)

    page(client, HOME)
    template_rendered.connect(note)
    try:
        # Another address, so not the whole-page copy (core.pagecache): the page is
        # rendered, the tree in it is not.
        page(client, HOME + "?from=rss")
    finally:
        template_rendered.disconnect(note)
    assert "portal/home.html" in seen and "portal/base.html" in seen
    assert "portal/_home_body.html" not in seen
    assert "portal/_agency_guide.html" not in seen
    assert "portal/_contact.html" not in seen
