"""信息处理费 (国办函〔2020〕109号): the notice and the payment."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core import workflow
from gongkai.core.actors import Actor
from gongkai.core.workcalendar import get_calendar

from .. import deadlines, events, notifications
from .. import preconditions as pre
from ..models import Application, EventKind, Fee, FeeMethod, Status
from .common import CaseError, check_date, move, recompute_due, today


def fee_amount(method: str, pieces_before: int, pieces: int, pages: int) -> int:
    if method == FeeMethod.PER_PIECE:
        return deadlines.per_piece_fee(pieces_before, pieces)
    return deadlines.per_page_fee(pages)


@transaction.atomic
def issue_fee_notice(
    actor: Actor,
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
    check_date(notice_on, "notice_on", app.clock_start)
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
    old = move(app, Status.FEE)
    recompute_due(app, actor, _("发出收费通知"))
    events.record(
        app, actor, EventKind.FEE_NOTICED, old, amount=amount, method=method, pay_due=fee.pay_due
    )
    notifications.on_fee_noticed(app, fee)
    return fee


@transaction.atomic
def record_payment(actor: Actor, app: Application, paid_on: dt.date, receipt_no: str = "") -> Fee:
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_record_payment(app, today()))
    fee = deadlines.unpaid_fee(app)
    assert fee is not None
    check_date(paid_on, "paid_on", fee.notice_on)
    if paid_on > fee.pay_due:
        raise CaseError(
            _("缴费期限（%(d)s）已过，应按视为放弃申请处理。") % {"d": fee.pay_due.isoformat()}
        )
    fee.paid_on, fee.receipt_no = paid_on, receipt_no.strip()
    fee.save(update_fields=["paid_on", "receipt_no"])
    old = move(app, Status.RECEIVED)
    recompute_due(app, actor, _("已缴费"))
    events.record(app, actor, EventKind.FEE_PAID, old, paid_on=paid_on, amount=fee.amount)
    return fee
