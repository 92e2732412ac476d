"""The office page that voids a letter without a replacement: linked from the case page,
shows the letter and its 文号, asks why, and voids only on a valid POST."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import CaseEvent, EventKind, Letter

RECEIVED = dt.date(2025, 9, 26)
REASON = "误向申请人出具，实际未收到该申请"

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipt(received_case, clerk):
    return services.issue_letter(clerk, received_case, "receipt", RECEIVED)


@pytest.fixture
def url(receipt):
    return reverse("office:void_letter", args=[receipt.application_id, receipt.pk])


def _case_page(client, letter):
    return client.get(reverse("office:case", args=[letter.application_id])).content.decode()


def test_anonymous_is_sent_to_login(client, url):
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Letter.objects.get().voided


def test_other_agency_and_supervisor_are_refused(client, url, other_clerk, supervisor):
    for user in (other_clerk, supervisor):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": REASON}).status_code == 403
    assert not Letter.objects.get().voided


def test_the_case_page_links_each_letter_in_force_to_its_void_page(client, clerk, url, receipt):
    client.force_login(clerk)
    assert url in _case_page(client, receipt)


def test_the_supervisor_sees_no_void_link(client, supervisor, url, receipt):
    client.force_login(supervisor)
    assert url not in _case_page(client, receipt)


def test_the_page_shows_the_letter_and_asks_for_a_reason(client, clerk, url, receipt):
    client.force_login(clerk)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert receipt.doc_number in html and receipt.title in html
    assert 'name="reason"' in html and "确认作废" in html


def test_a_post_without_a_reason_changes_nothing(client, clerk, url):
    client.force_login(clerk)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "作废原因" in response.content.decode()
    assert not Letter.objects.get().voided
    assert not CaseEvent.objects.filter(kind=EventKind.LETTER_VOIDED).exists()


def test_a_post_with_a_reason_voids_and_the_case_page_marks_it(client, clerk, url, receipt):
    client.force_login(clerk)
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302 and response["Location"].endswith("#letters")
    letter = Letter.objects.get()
    assert letter.voided and letter.void_reason == REASON and letter.voided_by == clerk
    html = _case_page(client, receipt)
    assert "void-mark" in html and REASON in html and receipt.doc_number in html
    assert url not in html  # voided once: no link any more


def test_an_already_voided_letter_sends_back_to_the_case(client, clerk, url, receipt):
    services.void_letter(receipt, clerk, REASON)
    client.force_login(clerk)
    response = client.post(url, {"reason": "再次作废"}, follow=True)
    assert "该文书已于" in response.content.decode()
    assert CaseEvent.objects.filter(kind=EventKind.LETTER_VOIDED).count() == 1


def test_the_register_marks_the_voided_number(client, clerk, url, receipt):
    client.force_login(clerk)
    client.post(url, {"reason": REASON})
    html = client.get(reverse("office:letter_register") + "?year=2025").content.decode()
    assert receipt.doc_number in html and "已作废" in html and REASON in html


def test_the_history_names_the_void_in_chinese(client, clerk, url, receipt):
    client.force_login(clerk)
    client.post(url, {"reason": REASON})
    html = _case_page(client, receipt)
    assert "替代文号" not in html  # voided on its own: no replacement to name
    assert "replaced_by" not in html and ">reason<" not in html
