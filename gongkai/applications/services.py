"""Every business step of a case: the only code that changes an Application.

Each verb checks permission, checks ALLOWED, updates with compare-and-set,
recomputes the stored deadline when the clock's facts changed, writes a
CaseEvent, and queues mail with transaction.on_commit. Views, the API and
commands all call these functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.core import workflow
from gongkai.core.workcalendar import get_calendar

from . import deadlines, events, notifications
from . import preconditions as pre
from .decisions import DECISIONS, Decision, Ground
from .intake import clean_applicant
from .models import (
    ALLOWED,
    NEEDS_CONFIRMATION,
    OPEN_STATUSES,
    Appeal,
    AppealKind,
    AppealResult,
    Application,
    CaseEvent,
    Channel,
    Consultation,
    ConsultationKind,
    Correction,
    Delivery,
    DeliveryMethod,
    DueState,
    EventKind,
    Extension,
    Fee,
    FeeMethod,
    Form,
    Letter,
    LetterKind,
    NumberCounter,
    Opinion,
    Status,
)

# A case step's refusal and a lost race: the shared workflow errors under the names the
# case code has always used.
CaseError = workflow.StepError
ConflictError = workflow.ConflictError


def today() -> dt.date:
    return timezone.localdate()


def _check_date(value: dt.date, field: str, not_before: dt.date | None = None) -> None:
    if value > today():
        raise CaseError({field: [_("日期不能晚于今天。")]})
    if not_before and value < not_before:
        raise CaseError({field: [_("日期不能早于 %(d)s。") % {"d": not_before.isoformat()}]})


# -- numbering and tracking -------------------------------------------------

TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


def hash_tracking_code(code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, code.strip().upper().encode(), hashlib.sha256).hexdigest()


def _next_seq(agency: Agency, year: int) -> int:
    """Next number for (agency, year), inside the caller's transaction: gapless
    because a rollback also rolls the counter back; unique because the row is
    locked (PostgreSQL) or the whole database is (SQLite, IMMEDIATE)."""
    NumberCounter.objects.bulk_create(
        [NumberCounter(agency=agency, year=year)], ignore_conflicts=True
    )
    counter = NumberCounter.objects.select_for_update().get(agency=agency, year=year)
    NumberCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return counter.last + 1


def find_by_tracking(number: str, code: str) -> Application | None:
    """The portal's only way in: number and secret code must both match."""
    try:
        agency_code, year, seq = number.strip().rsplit("-", 2)
        app = Application.objects.select_related("agency").get(
            agency__code=agency_code, year=int(year), seq=int(seq)
        )
    except (ValueError, Application.DoesNotExist):
        return None
    return app if hmac.compare_digest(app.tracking_hash, hash_tracking_code(code)) else None


# -- state machinery --------------------------------------------------------


def _move(app: Application, to: str, **fields: Any) -> str:
    """Compare-and-set the status; returns the old status."""
    if to not in OPEN_STATUSES:
        # A closed case's deadline is history: nothing about it is provisional any more.
        fields.setdefault("due_provisional", False)
    try:
        return workflow.move(app, to, ALLOWED, **fields)
    except ConflictError as exc:
        raise ConflictError(_("案件已被他人处理，请刷新页面后重试。")) from exc
    except CaseError as exc:
        raise CaseError(
            _("案件当前状态为“%(s)s”，不能执行此操作。") % {"s": Status(app.status).label}
        ) from exc


def recompute_due(app: Application, actor: Any = None, reason: str = "") -> None:
    """Store the reply deadline and its explanation; event if it moved."""
    facts = deadlines.clock_facts(app)
    if facts is None or not app.is_open:
        return
    cal = get_calendar()
    due = deadlines.reply_due(cal, facts)
    changed = (due.date, due.provisional) != (app.due_on, app.due_provisional)
    state = _due_state(app, due.date)
    Application.objects.filter(pk=app.pk).update(
        due_on=due.date,
        due_provisional=due.provisional,
        due_explanation=list(due.steps),
        due_state=state,
    )
    old_due = app.due_on
    app.due_on, app.due_provisional, app.due_explanation, app.due_state = (
        due.date,
        due.provisional,
        list(due.steps),
        state,
    )
    if changed and old_due is not None:
        events.record(
            app,
            actor,
            EventKind.DEADLINE_RECOMPUTED,
            note=reason,
            old=old_due,
            new=due.date,
            provisional=due.provisional,
        )


def _due_state(app: Application, due: dt.date) -> str:
    if app.status in (Status.CORRECTION, Status.SUBMITTED):
        return DueState.PAUSED
    return deadlines.due_state(get_calendar(), due, today(), settings.GONGKAI["DUE_SOON_WORKDAYS"])


# -- intake -----------------------------------------------------------------


@transaction.atomic
def submit_online(
    agency: Agency, data: dict[str, Any], ip: str | None = None
) -> tuple[Application, str]:
    """Public portal submission (网上申请). Receipt date is set when staff confirm
    it (条例第三十一条: the day both sides confirm). Returns the case and its code."""
    if not agency.is_active or not agency.accepts_online:
        raise CaseError(_("该机关暂不接受网上申请。"))
    cleaned = clean_applicant(data)
    app, code = _create(agency, cleaned, Channel.ONLINE, today(), submitted_online=True)
    events.record(app, None, EventKind.SUBMITTED, ip=ip or "")
    notifications.on_submitted(app, code)
    return app, code


@transaction.atomic
def register(
    actor: Any,
    agency: Agency,
    data: dict[str, Any],
    channel: str,
    arrived_on: dt.date,
    confirmed_on: dt.date | None = None,
) -> tuple[Application, str]:
    """Staff register a paper, in-person, fax or e-mail application."""
    perm.require(perm.can_register_in(actor, agency))
    if channel not in Channel.values:
        raise CaseError({"channel": [_("请选择申请方式。")]})
    _check_date(arrived_on, "arrived_on")
    cleaned = clean_applicant(data)
    app, code = _create(agency, cleaned, channel, arrived_on)
    events.record(app, actor, EventKind.REGISTERED, channel=channel, arrived_on=arrived_on)
    receipt = receipt_date_for(channel, arrived_on, confirmed_on)
    if receipt is not None:
        _start_clock(app, actor, receipt)
    notifications.on_registered(app, code)
    return app, code


def receipt_date_for(
    channel: str, arrived_on: dt.date, confirmed_on: dt.date | None
) -> dt.date | None:
    """条例第三十一条: in person → that day; signed post → the signing day;
    ordinary post, Internet, fax, e-mail → the day of confirmation (None until then)."""
    if channel in NEEDS_CONFIRMATION:
        if confirmed_on is not None and confirmed_on < arrived_on:
            raise CaseError({"confirmed_on": [_("确认日期不能早于到达日期。")]})
        return confirmed_on
    return arrived_on


def _create(
    agency: Agency, cleaned: dict[str, Any], channel: str, arrived_on: dt.date, **extra: Any
) -> tuple[Application, str]:
    year = arrived_on.year
    code = new_tracking_code()
    app = Application.objects.create(
        agency=agency,
        year=year,
        seq=_next_seq(agency, year),
        tracking_hash=hash_tracking_code(code),
        channel=channel,
        arrived_on=arrived_on,
        **cleaned,
        **extra,
    )
    return app, code


@transaction.atomic
def confirm_receipt(actor: Any, app: Application, confirmed_on: dt.date) -> Application:
    """Record the day both sides confirmed receipt (条例第三十一条); the clock starts."""
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_confirm_receipt(app, today()))
    _check_date(confirmed_on, "confirmed_on", app.arrived_on)
    _start_clock(app, actor, confirmed_on)
    return app


def _start_clock(app: Application, actor: Any, receipt: dt.date) -> None:
    cal = get_calendar()
    old = _move(
        app,
        Status.RECEIVED,
        receipt_date=receipt,
        clock_start=receipt,
        correction_notice_due=deadlines.correction_notice_due(cal, receipt),
    )
    recompute_due(app, actor)
    events.record(
        app, actor, EventKind.RECEIPT_CONFIRMED, old, receipt_date=receipt, due_on=app.due_on
    )
    notifications.on_received(app)


# -- 补正 (第三十条) -----------------------------------------------------------


@transaction.atomic
def request_correction(
    actor: Any, app: Application, items: str, notice_on: dt.date, period_days: int | None = None
) -> Correction:
    """One-time 补正 notice; the clock stops until the correction arrives."""
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_request_correction(app, today()))
    if not items.strip():
        raise CaseError({"items": [_("请写明需要补正的事项。")]})
    _check_date(notice_on, "notice_on", app.receipt_date)
    days = period_days or settings.GONGKAI["CORRECTION_PERIOD_WORKDAYS"]
    if not 1 <= days <= 60:
        raise CaseError({"period_days": [_("补正期限应在1至60个工作日之间。")]})
    cal = get_calendar()
    late = app.correction_notice_due is not None and notice_on > app.correction_notice_due
    old = _move(app, Status.CORRECTION, due_state=DueState.PAUSED)
    correction = Correction.objects.create(
        application=app,
        items=items.strip(),
        notice_on=notice_on,
        notice_late=late,
        deadline=deadlines.correction_deadline(cal, notice_on, days),
    )
    events.record(
        app,
        actor,
        EventKind.CORRECTION_REQUESTED,
        old,
        notice_on=notice_on,
        deadline=correction.deadline,
        late=late,
        note=_("超过收到申请之日起7个工作日才发出补正告知") if late else "",
    )
    notifications.on_correction_requested(app, correction)
    return correction


@transaction.atomic
def receive_correction(
    actor: Any, app: Application, received_on: dt.date, content: str = ""
) -> Application:
    """The correction arrived: the reply period restarts in full from that day (第三十条)."""
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_receive_correction(app, today()))
    correction = deadlines.open_correction(app)
    assert correction is not None
    _check_date(received_on, "received_on", correction.notice_on)
    correction.received_on, correction.content = received_on, content.strip()
    correction.save(update_fields=["received_on", "content"])
    old = _move(app, Status.RECEIVED, clock_start=received_on)
    recompute_due(app, actor, _("收到补正材料，答复期限重新计算"))
    events.record(
        app, actor, EventKind.CORRECTION_RECEIVED, old, received_on=received_on, due_on=app.due_on
    )
    return app


# -- consultation (第三十二、三十四条) ----------------------------------------------


@transaction.atomic
def start_consultation(
    actor: Any,
    app: Application,
    kind: str,
    party: str,
    sent_on: dt.date,
    matter: str = "",
    party_address: str = "",
) -> Consultation:
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_start_consultation(app, today()))
    if kind not in ConsultationKind.values:
        raise CaseError({"kind": [_("请选择征求意见对象类型。")]})
    if not party.strip():
        raise CaseError({"party": [_("请填写征求意见对象。")]})
    _check_date(sent_on, "sent_on", app.clock_start)
    c = Consultation.objects.create(
        application=app,
        kind=kind,
        party=party.strip(),
        party_address=party_address.strip(),
        matter=matter.strip(),
        sent_on=sent_on,
        answer_due=deadlines.consultation_answer_due(get_calendar(), sent_on),
    )
    old = _move(app, Status.CONSULTING) if app.status != Status.CONSULTING else app.status
    recompute_due(app, actor, _("征求意见期间不计入答复期限"))
    events.record(
        app,
        actor,
        EventKind.CONSULTATION_STARTED,
        old,
        party=c.party,
        party_kind=kind,
        sent_on=sent_on,
        answer_due=c.answer_due,
    )
    return c


@transaction.atomic
def record_opinion(
    actor: Any,
    consultation: Consultation,
    opinion: str,
    answered_on: dt.date | None,
    text: str = "",
) -> Consultation:
    """Record the answer, or its absence once the 15 working days have run out."""
    app = consultation.application
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_record_opinion(app, today()))
    if consultation.opinion != Opinion.PENDING:
        raise CaseError(_("该征求意见已有结果。"))
    if opinion not in (Opinion.CONSENT, Opinion.OBJECT, Opinion.NO_ANSWER):
        raise CaseError({"opinion": [_("请选择意见结果。")]})
    if opinion == Opinion.NO_ANSWER:
        if today() <= consultation.answer_due:
            raise CaseError(
                _("答复期限（%(d)s）尚未届满，不能记为逾期未答复。")
                % {"d": consultation.answer_due.isoformat()}
            )
        answered_on = consultation.answer_due
    elif answered_on is None:
        raise CaseError({"answered_on": [_("请填写答复日期。")]})
    else:
        _check_date(answered_on, "answered_on", consultation.sent_on)
    consultation.opinion, consultation.answered_on, consultation.opinion_text = (
        opinion,
        answered_on,
        text.strip(),
    )
    consultation.save(update_fields=["opinion", "answered_on", "opinion_text"])
    old = app.status
    if (
        not app.consultations.filter(opinion=Opinion.PENDING).exists()
        and app.status == Status.CONSULTING
    ):
        old = _move(app, Status.RECEIVED)
    recompute_due(app, actor, _("征求意见结束"))
    events.record(
        app,
        actor,
        EventKind.OPINION_RECORDED,
        old,
        party=consultation.party,
        opinion=opinion,
        answered_on=answered_on,
    )
    return consultation


# -- extension (第三十三条第二款) ----------------------------------------------------


@transaction.atomic
def request_extension(actor: Any, app: Application, days: int, reason: str) -> Extension:
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_request_extension(app, today()))
    if not 1 <= days <= deadlines.MAX_EXTENSION_DAYS:
        raise CaseError({"days": [_("延长期限最长不得超过20个工作日（条例第三十三条）。")]})
    if not reason.strip():
        raise CaseError({"reason": [_("请说明延期理由。")]})
    ext = Extension.objects.create(
        application=app, days=days, reason=reason.strip(), requested_by=actor
    )
    events.record(app, actor, EventKind.EXTENSION_REQUESTED, days=days, note=reason.strip())
    notifications.on_extension_requested(app, ext)
    return ext


@transaction.atomic
def decide_extension(
    actor: Any,
    app: Application,
    approve: bool,
    decided_on: dt.date,
    notified_on: dt.date | None = None,
) -> Extension:
    """The head of the work unit (reviewer) approves; the applicant is told."""
    perm.require(perm.can_approve(actor, app))
    workflow.require(pre.why_not_decide_extension(app, today()))
    ext = deadlines.pending_extension(app)
    assert ext is not None
    _check_date(decided_on, "decided_on")
    if approve and app.due_on and decided_on > app.due_on:
        raise CaseError(
            _("答复期限（%(d)s）已过，不能再批准延期。") % {"d": app.due_on.isoformat()}
        )
    ext.approved, ext.approved_by, ext.approved_on = approve, actor, decided_on
    ext.notified_on = notified_on or decided_on if approve else None
    ext.save()
    if approve:
        Application.objects.filter(pk=app.pk).update(extension_days=ext.days)
        app.extension_days = ext.days
        recompute_due(app, actor, _("经批准延期"))
        events.record(
            app,
            actor,
            EventKind.EXTENSION_APPROVED,
            days=ext.days,
            due_on=app.due_on,
            notified_on=ext.notified_on,
        )
        notifications.on_extension_approved(app, ext)
    else:
        events.record(app, actor, EventKind.EXTENSION_REFUSED, days=ext.days)
    return ext


# -- fees (国办函〔2020〕109号) -------------------------------------------------------


def fee_amount(method: str, pieces_before: int, pieces: int, pages: int) -> int:
    if method == FeeMethod.PER_PIECE:
        return deadlines.per_piece_fee(pieces_before, pieces)
    return deadlines.per_page_fee(pages)


@transaction.atomic
def issue_fee_notice(
    actor: Any,
    app: Application,
    method: str,
    notice_on: dt.date,
    notice_received_on: dt.date,
    pieces_before: int = 0,
    pieces: int = 1,
    pages: int = 0,
) -> Fee:
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_issue_fee_notice(app, today()))
    if method not in FeeMethod.values:
        raise CaseError({"method": [_("请选择计收方式（按件或按量，只能选择一种）。")]})
    _check_date(notice_on, "notice_on", app.clock_start)
    if notice_received_on < notice_on:
        raise CaseError({"notice_received_on": [_("收到通知日期不能早于通知日期。")]})
    amount = fee_amount(method, pieces_before, pieces, pages)
    if amount <= 0:
        raise CaseError(_("按所选方式计算的费用为0元，无需收费（国办函〔2020〕109号）。"))
    fee = Fee.objects.create(
        application=app,
        method=method,
        pieces_before=pieces_before,
        pieces=pieces,
        pages=pages,
        amount=amount,
        notice_on=notice_on,
        notice_received_on=notice_received_on,
        pay_due=deadlines.fee_payment_due(get_calendar(), notice_received_on),
    )
    old = _move(app, Status.FEE)
    recompute_due(app, actor, _("发出收费通知"))
    events.record(
        app, actor, EventKind.FEE_NOTICED, old, amount=amount, method=method, pay_due=fee.pay_due
    )
    notifications.on_fee_noticed(app, fee)
    return fee


@transaction.atomic
def record_payment(actor: Any, app: Application, paid_on: dt.date, receipt_no: str = "") -> Fee:
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_record_payment(app, today()))
    fee = deadlines.unpaid_fee(app)
    assert fee is not None
    _check_date(paid_on, "paid_on", fee.notice_on)
    if paid_on > fee.pay_due:
        raise CaseError(
            _("缴费期限（%(d)s）已过，应按视为放弃申请处理。") % {"d": fee.pay_due.isoformat()}
        )
    fee.paid_on, fee.receipt_no = paid_on, receipt_no.strip()
    fee.save(update_fields=["paid_on", "receipt_no"])
    old = _move(app, Status.RECEIVED)
    recompute_due(app, actor, _("已缴费"))
    events.record(app, actor, EventKind.FEE_PAID, old, paid_on=paid_on, amount=fee.amount)
    return fee


# -- conclusion -------------------------------------------------------------


@transaction.atomic
def abandon(actor: Any, app: Application, decided_on: dt.date) -> Application:
    """Deemed abandoned: no correction in time (第三十条) or fee unpaid (109号)."""
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_abandon(app, today()))
    _check_date(decided_on, "decided_on")
    if app.status == Status.CORRECTION:
        correction = app.corrections.last()
        assert correction is not None
        if decided_on <= correction.deadline:
            raise CaseError(
                _("补正期限（%(d)s）尚未届满。") % {"d": correction.deadline.isoformat()}
            )
        decision = Decision.ABANDONED_NO_CORRECTION
    else:  # FEE: why_not_abandon allows no other state
        fee = Fee.objects.get(application=app)
        if decided_on <= fee.pay_due:
            raise CaseError(_("缴费期限（%(d)s）尚未届满。") % {"d": fee.pay_due.isoformat()})
        decision = Decision.ABANDONED_NO_FEE
    old = _move(
        app, Status.CLOSED, decision=decision, concluded_on=decided_on, due_state=DueState.ON_TRACK
    )
    events.record(app, actor, EventKind.ABANDONED, old, decision=decision, decided_on=decided_on)
    return app


@transaction.atomic
def withdraw(actor: Any, app: Application, on: dt.date, note: str = "") -> Application:
    """The applicant withdraws (reported under 其他处理 / 其他)."""
    perm.require(perm.can_handle_case(actor, app))
    # _move would let CLOSED → CLOSED through; a closed case stays as it ended
    workflow.require(pre.why_not_withdraw(app, today()))
    _check_date(on, "on")
    old = _move(
        app,
        Status.CLOSED,
        decision=Decision.WITHDRAWN,
        concluded_on=on,
        due_state=DueState.ON_TRACK,
    )
    events.record(app, actor, EventKind.WITHDRAWN, old, note=note)
    return app


@transaction.atomic
def propose_decision(
    actor: Any,
    app: Application,
    decision: str,
    reason: str = "",
    grounds: list[str] | None = None,
    responsible_organ: str = "",
    provided_form: str = "",
    provided_form_reason: str = "",
) -> Application:
    """The clerk drafts the reply; a reviewer approves it (approve_decision)."""
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_propose_decision(app, today()))
    cleaned = clean_decision(
        app, decision, reason, grounds or [], responsible_organ, provided_form, provided_form_reason
    )
    old = _move(app, Status.REVIEW, proposed_by=actor, **cleaned)
    events.record(
        app,
        actor,
        EventKind.DECISION_PROPOSED,
        old,
        decision=decision,
        grounds=cleaned["decision_grounds"],
    )
    return app


def clean_decision(
    app: Application,
    decision: str,
    reason: str,
    grounds: list[str],
    responsible_organ: str,
    provided_form: str,
    provided_form_reason: str,
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if decision not in Decision.values or DECISIONS[Decision(decision)].closes_without_reply:
        raise CaseError({"decision": [_("请选择答复类型。")]})
    spec = DECISIONS[Decision(decision)]
    if spec.needs_grounds and not grounds:
        errors["grounds"] = [_("部分公开须说明不予公开部分的理由和依据（条例第三十七条）。")]
    if any(g not in Ground.values for g in grounds):
        errors["grounds"] = [_("不予公开依据无效。")]
    if spec.ground:
        grounds = [spec.ground]
    elif not spec.needs_grounds:
        grounds = []
    denial = spec.ground is not None or spec.needs_grounds
    if denial and len(reason.strip()) < 4:
        errors["reason"] = [_("不予公开须说明理由（条例第三十六条第（三）项）。")]
    if decision == Decision.NOT_OUR_INFO and not responsible_organ.strip():
        errors["responsible_organ"] = [
            _(
                "能够确定负责公开机关的，应告知其名称、联系方式（条例第三十六条第（五）项）；无法确定的请写明“无法确定”。"
            )
        ]
    if decision in (Decision.DISCLOSE, Decision.PARTIAL):
        if provided_form not in Form.values:
            errors["provided_form"] = [_("请选择实际提供信息的形式。")]
        elif provided_form != app.requested_form and not provided_form_reason.strip():
            errors["provided_form_reason"] = [
                _("未按申请人要求的形式提供的，应说明理由（条例第四十条）。")
            ]
    if errors:
        raise CaseError(errors)
    return {
        "decision": decision,
        "decision_reason": reason.strip(),
        "decision_grounds": grounds,
        "responsible_organ": responsible_organ.strip(),
        "provided_form": provided_form or "",
        "provided_form_reason": provided_form_reason.strip(),
    }


@transaction.atomic
def return_decision(actor: Any, app: Application, note: str) -> Application:
    perm.require(perm.can_approve(actor, app))
    workflow.require(pre.why_not_return_decision(app, today()))
    if not note.strip():
        raise CaseError({"note": [_("请说明退回修改的理由。")]})
    old = _move(app, Status.RECEIVED)
    recompute_due(app, actor)
    events.record(app, actor, EventKind.DECISION_RETURNED, old, note=note.strip())
    return app


@transaction.atomic
def approve_decision(actor: Any, app: Application, replied_on: dt.date) -> Application:
    """The reviewer approves: the case is replied and the reply letter issued."""
    from .letters.issue import issue_letter

    perm.require(perm.can_approve(actor, app))
    workflow.require(pre.why_not_approve_decision(app, today()))
    _check_date(replied_on, "replied_on", app.clock_start)
    if app.proposed_by_id == getattr(actor, "pk", None) and not settings.GONGKAI.get(
        "ALLOW_SELF_APPROVAL", False
    ):
        raise CaseError(_("拟稿人不能审核自己拟定的答复，请由其他审核人审核。"))
    late = bool(app.due_on and replied_on > app.due_on)
    old = _move(
        app, Status.REPLIED, approved_by=actor, concluded_on=replied_on, due_state=DueState.ON_TRACK
    )
    events.record(
        app,
        actor,
        EventKind.DECISION_APPROVED,
        old,
        decision=app.decision,
        replied_on=replied_on,
        late=late,
    )
    issue_letter(actor, app, "reply", issued_on=replied_on)
    notifications.on_replied(app)
    return app


# -- after the reply --------------------------------------------------------


@transaction.atomic
def issue_letter(
    actor: Any,
    app: Application,
    kind: str,
    issued_on: dt.date | None = None,
    consultation: Consultation | None = None,
) -> Letter:
    """Staff issue one of the letters whose facts the case already has (the reply letter
    comes with approve_decision)."""
    from .letters.issue import issue_letter as issue

    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_issue_letter(app, today()))
    if kind not in pre.issuable_letters(app):
        raise CaseError({"kind": [_("该申请尚不能出具此类文书。")]})
    if kind == LetterKind.CONSULTATION and (
        consultation is None or consultation.application_id != app.pk
    ):
        raise CaseError({"consultation": [_("征求意见函须选择征求意见对象。")]})
    return issue(actor, app, kind, issued_on, consultation)


@transaction.atomic
def deliver(
    actor: Any,
    app: Application,
    method: str,
    delivered_on: dt.date,
    proof: str = "",
    letter_id: int | None = None,
) -> Delivery:
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_deliver(app, today()))
    if method not in DeliveryMethod.values:
        raise CaseError({"method": [_("请选择送达方式。")]})
    letter = (
        app.letters.filter(pk=letter_id).first()
        if letter_id
        else app.letters.filter(kind="reply").last()
    )
    if letter is None:
        raise CaseError(_("尚无可送达的文书。"))
    _check_date(delivered_on, "delivered_on", letter.issued_on)
    if (
        method in (DeliveryMethod.POST, DeliveryMethod.EMAIL, DeliveryMethod.FAX)
        and not proof.strip()
    ):
        raise CaseError({"proof": [_("邮寄、电子邮件、传真送达请填写凭证（单号或发送记录）。")]})
    d = Delivery.objects.create(
        application=app,
        letter=letter,
        method=method,
        delivered_on=delivered_on,
        proof=proof.strip(),
        recorded_by=actor,
    )
    events.record(
        app,
        actor,
        EventKind.DELIVERED,
        method=method,
        delivered_on=delivered_on,
        letter=letter.title,
    )
    return d


@transaction.atomic
def record_appeal(
    actor: Any,
    app: Application,
    kind: str,
    body: str,
    filed_on: dt.date,
    case_number: str = "",
    after_review: Appeal | None = None,
) -> Appeal:
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_record_appeal(app, today()))
    if kind not in AppealKind.values:
        raise CaseError({"kind": [_("请选择复议或诉讼类型。")]})
    if not body.strip():
        raise CaseError({"body": [_("请填写复议机关或人民法院。")]})
    if kind == AppealKind.LITIGATION_AFTER_REVIEW and (
        after_review is None
        or after_review.application_id != app.pk
        or after_review.kind != AppealKind.REVIEW
    ):
        raise CaseError({"after_review": [_("复议后起诉须关联本案的行政复议。")]})
    _check_date(filed_on, "filed_on")
    appeal = Appeal.objects.create(
        application=app,
        kind=kind,
        body=body.strip(),
        filed_on=filed_on,
        case_number=case_number.strip(),
        after_review=after_review,
    )
    events.record(
        app, actor, EventKind.APPEAL_FILED, appeal_kind=kind, body=appeal.body, filed_on=filed_on
    )
    return appeal


@transaction.atomic
def conclude_appeal(
    actor: Any, appeal: Appeal, result: str, concluded_on: dt.date, note: str = ""
) -> Appeal:
    app = appeal.application
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_conclude_appeal(app, today()))
    if result not in (AppealResult.MAINTAINED, AppealResult.CORRECTED, AppealResult.OTHER):
        raise CaseError({"result": [_("请选择审结结果。")]})
    if appeal.result != AppealResult.PENDING:
        raise CaseError(_("该复议/诉讼已记录结果。"))
    _check_date(concluded_on, "concluded_on", appeal.filed_on)
    appeal.result, appeal.concluded_on, appeal.note = result, concluded_on, note.strip()
    appeal.save(update_fields=["result", "concluded_on", "note"])
    events.record(
        app,
        actor,
        EventKind.APPEAL_CONCLUDED,
        appeal_kind=appeal.kind,
        result=result,
        concluded_on=concluded_on,
    )
    return appeal


# -- personal data ----------------------------------------------------------------


def note_personal_data_view(user: Any, app: Application) -> None:
    """Who looked at whose identity data in full: logged once per user, case and day."""
    if not perm.can_see_personal_data(user, app):
        return
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    seen = CaseEvent.objects.filter(
        application=app, actor=user, kind=EventKind.VIEWED_PERSONAL_DATA, at__gte=start
    ).exists()
    if not seen:
        events.record(app, user, EventKind.VIEWED_PERSONAL_DATA)


# -- the daily sweep ----------------------------------------------------------


def sweep(on: dt.date | None = None) -> dict[str, int]:
    """Recompute due states of open cases; notify on each change. Idempotent."""
    on = on or today()
    cal = get_calendar()
    counts = {"due_soon": 0, "overdue": 0, "changed": 0}
    for app in (
        Application.objects.open()
        .exclude(status__in=[Status.SUBMITTED, Status.CORRECTION])
        .filter(due_on__isnull=False)
        .select_related("agency")
    ):
        assert app.due_on is not None
        state = deadlines.due_state(cal, app.due_on, on, settings.GONGKAI["DUE_SOON_WORKDAYS"])
        counts[state] = counts.get(state, 0) + 1
        if state == app.due_state:
            continue
        with transaction.atomic():
            if (
                Application.objects.filter(pk=app.pk, due_state=app.due_state).update(
                    due_state=state
                )
                != 1
            ):
                continue
            old_state, app.due_state = app.due_state, state
            events.record(
                app, None, EventKind.DUE_STATE_CHANGED, old=old_state, new=state, due_on=app.due_on
            )
            counts["changed"] += 1
            if state in (DueState.DUE_SOON, DueState.OVERDUE):
                notifications.on_due_state(app)
    return counts


def recompute_provisional(actor: Any = None) -> int:
    """After a year's arrangement is added: recompute every provisional deadline."""
    n = 0
    for app in Application.objects.open().filter(due_provisional=True):
        with transaction.atomic():
            recompute_due(app, actor, _("节假日安排已公布，重新计算期限"))
        n += 1
    return n
