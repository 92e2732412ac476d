"""Personal data: masked in lists, in full only for the handling agency's staff, and logged."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import CaseEvent, EventKind
from tests.conftest import VALID_ID

QUEUE = reverse("office:queue")


def _queue(client, user, **params):
    client.force_login(user)
    return client.get(QUEUE, params).content.decode()


def test_queue_never_shows_a_full_phone_number_even_to_the_handling_clerk(
    client, clerk, received_case
):
    page = _queue(client, clerk)
    assert "张明" in page  # the clerk's own agency: the name in full
    assert "13812345678" not in page
    assert "138****5678" in page


def test_supervisor_sees_the_subtree_with_natural_persons_names_masked(
    client, supervisor, received_case
):
    page = _queue(client, supervisor)
    assert received_case.number in page
    assert "张明" not in page
    assert "张*" in page
    assert "13812345678" not in page and VALID_ID not in page


def test_admin_above_the_agency_is_not_its_staff_and_sees_masked_names(
    client, admin_user, received_case
):
    page = _queue(client, admin_user)
    assert received_case.number in page
    assert "张明" not in page


def test_organisation_names_are_not_personal_data(
    client, supervisor, clerk, agencies, org_applicant_data
):
    _app, _code = services.register(
        clerk, agencies["TCBGS"], org_applicant_data, "in_person", dt.date(2025, 9, 26)
    )
    page = _queue(client, supervisor)
    assert "江苏太仓某某律师事务所" in page


def test_searching_by_name_does_not_reveal_a_masked_applicant(
    client, supervisor, clerk, received_case
):
    assert received_case.number not in _queue(client, supervisor, q="张明")
    assert received_case.number in _queue(client, clerk, q="张明")


def test_search_finds_a_case_by_its_number(client, supervisor, received_case):
    assert received_case.number in _queue(client, supervisor, q=received_case.number)


def test_other_agencys_clerk_sees_no_case_of_ours(client, other_clerk, received_case):
    assert received_case.number not in _queue(client, other_clerk)


def _case(client, user, app):
    client.force_login(user)
    return client.get(reverse("office:case", args=[app.pk]))


def test_case_page_for_a_supervisor_masks_identity_phone_and_address_and_logs_nothing(
    client, supervisor, received_case
):
    page = _case(client, supervisor, received_case).content.decode()
    assert VALID_ID not in page and "3205**********1026" in page
    assert "13812345678" not in page and "138****5678" in page
    assert "人民南路1号" not in page
    assert not CaseEvent.objects.filter(kind=EventKind.VIEWED_PERSONAL_DATA).exists()


def test_handling_clerk_sees_everything_and_the_view_is_logged_once_a_day(
    client, clerk, received_case
):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)):
        page = _case(client, clerk, received_case).content.decode()
        _case(client, clerk, received_case)
    assert VALID_ID in page and "13812345678" in page and "人民南路1号" in page
    views = CaseEvent.objects.filter(kind=EventKind.VIEWED_PERSONAL_DATA, actor=clerk)
    assert views.count() == 1
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)):
        _case(client, clerk, received_case)
    assert views.count() == 2


def test_other_agencys_clerk_cannot_open_the_case(client, other_clerk, received_case):
    response = _case(client, other_clerk, received_case)
    assert response.status_code == 403
    assert "该申请不属于您所在的机关" in response.content.decode()


# -- files ---------------------------------------------------------------------------


def _file_url(att):
    return reverse("office:attachment", args=[att.application_id, att.pk])


def test_attachment_downloads_only_for_the_handling_agency(
    client, clerk, supervisor, other_clerk, attachment
):
    url = _file_url(attachment)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for outsider in (other_clerk, supervisor):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
    client.force_login(clerk)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_an_attachment_of_another_case_is_not_served_under_this_case(
    client, clerk, attachment, agencies, applicant_data
):
    other, _code = services.register(
        clerk, agencies["TCBGS"], applicant_data, "in_person", dt.date(2025, 9, 26)
    )
    client.force_login(clerk)
    url = reverse("office:attachment", args=[other.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_letters_download_only_for_the_handling_agency(
    client, clerk, supervisor, other_clerk, replied_case
):
    letter = replied_case.letters.get(kind="reply")
    url = reverse("office:letter", args=[replied_case.pk, letter.pk, "pdf"])
    for outsider in (other_clerk, supervisor):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
    client.force_login(clerk)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    docx = client.get(reverse("office:letter", args=[replied_case.pk, letter.pk, "docx"]))
    assert docx.content.startswith(b"PK")
    inline = client.get(url + "?inline=1")
    assert inline["Content-Disposition"].startswith("inline")
