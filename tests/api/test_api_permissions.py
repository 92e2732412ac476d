"""Who may call what: the permission matrix of every endpoint."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.applications.models import CaseEvent, Letter, LetterKind

ACTIONS = [
    "confirm-receipt",
    "correction",
    "correction-received",
    "consultations",
    "opinions",
    "extension",
    "extension-decision",
    "fee-notice",
    "payment",
    "abandon",
    "withdraw",
    "decision",
    "decision-return",
    "decision-approve",
    "deliveries",
    "appeals",
    "appeal-result",
]
APPROVER_ONLY = {"extension-decision", "decision-return", "decision-approve"}


@pytest.fixture
def letter(received_case):
    return Letter.objects.create(
        application=received_case,
        kind=LetterKind.RECEIPT,
        title="受理回执",
        doc_number="太政办收〔2025〕1号",
        issued_on=timezone.localdate(),
        docx=b"PK\x03\x04docx",
        pdf=b"%PDF-1.7 receipt",
    )


def test_anonymous_is_refused_everywhere_but_public_endpoints(api, received_case, case_url):
    for url in ["/api/applications/", case_url, "/api/agencies/", "/api/stats/"]:
        response = api.get(url)
        assert response.status_code in (401, 403), url
        assert "身份认证信息未提供" in response.json()["detail"]
    for action in ACTIONS:
        assert api.post(f"{case_url}{action}/", {}).status_code in (401, 403)


def test_user_without_any_role_is_refused(as_user, received_case, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="pw-for-tests-1")
    response = as_user(nobody).get("/api/applications/")
    assert response.status_code == 403
    assert "仅限政府信息公开工作人员" in response.json()["detail"]


def test_other_agency_cannot_see_the_case_at_all(as_user, other_clerk, received_case, case_url):
    client = as_user(other_clerk)
    assert client.get("/api/applications/").json()["count"] == 0
    assert client.get(case_url).status_code == 404
    for action in ACTIONS:
        assert client.post(f"{case_url}{action}/", {}).status_code == 404, action
    assert not CaseEvent.objects.filter(actor=other_clerk).exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_supervisor_is_read_only(as_user, supervisor, received_case, case_url, action):
    client = as_user(supervisor)
    assert client.get(case_url).status_code == 200
    response = client.post(f"{case_url}{action}/", {})
    assert response.status_code == 403
    assert "只有受理机关" in response.json()["detail"]
    assert not CaseEvent.objects.filter(actor=supervisor).exists()


@pytest.mark.parametrize("action", sorted(APPROVER_ONLY))
def test_clerk_cannot_approve(as_user, clerk, received_case, case_url, action):
    response = as_user(clerk).post(f"{case_url}{action}/", {})
    assert response.status_code == 403
    assert "审核人" in response.json()["detail"]


@pytest.mark.parametrize("action", sorted(APPROVER_ONLY))
def test_reviewer_passes_the_approval_gate(as_user, reviewer, received_case, case_url, action):
    # empty body: past the permission check, stopped by input validation
    response = as_user(reviewer).post(f"{case_url}{action}/", {})
    assert response.status_code == 400
    assert "errors" in response.json()


def test_clerk_passes_the_handling_gate_and_gets_chinese_field_errors(as_user, clerk, case_url):
    response = as_user(clerk).post(f"{case_url}correction/", {"items": "", "notice_on": "x"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"items", "notice_on"}
    assert all(
        any("\u4e00" <= ch <= "\u9fff" for ch in m) for msgs in errors.values() for m in msgs
    )


def test_supervisor_sees_personal_data_masked(as_user, supervisor, received_case, case_url):
    client = as_user(supervisor)
    row = client.get("/api/applications/").json()["results"][0]
    assert row["personal_data_masked"] is True
    assert row["id_number"] == "3205**********1026"
    assert row["phone"] == "138****5678"
    assert row["applicant_name"] == "张*"
    detail = client.get(case_url).json()
    assert detail["address"].endswith("****") and received_case.address not in str(detail)
    assert detail["email"] == "z***@example.com"
    assert detail["allowed"] == {"handle": False, "approve": False, "personal_data": False}


def test_admin_above_the_agency_also_sees_masked_data(as_user, admin_user, received_case, case_url):
    detail = as_user(admin_user).get(case_url).json()
    assert detail["personal_data_masked"] is True
    assert received_case.id_number not in str(detail)


def test_handling_clerk_sees_personal_data_in_full(as_user, clerk, received_case, case_url):
    detail = as_user(clerk).get(case_url).json()
    assert detail["personal_data_masked"] is False
    assert detail["id_number"] == received_case.id_number
    assert detail["phone"] == received_case.phone
    assert detail["allowed"] == {"handle": True, "approve": False, "personal_data": True}


def test_submitting_address_is_hidden_from_supervisors(
    as_user, supervisor, clerk, agencies, applicant_data
):
    from gongkai.applications import services

    app, _code = services.submit_online(agencies["TCBGS"], applicant_data, "203.0.113.9")
    url = f"/api/applications/{app.pk}/"
    assert "203.0.113.9" not in str(as_user(supervisor).get(url).json()["events"])
    assert "203.0.113.9" in str(as_user(clerk).get(url).json()["events"])


def test_letters_download_only_for_the_handling_agency(
    api, as_user, clerk, supervisor, other_clerk, letter, case_url
):
    url = f"{case_url}letters/{letter.pk}.pdf"
    assert api.get(url).status_code in (401, 403)
    assert as_user(other_clerk).get(url).status_code == 404
    refused = as_user(supervisor).get(url)
    assert refused.status_code == 403 and "个人信息" in refused.json()["detail"]
    ok = as_user(clerk).get(url)
    assert ok.status_code == 200 and ok.content == b"%PDF-1.7 receipt"
    assert ok["Content-Disposition"].startswith("attachment;")
    docx = as_user(clerk).get(f"{case_url}letters/{letter.pk}.docx")
    assert docx.content == b"PK\x03\x04docx"


def test_letter_of_another_case_is_not_served_under_this_case(
    as_user, clerk, agencies, applicant_data, letter
):
    from gongkai.applications import services

    other, _code = services.register(
        clerk, agencies["TCBGS"], applicant_data, "in_person", timezone.localdate()
    )
    assert (
        as_user(clerk).get(f"/api/applications/{other.pk}/letters/{letter.pk}.pdf").status_code
        == 404
    )


def test_registration_needs_a_handling_role_in_that_agency(
    as_user, supervisor, other_clerk, clerk, agencies, applicant_data
):
    body = {**applicant_data, "agency": "TCBGS", "channel": "in_person", "arrived_on": "2025-09-26"}
    assert as_user(supervisor).post("/api/applications/", body).status_code == 403
    assert as_user(other_clerk).post("/api/applications/", body).status_code == 403
    created = as_user(clerk).post("/api/applications/", body)
    assert created.status_code == 201


def test_agencies_lists_only_the_visible_tree(as_user, clerk, supervisor, admin_user):
    assert [a["code"] for a in as_user(clerk).get("/api/agencies/").json()] == ["TCBGS"]
    codes = [a["code"] for a in as_user(admin_user).get("/api/agencies/").json()]
    assert codes == ["TC", "TCBGS", "TCGQ"]
    everything = as_user(supervisor).get("/api/agencies/").json()
    assert len(everything) == 6 and everything[0]["code"] == "SZ"
    assert everything[0]["roles"] == ["supervisor"]


def test_stats_cover_only_visible_agencies(as_user, clerk, other_clerk, supervisor, received_case):
    mine = as_user(clerk).get("/api/stats/").json()
    assert [row["agency"]["code"] for row in mine["agencies"]] == ["TCBGS"]
    assert mine["totals"]["total"] == 1
    theirs = as_user(other_clerk).get("/api/stats/").json()
    assert theirs["totals"]["total"] == 0
    whole = as_user(supervisor).get("/api/stats/").json()
    assert len(whole["agencies"]) == 6 and whole["totals"]["by_status"] == {"received": 1}
