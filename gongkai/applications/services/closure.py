"""Ends without a reply: deemed abandoned (第三十条, 109号) or withdrawn."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core import workflow
from gongkai.core.actors import Actor

from .. import events, notifications
from .. import preconditions as pre
from ..decisions import Decision
from ..models import Application, Channel, DueState, EventKind, Fee, Status
from .common import CaseError, check_date, move, today


@transaction.atomic
def abandon(actor: Actor, app: Application, decided_on: dt.date) -> Application:
    """Deemed abandoned: no correction in time (第三十条) or fee unpaid (109号)."""
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_abandon(app, today()))
    check_date(decided_on, "decided_on")
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
    old = move(
        app, Status.CLOSED, decision=decision, concluded_on=decided_on, due_state=DueState.ON_TRACK
    )
    events.record(app, actor, EventKind.ABANDONED, old, decision=decision, decided_on=decided_on)
    return app


@transaction.atomic
def withdraw(actor: Actor, app: Application, on: dt.date, note: str = "") -> Application:
    """The applicant withdraws (reported under 其他处理 / 其他)."""
    perm.require(perm.can_handle_case(actor, app))
    return _withdraw(actor, app, on, note=note)


WITHDRAW_REASON_MAX = 500


@transaction.atomic
def withdraw_online(app: Application, reason: str = "", ip: str = "") -> Application:
    """The applicant withdraws through the portal or the public API, after number + 查询码
    (the caller's proof) and a confirmation. The same closing as staff recording a
    withdrawal: the case ends today, the clock closes; staff are told by mail."""
    reason = reason.strip()
    if len(reason) > WITHDRAW_REASON_MAX:
        raise CaseError({"reason": [_("撤回理由不能超过%(n)d字。") % {"n": WITHDRAW_REASON_MAX}]})
    note = _("申请人网上撤回申请")
    if reason:
        note += "\n" + _("撤回理由：%(r)s") % {"r": reason}
    _withdraw(None, app, today(), note=note, channel=Channel.ONLINE, ip=ip)
    notifications.on_withdrawn_online(app, reason)
    return app


def _withdraw(actor: Actor | None, app: Application, on: dt.date, **event_data: Any) -> Application:
    # move would let CLOSED → CLOSED through; a closed case stays as it ended
    workflow.require(pre.why_not_withdraw(app, today()))
    check_date(on, "on")
    old = move(
        app,
        Status.CLOSED,
        decision=Decision.WITHDRAWN,
        concluded_on=on,
        due_state=DueState.ON_TRACK,
    )
    events.record(app, actor, EventKind.WITHDRAWN, old, **event_data)
    return app
