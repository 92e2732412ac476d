"""Every API action runs its service: the state moves and a CaseEvent is written."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from gongkai.api import errors
from gongkai.applications import deadlines, services
from gongkai.applications.models import (
    Application,
    CaseEvent,
    EventKind,
    Letter,
    LetterKind,
    Status,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def events(app, kind):
    return CaseEvent.objects.filter(application=app, kind=kind)


@pytest.fixture
def clerk_api(as_user, clerk):
    return as_user(clerk)


@pytest.fixture
def reviewer_api(as_user, reviewer):
    return as_user(reviewer)


def post(client, case, action, body):
    response = client.post(f"/api/applications/{case.pk}/{action}/", body, format="json")
    case.refresh_from_db()
    return response


def test_registration_returns_the_case_and_its_tracking_code(clerk_api, agencies, applicant_data):
    body = {**applicant_data, "agency": "TCBGS", "channel": "in_person", "arrived_on": "2025-09-26"}
    response = clerk_api.post("/api/applications/", body, format="json")
    assert response.status_code == 201
    data = response.json()
    app = Application.objects.get(pk=data["application"]["id"])
    assert data["application"]["number"] == app.number == "TCBGS-2025-00001"
    assert data["application"]["deadline"]["due_on"] == "2025-10-30"
    assert any("国庆" in step for step in data["application"]["deadline"]["explanation"])
    assert services.find_by_tracking(app.number, data["tracking_code"]) == app
    assert events(app, EventKind.REGISTERED).exists()


def test_registration_errors_are_chinese_per_field_and_nothing_is_created(
    clerk_api, agencies, applicant_data
):
    body = {**applicant_data, "agency": "TCBGS", "channel": "in_person", "arrived_on": "2025-09-26"}
    body["phone"] = ""
    response = clerk_api.post("/api/applications/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"errors": {"phone": ["请填写联系电话。"]}}
    assert Application.objects.count() == 0


def test_online_channel_waits_for_confirmation_then_the_clock_starts(
    clerk_api, agencies, applicant_data
):
    body = {**applicant_data, "agency": "TCBGS", "channel": "email", "arrived_on": "2025-09-26"}
    created = clerk_api.post("/api/applications/", body, format="json").json()["application"]
    app = Application.objects.get(pk=created["id"])
    assert app.status == Status.SUBMITTED and app.receipt_date is None
    response = post(clerk_api, app, "confirm-receipt", {"confirmed_on": "2025-09-29"})
    assert response.status_code == 200
    assert response.json()["deadline"]["receipt_date"] == "2025-09-29"
    assert app.status == Status.RECEIVED
    assert events(app, EventKind.RECEIPT_CONFIRMED).exists()


def test_correction_then_its_receipt_restarts_the_clock(clerk_api, received_case):
    body = {"items": "请写明文件的文号", "notice_on": "2025-09-28"}
    assert post(clerk_api, received_case, "correction", body).status_code == 200
    assert received_case.status == Status.CORRECTION
    response = post(clerk_api, received_case, "correction-received", {"received_on": "2025-10-09"})
    assert response.status_code == 200
    assert received_case.clock_start.isoformat() == "2025-10-09"
    assert response.json()["corrections"][0]["received_on"] == "2025-10-09"
    assert events(received_case, EventKind.CORRECTION_REQUESTED).exists()
    assert events(received_case, EventKind.CORRECTION_RECEIVED).exists()


def test_no_correction_in_time_is_deemed_abandoned(clerk_api, received_case):
    post(clerk_api, received_case, "correction", {"items": "请写明文号", "notice_on": "2025-09-28"})
    early = post(clerk_api, received_case, "abandon", {"decided_on": "2025-10-09"})
    assert early.status_code == 400 and "尚未届满" in str(early.json()["errors"])
    response = post(clerk_api, received_case, "abandon", {"decided_on": "2025-11-20"})
    assert response.status_code == 200
    assert received_case.status == Status.CLOSED
    assert received_case.decision == "abandoned_no_correction"
    assert events(received_case, EventKind.ABANDONED).exists()


def test_consultation_and_opinion(clerk_api, received_case, agencies, clerk, applicant_data):
    body = {"kind": "third_party", "party": "太仓某某有限公司", "sent_on": "2025-09-30"}
    response = post(clerk_api, received_case, "consultations", body)
    assert response.status_code == 200 and received_case.status == Status.CONSULTING
    consultation_id = response.json()["consultations"][0]["id"]
    other, _code = services.register(
        clerk, agencies["TCBGS"], applicant_data, "in_person", services.today()
    )
    stranger = post(
        clerk_api,
        other,
        "opinions",
        {"consultation": consultation_id, "opinion": "consent", "answered_on": "2025-10-10"},
    )
    assert stranger.status_code == 400 and "consultation" in stranger.json()["errors"]
    answer = {"consultation": consultation_id, "opinion": "object", "answered_on": "2025-10-10"}
    assert post(clerk_api, received_case, "opinions", answer).status_code == 200
    assert received_case.status == Status.RECEIVED
    assert events(received_case, EventKind.CONSULTATION_STARTED).exists()
    assert events(received_case, EventKind.OPINION_RECORDED).exists()


def test_extension_requested_by_clerk_and_approved_by_reviewer(
    clerk_api, reviewer_api, received_case
):
    too_long = post(clerk_api, received_case, "extension", {"days": 25, "reason": "需要检索档案"})
    assert too_long.status_code == 400 and "days" in too_long.json()["errors"]
    with time_machine.travel(dt.datetime(2025, 10, 9, 9, 0, tzinfo=SHANGHAI)):
        asked = post(clerk_api, received_case, "extension", {"days": 10, "reason": "需要检索档案"})
    assert asked.status_code == 200
    before = received_case.due_on
    response = post(
        reviewer_api,
        received_case,
        "extension-decision",
        {"approve": True, "decided_on": "2025-10-20"},
    )
    assert response.status_code == 200
    assert received_case.extension_days == 10 and received_case.due_on > before
    assert response.json()["extension"]["approved"] is True
    assert events(received_case, EventKind.EXTENSION_APPROVED).exists()


def test_a_second_decision_on_one_extension_is_a_409_and_changes_nothing(
    clerk_api, reviewer_api, received_case
):
    with time_machine.travel(dt.datetime(2025, 10, 9, 9, 0, tzinfo=SHANGHAI)):
        post(clerk_api, received_case, "extension", {"days": 10, "reason": "需要检索档案"})
    approve = {"approve": True, "decided_on": "2025-10-20"}
    assert post(reviewer_api, received_case, "extension-decision", approve).status_code == 200

    refuse = {"approve": False, "decided_on": "2025-10-20"}
    late = post(reviewer_api, received_case, "extension-decision", refuse)

    assert late.status_code == 409
    assert "已由他人审批" in str(late.json()["errors"])
    assert received_case.extension_days == 10
    assert not events(received_case, EventKind.EXTENSION_REFUSED).exists()


def test_the_reviewer_who_asked_cannot_approve_over_the_api(reviewer_api, received_case):
    with time_machine.travel(dt.datetime(2025, 10, 9, 9, 0, tzinfo=SHANGHAI)):
        post(reviewer_api, received_case, "extension", {"days": 10, "reason": "需要检索档案"})

    response = post(
        reviewer_api,
        received_case,
        "extension-decision",
        {"approve": True, "decided_on": "2025-10-20"},
    )

    assert response.status_code == 400
    assert "不能审批自己提出的延期申请" in str(response.json()["errors"])
    assert received_case.extension_days == 0


def test_fee_notice_and_payment(clerk_api, received_case):
    unpaid = post(clerk_api, received_case, "payment", {"paid_on": "2025-10-20"})
    assert unpaid.status_code == 400 and "没有待缴费用" in str(unpaid.json())
    body = {
        "method": "per_page",
        "notice_on": "2025-10-10",
        "notice_received_on": "2025-10-11",
        "pages": 40,
    }
    response = post(clerk_api, received_case, "fee-notice", body)
    assert response.status_code == 200 and received_case.status == Status.FEE
    assert response.json()["fee"]["amount"] == 100
    assert post(clerk_api, received_case, "payment", {"paid_on": "2025-10-20"}).status_code == 200
    assert received_case.status == Status.RECEIVED
    assert events(received_case, EventKind.FEE_NOTICED).exists()
    assert events(received_case, EventKind.FEE_PAID).exists()


def test_withdrawal_closes_the_case(clerk_api, received_case):
    response = post(
        clerk_api, received_case, "withdraw", {"on": "2025-10-08", "note": "申请人来电撤回"}
    )
    assert response.status_code == 200
    assert received_case.status == Status.CLOSED and received_case.decision == "withdrawn"
    assert events(received_case, EventKind.WITHDRAWN).exists()
    again = post(clerk_api, received_case, "withdraw", {"on": "2025-10-08"})
    assert again.status_code == 400 and "已终止" in str(again.json()["errors"])


def test_decision_review_reply_delivery_and_appeal(clerk_api, reviewer_api, received_case):
    partial = {"decision": "partial", "provided_form": "electronic"}
    missing = post(clerk_api, received_case, "decision", partial)
    assert missing.status_code == 400
    assert {"grounds", "reason"} <= set(missing.json()["errors"])
    good = {"decision": "disclose", "provided_form": "electronic"}
    assert post(clerk_api, received_case, "decision", good).status_code == 200
    assert received_case.status == Status.REVIEW
    returned = post(reviewer_api, received_case, "decision-return", {"note": "请补充获取方式"})
    assert returned.status_code == 200 and received_case.status == Status.RECEIVED
    post(clerk_api, received_case, "decision", good)
    approved = post(reviewer_api, received_case, "decision-approve", {"replied_on": "2025-10-28"})
    assert approved.status_code == 200, approved.json()
    assert received_case.status == Status.REPLIED
    letters = approved.json()["letters"]
    reply = next(lt for lt in letters if lt["kind"] == LetterKind.REPLY)
    assert reply["pdf_url"].endswith(f"/letters/{reply['id']}.pdf")
    assert Letter.objects.get(pk=reply["id"]).pdf[:5] == b"%PDF-"
    delivered = post(
        clerk_api,
        received_case,
        "deliveries",
        {"method": "email", "delivered_on": "2025-10-28", "proof": "邮件发送记录"},
    )
    assert delivered.status_code == 200 and delivered.json()["deliveries"][0]["method"] == "email"
    appeal = post(
        clerk_api,
        received_case,
        "appeals",
        {"kind": "review", "body": "太仓市人民政府", "filed_on": "2025-11-20"},
    )
    appeal_id = appeal.json()["appeals"][0]["id"]
    concluded = post(
        clerk_api,
        received_case,
        "appeal-result",
        {"appeal": appeal_id, "result": "maintained", "concluded_on": "2026-01-15"},
    )
    assert concluded.json()["appeals"][0]["result"] == "maintained"
    for kind in (
        EventKind.DECISION_PROPOSED,
        EventKind.DECISION_RETURNED,
        EventKind.DECISION_APPROVED,
        EventKind.LETTER_ISSUED,
        EventKind.DELIVERED,
        EventKind.APPEAL_FILED,
        EventKind.APPEAL_CONCLUDED,
    ):
        assert events(received_case, kind).exists(), kind


def test_case_detail_explains_the_deadline_and_lists_the_history(clerk_api, received_case):
    data = clerk_api.get(f"/api/applications/{received_case.pk}/").json()
    assert data["deadline"]["due_on"] == "2025-10-30"
    assert data["deadline"]["state"] in {"on_track", "due_soon", "overdue"}
    assert any("第三十三条" in step for step in data["deadline"]["explanation"])
    assert [e["kind"] for e in data["events"]][:2] == ["registered", "receipt_confirmed"]
    assert data["events"][0]["actor"] == "clerk"


def test_list_filters(clerk_api, received_case, agencies, clerk, applicant_data):
    services.register(clerk, agencies["TCBGS"], applicant_data, "email", services.today())
    assert clerk_api.get("/api/applications/").json()["count"] == 2
    only = clerk_api.get("/api/applications/", {"status": "received"}).json()
    assert [r["id"] for r in only["results"]] == [received_case.pk]
    assert clerk_api.get("/api/applications/", {"year": "2025"}).json()["count"] == 1
    assert clerk_api.get("/api/applications/", {"agency": "TCBGS"}).json()["count"] == 2
    assert clerk_api.get("/api/applications/", {"agency": "CS"}).json()["count"] == 0
    assert clerk_api.get("/api/applications/", {"due_state": "overdue"}).json()["count"] == 1
    bad = clerk_api.get("/api/applications/", {"status": "nope", "year": "20x5"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"status", "year"}


def test_conflicts_are_409_and_other_case_errors_400():
    conflict = errors.handle(services.ConflictError("案件已被他人处理，请刷新页面后重试。"), {})
    assert conflict.status_code == 409
    assert conflict.data == {
        "errors": {"non_field_errors": ["案件已被他人处理，请刷新页面后重试。"]}
    }
    field = errors.handle(ValidationError({"items": ["请写明需要补正的事项。"]}), {})
    assert field.status_code == 400 and field.data == {
        "errors": {"items": ["请写明需要补正的事项。"]}
    }


def test_case_detail_shows_a_paused_clock_as_the_office_does(clerk_api, clerk, received_case):
    notice_on = dt.date(2025, 9, 29)
    services.request_correction(clerk, received_case, "请写明所需文件的文号", notice_on)
    received_case.refresh_from_db()

    data = clerk_api.get(f"/api/applications/{received_case.pk}/").json()

    clock = data["clock"]
    assert clock["state"] == "paused" and clock["paused"] is True
    assert clock["state_label"] == "已暂停"
    assert clock["since"] == "2025-09-29" and clock["basis"] == "条例第三十条"
    assert "重新计算20个工作日" in clock["resumes"]
    assert clock["awaited_label"] == "补正期限"
    assert clock["awaited_by"] == received_case.corrections.get().deadline.isoformat()
    # The deadline block agrees: no date counted from the original receipt.
    assert clock["due_on"] is None and data["deadline"]["due_on"] is None
    assert data["deadline"]["explanation"] == clock["explanation"]
    assert not any("2025-10-30" in line for line in clock["explanation"])
    assert data["clock_warnings"] == deadlines.clock_warnings(received_case)
    assert not any("已超过答复期限" in w for w in data["clock_warnings"])  # no overdue while paused
