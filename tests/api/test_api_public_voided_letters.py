"""The public API follows the tracking page: a voided letter is listed as void (with the
day and its replacement) and not downloadable (410 with a Chinese explanation)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.applications import services

pytestmark = pytest.mark.django_db

TRACK = "/api/public/track/"
LETTER = "/api/public/track/letters/"


@pytest.fixture
def reissued(agencies, applicant_data, clerk):
    app, code = services.submit_online(agencies["TCBGS"], applicant_data)
    services.confirm_receipt(clerk, app, services.today())
    old = services.issue_letter(clerk, app, "receipt", services.today())
    new = services.issue_letter(clerk, app, "receipt", services.today(), reason="收到日期有误")
    return app, code, old, new


def test_tracking_lists_the_voided_letter_with_day_and_replacement(api, reissued):
    app, code, old, new = reissued
    data = api.post(TRACK, {"number": app.number, "code": code}, format="json").json()
    rows = {row["doc_number"]: row for row in data["letters"]}
    assert rows[old.doc_number]["voided"] is True
    assert rows[old.doc_number]["voided_on"] == timezone.localdate().isoformat()
    assert rows[old.doc_number]["replaced_by"] == new.doc_number
    assert rows[old.doc_number]["downloadable"] is False
    assert rows[new.doc_number]["voided"] is False and rows[new.doc_number]["downloadable"]
    assert rows[new.doc_number]["voided_on"] is None and rows[new.doc_number]["replaced_by"] == ""


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_voided_letter_is_gone_with_the_reason_in_chinese(api, reissued, fmt):
    app, code, old, new = reissued
    body = {"number": app.number, "code": code, "letter_id": old.pk, "format": fmt}
    response = api.post(LETTER, body, format="json")
    assert response.status_code == 410
    detail = response.json()["detail"]
    assert old.doc_number in detail and "作废" in detail and new.doc_number in detail


def test_the_replacement_is_still_served(api, reissued):
    app, code, _old, new = reissued
    body = {"number": app.number, "code": code, "letter_id": new.pk, "format": "pdf"}
    assert api.post(LETTER, body, format="json").status_code == 200


def test_a_download_with_number_and_code_is_audited_like_the_portal(api, reissued):
    from gongkai.core.models import AuditEvent

    app, code, _old, new = reissued
    body = {"number": app.number, "code": code, "letter_id": new.pk, "format": "docx"}
    assert api.post(LETTER, body, format="json").status_code == 200
    (event,) = AuditEvent.objects.filter(action="personal_data.downloaded")
    assert event.actor is None and event.target == app.number
    assert event.detail["file"] == "letter" and event.detail["id"] == new.pk
    assert event.detail["channel"] == "public_api"
