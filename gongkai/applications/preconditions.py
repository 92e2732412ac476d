"""Whether a step may be taken on a case now, and if not, why — one function per step.

Each ``why_not_<step>(app, today=None)`` returns the Chinese reason the case's state (or
the statute) does not allow the step today, or ``None`` when it does. The service verb
asks its function first and raises the reason (``workflow.require``); the office offers a
step exactly when its function returns ``None``; the API reaches the same answer through
the services (and asks the same function before reading the input). What depends on the
input (a date before the notice, a missing field) stays in the service.

Only state and the calendar date matter here, never who asks: permissions are the
predicates of ``agencies/permissions.py``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from . import deadlines
from .models import (
    AppealResult,
    Application,
    Extension,
    Fee,
    Letter,
    LetterKind,
    Opinion,
    Status,
)

MAX_FILES_PER_CASE = 30  # uploads per case (identity scans, forms, evidence)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _state(app: Application) -> str:
    return _("案件当前状态为“%(s)s”，不能执行此操作。") % {"s": Status(app.status).label}


# -- what the office and the letter form share ---------------------------------------------


def issuable_letters(app: Application) -> list[LetterKind]:
    """The letters whose facts the case already has (the reply comes with approval)."""
    kinds = []
    if app.receipt_date:
        kinds.append(LetterKind.RECEIPT)
    if app.corrections.exists():
        kinds.append(LetterKind.CORRECTION)
    if Extension.objects.filter(application=app, approved=True).exists():
        kinds.append(LetterKind.EXTENSION)
    if app.consultations.exists():
        kinds.append(LetterKind.CONSULTATION)
    if Fee.objects.filter(application=app).exists():
        kinds.append(LetterKind.FEE)
    if app.status == Status.CLOSED:
        kinds.append(LetterKind.CLOSURE)  # 终止办理告知书: abandonment or withdrawal
    return kinds


# -- intake and 补正 (条例第三十条、第三十一条) ----------------------------------------------


def why_not_confirm_receipt(app: Application, today: dt.date | None = None) -> str | None:
    if app.status == Status.SUBMITTED:
        return None
    return _("该申请已确认收到。") if app.receipt_date else _state(app)


def why_not_request_correction(app: Application, today: dt.date | None = None) -> str | None:
    if app.corrections.exists():
        return _("补正告知只能发出一次（条例第三十条“一次性告知”）。")
    return None if app.status == Status.RECEIVED else _state(app)


def why_not_receive_correction(app: Application, today: dt.date | None = None) -> str | None:
    if app.status == Status.CORRECTION and deadlines.open_correction(app) is not None:
        return None
    return _("该申请没有待补正事项。")


# -- consultation (第三十二、三十四条) ------------------------------------------------------


def why_not_start_consultation(app: Application, today: dt.date | None = None) -> str | None:
    if app.status in (Status.RECEIVED, Status.CONSULTING):
        return None
    return _("案件当前状态为“%(s)s”，不能征求意见。") % {"s": Status(app.status).label}


def why_not_record_opinion(app: Application, today: dt.date | None = None) -> str | None:
    if app.consultations.filter(opinion=Opinion.PENDING).exists():
        return None
    return _("该申请没有待记录结果的征求意见。")


# -- extension (第三十三条第二款) -------------------------------------------------------------


def why_not_request_extension(app: Application, today: dt.date | None = None) -> str | None:
    # Not while the draft reply is with the reviewer: the clerk asks before drafting, or
    # after the draft has been returned (the office has never offered it there).
    if not app.is_open or app.status in (Status.SUBMITTED, Status.REVIEW):
        return _("案件当前状态不能申请延期。")
    if Extension.objects.filter(application=app).exists():
        return _("每件申请只能延期一次（条例第三十三条）。")
    return None


def why_not_decide_extension(app: Application, today: dt.date | None = None) -> str | None:
    return None if deadlines.pending_extension(app) is not None else _("没有待审批的延期申请。")


# -- fees (国办函〔2020〕109号) -------------------------------------------------------------


def why_not_issue_fee_notice(app: Application, today: dt.date | None = None) -> str | None:
    if Fee.objects.filter(application=app).exists():
        return _("该申请已发出收费通知。")
    return None if app.status == Status.RECEIVED else _state(app)


def why_not_record_payment(app: Application, today: dt.date | None = None) -> str | None:
    if app.status == Status.FEE and deadlines.unpaid_fee(app) is not None:
        return None
    return _("该申请没有待缴费用。")


# -- the decision and its review ---------------------------------------------------------


def why_not_propose_decision(app: Application, today: dt.date | None = None) -> str | None:
    return None if app.status == Status.RECEIVED else _state(app)


def why_not_approve_decision(app: Application, today: dt.date | None = None) -> str | None:
    return None if app.status == Status.REVIEW else _state(app)


def why_not_return_decision(app: Application, today: dt.date | None = None) -> str | None:
    return None if app.status == Status.REVIEW else _state(app)


# -- letters, delivery, uploads ----------------------------------------------------------


def why_not_issue_letter(app: Application, today: dt.date | None = None) -> str | None:
    return None if issuable_letters(app) else _("该申请尚无可出具的文书。")


def why_not_void_letter(letter: Letter, today: dt.date | None = None) -> str | None:
    """A letter is voided once; the 答复告知书 stands or falls with the approved decision."""
    if letter.voided_at is not None:
        return _("该文书已于 %(on)s 作废。") % {
            "on": timezone.localtime(letter.voided_at).strftime("%Y-%m-%d %H:%M")
        }
    if letter.kind == LetterKind.REPLY:
        # The reply is the decision itself (条例第三十六条), issued with its approval: voiding
        # it alone would leave a concluded case with no reply and no way to issue another.
        return _("答复告知书随审核通过的答复出具，不能单独作废。")
    return None


def why_not_deliver(app: Application, today: dt.date | None = None) -> str | None:
    valid = app.letters.filter(voided_at__isnull=True).exists()
    return None if valid else _("尚无可送达的文书。")


def why_not_save_attachment(app: Application, today: dt.date | None = None) -> str | None:
    if app.attachments.count() >= MAX_FILES_PER_CASE:
        return _("每件申请最多上传 %(n)d 个文件。") % {"n": MAX_FILES_PER_CASE}
    return None


# -- conclusion without a reply (第三十条; 国办函〔2020〕109号) ------------------------------


def why_not_abandon(app: Application, today: dt.date | None = None) -> str | None:
    """Deemed abandoned only once the applicant's own time has run out (before today)."""
    on = _today(today)
    if app.status == Status.CORRECTION:
        correction = app.corrections.last()
        if correction is not None and correction.deadline >= on:
            return _("补正期限（%(d)s）尚未届满。") % {"d": correction.deadline.isoformat()}
        return None
    if app.status == Status.FEE:
        fee = Fee.objects.filter(application=app).first()
        if fee is not None and fee.pay_due >= on:
            return _("缴费期限（%(d)s）尚未届满。") % {"d": fee.pay_due.isoformat()}
        return None
    return _("只有待补正或待缴费的申请才能视为放弃。")


def why_not_withdraw(app: Application, today: dt.date | None = None) -> str | None:
    if app.is_open:
        return None
    return _("案件当前状态为“%(s)s”，不能撤回。") % {"s": Status(app.status).label}


# -- review and litigation (条例第五十一条) -------------------------------------------------


def why_not_record_appeal(app: Application, today: dt.date | None = None) -> str | None:
    """After the reply (or the case's end), once the reply period has run out unanswered, or
    during 补正: the 补正告知书 is itself an administrative act the applicant may contest
    (条例第五十一条), and while the case waits for the correction the clock is paused, so
    the reply period would otherwise never run out."""
    if not app.is_open or app.status == Status.CORRECTION:
        return None
    if app.due_on is not None and app.due_on < _today(today):
        return None
    return _("尚未答复的申请只能在答复期限届满后提起复议或诉讼。")


def why_not_conclude_appeal(app: Application, today: dt.date | None = None) -> str | None:
    if app.appeals.filter(result=AppealResult.PENDING).exists():
        return None
    return _("该申请没有待记录结果的复议或诉讼。")
