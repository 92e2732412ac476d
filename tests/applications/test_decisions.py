"""The decision (条例第三十六—三十九条): drafted by a clerk with what its type
requires, approved by another person who is a reviewer, replied with a letter,
and counted in its one report row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.applications import reporting, services
from gongkai.applications.decisions import DECISIONS, REPLY_DECISIONS, Decision, Ground
from gongkai.applications.models import EventKind, LetterKind, Status

D = dt.date


def required(decision: Decision) -> dict:
    spec = DECISIONS[decision]
    args: dict = {"reason": "经检索和审查，依照《政府信息公开条例》相关规定答复。"}
    if spec.needs_grounds:
        args["grounds"] = [Ground.THIRD_PARTY]
    if decision == Decision.NOT_OUR_INFO:
        args["responsible_organ"] = "太仓市自然资源和规划局（0512-53111111）"
    if decision in (Decision.DISCLOSE, Decision.PARTIAL):
        args["provided_form"] = "electronic"
    return args


@pytest.mark.slow
@pytest.mark.parametrize("decision", REPLY_DECISIONS, ids=str)
def test_every_decision_type_can_be_proposed_approved_replied_and_counted(
    received_case, clerk, reviewer, decision
):
    services.propose_decision(clerk, received_case, decision, **required(decision))
    received_case.refresh_from_db()
    assert received_case.status == Status.REVIEW

    services.approve_decision(reviewer, received_case, D(2025, 10, 24))
    received_case.refresh_from_db()

    assert received_case.status == Status.REPLIED
    assert received_case.concluded_on == D(2025, 10, 24)
    assert received_case.approved_by == reviewer
    letter = received_case.letters.get(kind=LetterKind.REPLY)
    assert bytes(letter.pdf).startswith(b"%PDF")
    assert bytes(letter.docx).startswith(b"PK")
    kinds = list(received_case.events.values_list("kind", flat=True))
    assert kinds[-3:] == [
        EventKind.DECISION_PROPOSED,
        EventKind.DECISION_APPROVED,
        EventKind.LETTER_ISSUED,
    ]
    table = reporting.count_requests([received_case.agency], 2025)
    assert table.value(DECISIONS[decision].row_2021, "natural_person") == 1
    assert table.value("r_total") == 1


def refused(app, clerk, decision, field, **args):
    with pytest.raises(services.CaseError) as exc:
        services.propose_decision(clerk, app, decision, **args)
    app.refresh_from_db()
    assert app.status == Status.RECEIVED
    assert not app.events.filter(kind=EventKind.DECISION_PROPOSED).exists()
    assert field in exc.value.message_dict
    return exc.value.message_dict[field][0]


def test_partial_disclosure_needs_the_grounds_of_the_withheld_part(received_case, clerk):
    msg = refused(
        received_case,
        clerk,
        "partial",
        "grounds",
        reason="部分内容涉及个人隐私",
        provided_form="electronic",
    )
    assert "第三十七条" in msg


def test_a_denial_needs_a_reason(received_case, clerk):
    assert "理由" in refused(received_case, clerk, "deny_process_info", "reason", reason="无")


def test_not_our_information_names_the_responsible_organ(received_case, clerk):
    msg = refused(received_case, clerk, "not_our_info", "responsible_organ", reason="非本机关制作")
    assert "第三十六条第（五）项" in msg


def test_disclosure_in_another_form_than_asked_needs_a_reason(received_case, clerk):
    msg = refused(received_case, clerk, "disclose", "provided_form_reason", provided_form="paper")
    assert "第四十条" in msg


def test_abandonment_and_withdrawal_are_not_decisions_to_draft(received_case, clerk):
    for decision in ("abandoned_no_fee", "withdrawn", "no_such_type"):
        refused(received_case, clerk, decision, "decision")


def test_a_denial_cites_exactly_its_own_ground(received_case, clerk):
    services.propose_decision(
        clerk,
        received_case,
        "deny_internal_affairs",
        "属于人事管理内部事务",
        grounds=["state_secret"],
    )
    received_case.refresh_from_db()

    assert received_case.decision_grounds == [Ground.INTERNAL_AFFAIRS]


def test_a_clerk_cannot_approve_and_a_reviewer_of_another_agency_neither(
    received_case, clerk, other_clerk, supervisor
):
    services.propose_decision(clerk, received_case, "not_exist", "经检索未找到")

    for outsider in (clerk, other_clerk, supervisor):
        with pytest.raises(PermissionDenied):
            services.approve_decision(outsider, received_case, D(2025, 10, 24))
    received_case.refresh_from_db()
    assert received_case.status == Status.REVIEW


def test_a_returned_draft_goes_back_to_the_clerk_with_the_note(received_case, clerk, reviewer):
    services.propose_decision(clerk, received_case, "not_exist", "经检索未找到")
    services.return_decision(reviewer, received_case, "请补充检索范围和检索方式")
    received_case.refresh_from_db()

    assert received_case.status == Status.RECEIVED
    event = received_case.events.get(kind=EventKind.DECISION_RETURNED)
    assert event.note == "请补充检索范围和检索方式"
    assert event.actor == reviewer
    services.propose_decision(clerk, received_case, "not_exist", "经档案室和业务科室检索未找到")


def test_returning_without_a_note_is_refused(received_case, clerk, reviewer):
    services.propose_decision(clerk, received_case, "not_exist", "经检索未找到")

    with pytest.raises(services.CaseError):
        services.return_decision(reviewer, received_case, " ")
