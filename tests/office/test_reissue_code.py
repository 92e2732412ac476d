"""补发查询码 in the office: the ladder, and the new code shown once, never kept."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import EventKind

CHECK = "当面核验居民身份证原件，与申请记录一致"


@pytest.fixture
def url(received_case):
    return reverse("office:reissue_code", args=[received_case.pk])


def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_other_agency_and_supervisor_are_refused(
    client, url, other_clerk, supervisor, received_case
):
    before = received_case.tracking_hash
    for user in (other_clerk, supervisor):
        client.force_login(user)
        assert client.post(url, {"identity_check": CHECK}).status_code in (403, 404)
    received_case.refresh_from_db()
    assert received_case.tracking_hash == before


def test_case_page_offers_it_to_the_handler(client, clerk, received_case, url):
    client.force_login(clerk)
    html = client.get(reverse("office:case", args=[received_case.pk])).content.decode()
    assert url in html and "补发查询码" in html


def test_without_the_identity_check_nothing_changes(client, clerk, received_case, url):
    client.force_login(clerk)
    before = received_case.tracking_hash
    response = client.post(url, {"identity_check": ""})
    assert response.status_code == 400 and "身份核实情况" in response.content.decode()
    received_case.refresh_from_db()
    assert received_case.tracking_hash == before


def test_the_new_code_is_shown_once_and_works(client, clerk, received_case, url):
    client.force_login(clerk)
    response = client.post(url, {"identity_check": CHECK})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    code = response.context["code"]
    html = response.content.decode()
    assert code in html and "只在此显示一次" in html
    assert services.find_by_tracking(received_case.number, code) == received_case
    assert code not in str(dict(client.session))
    assert code not in client.get(url).content.decode()
    history = client.get(reverse("office:case", args=[received_case.pk])).content.decode()
    assert "补发查询码" in history and CHECK in history
    assert received_case.events.filter(kind=EventKind.CODE_REISSUED, actor=clerk).count() == 1
