"""The API's case detail marks a letter voided without a replacement (services.void_letter)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications import services

pytestmark = pytest.mark.django_db


def test_the_detail_marks_a_voided_letter(as_user, clerk, received_case):
    letter = services.issue_letter(clerk, received_case, "receipt", dt.date(2025, 9, 26))
    services.void_letter(letter, clerk, "误向申请人出具")
    (row,) = as_user(clerk).get(f"/api/applications/{received_case.pk}/").json()["letters"]
    assert row["doc_number"] == letter.doc_number and row["voided"] is True
    assert row["void_reason"] == "误向申请人出具" and row["voided_at"]
