"""The ladder for every staff action on the case page:

anonymous → login page; wrong role → 403; another agency's clerk → 403;
bad input → the form again with the Chinese error and nothing changed;
success → the state moved, a CaseEvent written (and the mail the service sends).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse

from gongkai.applications.models import Application, CaseEvent, EventKind, Status

D = dt.date


@dataclass
class Step:
    action: str
    case: str  # fixture giving a case in which the action is offered
    valid: Callable[[Application], dict[str, Any]]
    invalid: dict[str, Any] | Callable[[], dict[str, Any]]
    error: str  # the Chinese message the bad input produces
    event: str
    done: Callable[[Application], bool]
    actor: str = "clerk"
    wrong_role: str = "supervisor"  # sees the case, may not do this
    mails: bool = False
    preview: bool = False  # the first POST only shows the computed figures


def _png() -> SimpleUploadedFile:
    return SimpleUploadedFile("身份证.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)


def _not_an_image() -> dict[str, Any]:
    return {"kind": "identity", "file": SimpleUploadedFile("身份证.png", b"just some text")}


def _pending_consultation(app: Application) -> int:
    return app.consultations.get().pk


def _reply_letter(app: Application) -> int:
    return app.letters.get(kind="reply").pk


def _pending_appeal(app: Application) -> int:
    return app.appeals.get().pk


STEPS = [
    Step(
        "confirm",
        "submitted_case",
        lambda a: {"confirmed_on": a.arrived_on},
        {"confirmed_on": "2020-01-01"},
        "日期不能早于",
        EventKind.RECEIPT_CONFIRMED,
        lambda a: a.status == Status.RECEIVED and a.due_on is not None,
        mails=True,
    ),
    Step(
        "correction",
        "received_case",
        lambda a: {"items": "请写明所需文件的文号", "notice_on": "2025-09-29"},
        {"items": "请写明所需文件的文号", "notice_on": "2025-09-01"},
        "日期不能早于 2025-09-26",
        EventKind.CORRECTION_REQUESTED,
        lambda a: a.status == Status.CORRECTION and a.corrections.count() == 1,
        mails=True,
    ),
    Step(
        "receive_correction",
        "correction_case",
        lambda a: {"received_on": "2025-10-09", "content": "文号为太政复〔2025〕12号"},
        {"received_on": "2025-09-27"},
        "日期不能早于 2025-09-28",
        EventKind.CORRECTION_RECEIVED,
        lambda a: a.status == Status.RECEIVED and a.clock_start == D(2025, 10, 9),
    ),
    Step(
        "consult",
        "received_case",
        lambda a: {"kind": "third_party", "party": "太仓某建设有限公司", "sent_on": "2025-10-09"},
        {"kind": "third_party", "party": "太仓某建设有限公司", "sent_on": "2025-09-01"},
        "日期不能早于 2025-09-26",
        EventKind.CONSULTATION_STARTED,
        lambda a: a.status == Status.CONSULTING and a.consultations.count() == 1,
    ),
    Step(
        "opinion",
        "consulting_case",
        lambda a: {
            "consultation": _pending_consultation(a),
            "opinion": "consent",
            "answered_on": "2025-10-20",
        },
        {"opinion": "consent"},
        "请填写答复日期",
        EventKind.OPINION_RECORDED,
        lambda a: a.status == Status.RECEIVED and a.consultations.get().opinion == "consent",
    ),
    Step(
        "extension",
        "received_case",
        lambda a: {"days": "10", "reason": "需要调取档案室存档材料"},
        {"days": "25", "reason": "需要调取档案室存档材料"},
        "20",
        EventKind.EXTENSION_REQUESTED,
        lambda a: hasattr(a, "extension") and a.extension.approved is None,
        mails=True,  # the reviewers are told
    ),
    Step(
        "decide_extension",
        "extension_case",
        lambda a: {"approve": "1", "decided_on": "2025-10-20"},
        {"approve": "1", "decided_on": "2025-11-20"},
        "不能再批准延期",
        EventKind.EXTENSION_APPROVED,
        lambda a: a.extension_days == 15 and a.due_on > D(2025, 10, 30),
        actor="reviewer",
        wrong_role="clerk",
        mails=True,
    ),
    Step(
        "fee",
        "received_case",
        lambda a: {
            "method": "per_page",
            "pages": "120",
            "notice_on": "2025-10-09",
            "notice_received_on": "2025-10-10",
        },
        {
            "method": "per_page",
            "pages": "120",
            "notice_on": "2025-10-09",
            "notice_received_on": "2025-10-08",
        },
        "收到通知日期不能早于通知日期",
        EventKind.FEE_NOTICED,
        lambda a: a.status == Status.FEE and a.fee.amount == 1100,
        mails=True,
        preview=True,
    ),
    Step(
        "upload",
        "received_case",
        lambda a: {"kind": "identity", "file": _png()},
        _not_an_image,
        "不支持的文件类型",
        EventKind.ATTACHMENT_ADDED,
        lambda a: a.attachments.count() == 1,
    ),
    Step(
        "payment",
        "fee_case",
        lambda a: {"paid_on": "2025-10-15", "receipt_no": "NO.0001"},
        {"paid_on": "2025-10-01"},
        "日期不能早于 2025-10-09",
        EventKind.FEE_PAID,
        lambda a: a.status == Status.RECEIVED and a.fee.paid_on == D(2025, 10, 15),
    ),
    Step(
        "propose",
        "received_case",
        lambda a: {"decision": "disclose", "provided_form": "electronic"},
        {"decision": "partial", "provided_form": "electronic", "reason": "涉及第三方商业秘密"},
        "部分公开须说明不予公开部分的理由和依据",
        EventKind.DECISION_PROPOSED,
        lambda a: a.status == Status.REVIEW and a.decision == "disclose",
    ),
    Step(
        "approve",
        "review_case",
        lambda a: {"replied_on": "2025-10-20"},
        {"replied_on": "2025-09-01"},
        "日期不能早于 2025-09-26",
        EventKind.DECISION_APPROVED,
        lambda a: a.status == Status.REPLIED and a.letters.filter(kind="reply").exists(),
        actor="reviewer",
        wrong_role="clerk",
        mails=True,
        preview=True,  # the draft 答复告知书 is read before approval
    ),
    Step(
        "return",
        "review_case",
        lambda a: {"note": "请补充不予公开部分的理由"},
        {"note": ""},
        "请填写「退回理由」",
        EventKind.DECISION_RETURNED,
        lambda a: a.status == Status.RECEIVED,
        actor="reviewer",
        wrong_role="clerk",
    ),
    Step(
        "deliver",
        "replied_case",
        lambda a: {
            "letter_id": _reply_letter(a),
            "method": "post",
            "delivered_on": "2025-10-22",
            "proof": "挂号信 XA123456789CN",
        },
        {"method": "post", "delivered_on": "2025-10-22"},
        "邮寄、电子邮件、传真送达请填写凭证",
        EventKind.DELIVERED,
        lambda a: a.deliveries.count() == 1,
    ),
    Step(
        "letter",
        "received_case",
        lambda a: {"kind": "receipt", "issued_on": "2025-09-26"},
        {"kind": "fee", "issued_on": "2025-09-26"},
        "「文书类型」的选项无效",
        EventKind.LETTER_ISSUED,
        lambda a: a.letters.filter(kind="receipt").count() == 1,
        preview=True,  # the draft is shown before a number is taken
    ),
    Step(
        "appeal",
        "replied_case",
        lambda a: {"kind": "review", "body": "太仓市人民政府", "filed_on": "2025-11-03"},
        {"kind": "lit_after", "body": "太仓市人民法院", "filed_on": "2025-11-03"},
        "复议后起诉须关联本案的行政复议",
        EventKind.APPEAL_FILED,
        lambda a: a.appeals.count() == 1,
    ),
    Step(
        "conclude_appeal",
        "appealed_case",
        lambda a: {
            "appeal": _pending_appeal(a),
            "result": "maintained",
            "concluded_on": "2025-12-20",
        },
        {"result": "maintained", "concluded_on": "2025-11-01"},
        "日期不能早于 2025-11-03",
        EventKind.APPEAL_CONCLUDED,
        lambda a: a.appeals.get().result == "maintained",
    ),
    Step(
        "abandon",
        "correction_case",
        lambda a: {"decided_on": "2025-11-20"},
        {"decided_on": "2025-10-10"},
        "尚未届满",
        EventKind.ABANDONED,
        lambda a: a.status == Status.CLOSED and a.decision == "abandoned_no_correction",
    ),
    Step(
        "withdraw",
        "received_case",
        lambda a: {"on": "2025-10-10", "note": "申请人书面撤回"},
        {"on": "2099-01-01"},
        "日期不能晚于今天",
        EventKind.WITHDRAWN,
        lambda a: a.status == Status.CLOSED and a.decision == "withdrawn",
    ),
]
STEP_IDS = [s.action for s in STEPS]


def _post(client, app: Application, step: Step, data: dict[str, Any]):
    url = reverse("office:case_action", args=[app.pk, step.action])
    body = {f"{step.action}-{k}": v for k, v in data.items()}
    # Bad inputs that name the case's own records still need them (e.g. which consultation).
    if step.action == "opinion" and "consultation" not in data:
        body["opinion-consultation"] = _pending_consultation(app)
    if step.action == "deliver" and "letter_id" not in data:
        body["deliver-letter_id"] = _reply_letter(app)
    if step.action == "conclude_appeal" and "appeal" not in data:
        body["conclude_appeal-appeal"] = _pending_appeal(app)
    return client.post(url, body)


def _confirm(client, app: Application, step: Step, data: dict[str, Any], key: str):
    url = reverse("office:case_action", args=[app.pk, step.action])
    body = {f"{step.action}-{k}": v for k, v in data.items()}
    return client.post(url, {**body, "preview_key": key})


def _snapshot(app: Application) -> tuple[dict[str, Any], int, int, int]:
    fresh = Application.objects.get(pk=app.pk)
    return (
        model_to_dict(fresh),
        CaseEvent.objects.filter(application=app).count(),
        fresh.letters.count(),
        fresh.attachments.count(),
    )


@pytest.fixture
def case_for(request, reviewer):
    def get(step: Step) -> Application:
        return request.getfixturevalue(step.case)

    return get


@pytest.mark.parametrize("step", STEPS, ids=STEP_IDS)
def test_anonymous_is_sent_to_login_and_nothing_changes(client, case_for, step):
    app = case_for(step)
    before = _snapshot(app)
    response = _post(client, app, step, step.valid(app))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert _snapshot(app) == before


@pytest.mark.parametrize("step", STEPS, ids=STEP_IDS)
def test_wrong_role_is_refused_with_403(client, case_for, step, request):
    app = case_for(step)
    client.force_login(request.getfixturevalue(step.wrong_role))
    before = _snapshot(app)
    response = _post(client, app, step, step.valid(app))
    assert response.status_code == 403
    assert "无权访问" in response.content.decode()
    assert _snapshot(app) == before


@pytest.mark.parametrize("step", STEPS, ids=STEP_IDS)
def test_another_agencys_clerk_is_refused_and_nothing_changes(client, case_for, step, other_clerk):
    app = case_for(step)
    client.force_login(other_clerk)
    before = _snapshot(app)
    response = _post(client, app, step, step.valid(app))
    assert response.status_code == 403
    assert _snapshot(app) == before


@pytest.mark.parametrize("step", STEPS, ids=STEP_IDS)
def test_bad_input_shows_the_chinese_error_and_changes_nothing(client, case_for, step, request):
    app = case_for(step)
    client.force_login(request.getfixturevalue(step.actor))
    before = _snapshot(app)
    mail.outbox.clear()
    invalid = step.invalid() if callable(step.invalid) else step.invalid
    response = _post(client, app, step, invalid)
    assert response.status_code == 400
    assert step.error in response.content.decode()
    assert _snapshot(app) == before
    assert mail.outbox == []


@pytest.mark.parametrize("step", STEPS, ids=STEP_IDS)
def test_success_moves_the_case_and_records_the_event(
    client, case_for, step, request, django_capture_on_commit_callbacks
):
    app = case_for(step)
    actor = request.getfixturevalue(step.actor)
    client.force_login(actor)
    mail.outbox.clear()
    data = step.valid(app)
    if step.preview:
        shown = _post(client, app, step, data)
        assert shown.status_code == 200 and "确认" in shown.content.decode()
        data = {**data, "confirm": "1"}
        key = shown.context["preview_key"]
    with django_capture_on_commit_callbacks(execute=True):
        response = (
            _post(client, app, step, data)
            if not step.preview
            else _confirm(client, app, step, data, key)
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith(reverse("office:case", args=[app.pk]))
    app.refresh_from_db()
    assert step.done(app)
    event = CaseEvent.objects.filter(application=app, kind=step.event).latest("pk")
    assert event.actor == actor
    assert bool(mail.outbox) == step.mails
