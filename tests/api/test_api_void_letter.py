"""POST /api/applications/<id>/letters/<letter_id>/void/: 作废 a letter over the staff API,
the same service and checks as the office's 作废 page (services.void_letter)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import CaseEvent, EventKind, Letter, LetterKind
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

REASON = "误向申请人出具，实际未收到该申请"


@pytest.fixture
def receipt(received_case, clerk):
    return services.issue_letter(clerk, received_case, "receipt", dt.date(2025, 9, 26))


def void(client, letter, body):
    url = f"/api/applications/{letter.application_id}/letters/{letter.pk}/void/"
    return client.post(url, body, format="json")


def untouched(letter):
    letter.refresh_from_db()
    assert not letter.voided
    assert not CaseEvent.objects.filter(kind=EventKind.LETTER_VOIDED).exists()
    assert not AuditEvent.objects.filter(action="letter.voided").exists()


def test_anonymous_is_refused(api, receipt):
    assert void(api, receipt, {"reason": REASON}).status_code in (401, 403)
    untouched(receipt)


@pytest.mark.parametrize("who", ["supervisor", "admin_user"])
def test_staff_who_do_not_handle_the_case_are_refused_in_chinese(as_user, receipt, who, request):
    response = void(as_user(request.getfixturevalue(who)), receipt, {"reason": REASON})
    assert response.status_code == 403
    assert "只有承办机关的信息员或审核人可以作废文书" in response.json()["detail"]
    untouched(receipt)


def test_another_agency_does_not_see_the_case(as_user, receipt, other_clerk):
    assert void(as_user(other_clerk), receipt, {"reason": REASON}).status_code == 404
    untouched(receipt)


def test_a_letter_of_another_case_is_not_found(as_user, receipt, clerk, agencies, applicant_data):
    other, _code = services.register(
        clerk, agencies["TCBGS"], applicant_data, "in_person", dt.date(2025, 9, 26)
    )
    url = f"/api/applications/{other.pk}/letters/{receipt.pk}/void/"
    assert as_user(clerk).post(url, {"reason": REASON}, format="json").status_code == 404
    untouched(receipt)


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_the_reason_is_required(as_user, receipt, clerk, body):
    response = void(as_user(clerk), receipt, body)
    assert response.status_code == 400
    assert response.json()["errors"]["reason"] == ["请填写作废原因。"]
    untouched(receipt)


def test_a_reason_longer_than_the_register_keeps_is_refused(as_user, receipt, clerk):
    response = void(as_user(clerk), receipt, {"reason": "理" * 501})
    assert response.status_code == 400
    assert response.json()["errors"]["reason"] == ["作废原因不能超过 500 个字。"]
    untouched(receipt)


def test_the_reply_letter_cannot_be_voided_alone(as_user, received_case, clerk):
    reply = Letter.objects.create(
        application=received_case,
        kind=LetterKind.REPLY,
        title="政府信息公开申请答复告知书",
        doc_number="太政办依复〔2025〕1号",
        issued_on=dt.date(2025, 10, 9),
    )
    response = void(as_user(clerk), reply, {"reason": REASON})
    assert response.status_code == 400
    assert "不能单独作废" in str(response.json()["errors"])
    untouched(reply)


def test_the_handler_voids_with_event_and_audit_and_gets_the_case_back(as_user, receipt, clerk):
    response = void(as_user(clerk), receipt, {"reason": f"  {REASON} "})
    assert response.status_code == 200
    (row,) = response.json()["letters"]
    assert row["id"] == receipt.pk and row["voided"] is True and row["void_reason"] == REASON
    receipt.refresh_from_db()
    assert receipt.voided and receipt.voided_by == clerk and receipt.replaced_by is None
    event = CaseEvent.objects.get(kind=EventKind.LETTER_VOIDED)
    assert event.actor == clerk and event.data["doc_number"] == receipt.doc_number
    audit = AuditEvent.objects.get(action="letter.voided")
    assert audit.target == receipt.doc_number


def test_a_letter_is_voided_once(as_user, receipt, clerk):
    voided_at = timezone.now()
    assert void(as_user(clerk), receipt, {"reason": REASON}).status_code == 200
    again = void(as_user(clerk), receipt, {"reason": "再次作废"})
    assert again.status_code == 400
    assert "已于" in str(again.json()["errors"]) and "作废" in str(again.json()["errors"])
    receipt.refresh_from_db()
    assert receipt.void_reason == REASON and receipt.voided_at >= voided_at
    assert CaseEvent.objects.filter(kind=EventKind.LETTER_VOIDED).count() == 1


def test_the_reviewer_of_the_agency_may_void(as_user, receipt, reviewer):
    assert void(as_user(reviewer), receipt, {"reason": REASON}).status_code == 200
    receipt.refresh_from_db()
    assert receipt.voided_by == reviewer


def test_the_endpoint_is_in_the_schema_and_on_the_docs_page(as_user, clerk):
    from gongkai.api.docs import schema

    path = "/api/applications/{id}/letters/{letter_id}/void/"
    operation = schema()["paths"][path]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/VoidLetterInput")
    assert "reason" in schema()["components"]["schemas"]["VoidLetterInput"]["required"]
    html = as_user(clerk).get("/api/docs/").content.decode()
    assert path in html and "作废文书" in html
