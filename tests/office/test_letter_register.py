"""The 文号 register: every number an agency took in a year, issued or 作废, with gaps shown."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.letters.register import letter_register
from gongkai.applications.models import Letter
from gongkai.core.models import AuditEvent

RECEIVED = dt.date(2025, 9, 26)
URL = reverse("office:letter_register")
EXPORT = reverse("office:letter_register_export")

pytestmark = pytest.mark.django_db


@pytest.fixture
def reissued(received_case, clerk):
    """A receipt issued, then re-issued with a formula-like reason: No. 1 void, No. 2 in force."""
    first = services.issue_letter(clerk, received_case, "receipt", RECEIVED)
    second = services.issue_letter(
        clerk, received_case, "receipt", RECEIVED, reason='=HYPERLINK("x") 姓名录入有误'
    )
    first.refresh_from_db()
    return first, second


def _params(agencies, **more):
    return {"agency": agencies["TCBGS"].pk, "year": 2025, **more}


def test_anonymous_is_sent_to_login(client, agencies, reissued):
    response = client.get(URL, _params(agencies))
    assert response.status_code == 302 and "login" in response["Location"]


def test_another_agencys_clerk_is_refused(client, agencies, reissued, other_clerk):
    client.force_login(other_clerk)
    response = client.get(URL, _params(agencies))
    assert response.status_code == 403
    assert reissued[0].doc_number not in response.content.decode()
    assert client.get(EXPORT, _params(agencies)).status_code == 403
    with pytest.raises(PermissionDenied):
        letter_register(other_clerk, agencies["TCBGS"], 2025)


def test_the_service_refuses_an_applicant_without_a_role(agencies, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", "n@example.com", "pw-for-tests-1")
    with pytest.raises(PermissionDenied):
        letter_register(nobody, agencies["TCBGS"], 2025)


def test_the_clerk_sees_the_own_agencys_numbers_without_applicant_names(
    client, agencies, reissued, clerk
):
    client.force_login(clerk)
    html = client.get(URL, _params(agencies)).content.decode()
    first, second = reissued
    assert first.doc_number in html and second.doc_number in html
    assert "已编号 2 件，其中作废 1 件" in html and "无缺号" in html
    assert "张明" not in html  # the applicant is never named in the register


def test_a_supervisor_sees_an_agency_of_the_subtree(client, agencies, reissued, supervisor):
    client.force_login(supervisor)
    response = client.get(URL, _params(agencies))
    assert response.status_code == 200
    assert reissued[1].doc_number in response.content.decode()


def test_a_voided_letter_shows_reason_and_replacement(agencies, reissued, clerk):
    first, second = reissued
    register = letter_register(clerk, agencies["TCBGS"], 2025, state="voided")
    assert [r.doc_number for r in register.rows] == [first.doc_number]
    row = register.rows[0]
    assert row.voided and row.voided_by == "clerk"
    assert row.void_reason == first.void_reason and row.replaced_by == second.doc_number
    in_force = letter_register(clerk, agencies["TCBGS"], 2025, state="issued")
    assert [r.doc_number for r in in_force.rows] == [second.doc_number]
    assert in_force.issued == 2 and in_force.voided == 1  # the summary ignores the filter


def test_a_missing_number_is_reported_as_a_gap(client, agencies, received_case, clerk):
    for reason in ("", "地址有误", "日期有误"):
        services.issue_letter(clerk, received_case, "receipt", RECEIVED, reason=reason)
    Letter.objects.get(seq=2, kind="receipt").delete()
    register = letter_register(clerk, agencies["TCBGS"], 2025)
    assert [(g.kind, g.missing) for g in register.gaps] == [("receipt", [2])]
    client.force_login(clerk)
    html = client.get(URL, _params(agencies)).content.decode()
    assert "缺号：" in html and "无缺号" not in html


def test_the_export_reads_back_and_keeps_formula_like_text_a_string(
    client, agencies, reissued, clerk
):
    first, second = reissued
    client.force_login(clerk)
    response = client.get(EXPORT, _params(agencies))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][2] == "文号" and len(rows) == 3
    voided = next(r for r in rows[1:] if r[2] == first.doc_number)
    assert voided[6] == "已作废" and voided[10] == second.doc_number
    assert voided[9] == '=HYPERLINK("x") 姓名录入有误'
    cell = next(c for c in book.active.iter_rows(min_row=2) if c[2].value == first.doc_number)[9]
    assert cell.data_type == "s"
    event = AuditEvent.objects.get(action="letters.register_exported")
    assert event.actor == clerk and event.detail["rows"] == 2


def test_the_office_home_links_to_the_register(client, agencies, clerk):
    client.force_login(clerk)
    assert URL in client.get(reverse("office:home")).content.decode()


def test_every_filter_control_has_a_label(client, agencies, clerk):
    client.force_login(clerk)
    html = client.get(URL).content.decode()
    for name in ("agency", "year", "kind", "state"):
        assert f'<label for="id_{name}"' in html and f'id="id_{name}"' in html


def test_a_bad_year_is_named_in_chinese(client, agencies, clerk):
    client.force_login(clerk)
    response = client.get(URL, {"agency": agencies["TCBGS"].pk, "year": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "年度须从列表中选择" in html
