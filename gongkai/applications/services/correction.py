"""补正 (条例第三十条): the one-time notice and the correction's receipt."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core import workflow
from gongkai.core.actors import Actor
from gongkai.core.workcalendar import get_calendar

from .. import deadlines, events, notifications
from .. import preconditions as pre
from ..models import Application, Correction, DueState, EventKind, Status
from .common import CaseError, check_date, move, recompute_due, today


@transaction.atomic
def request_correction(
    actor: Actor, app: Application, items: str, notice_on: dt.date, period_days: int | None = None
) -> Correction:
    """One-time 补正 notice; the clock stops until the correction arrives."""
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_request_correction(app, today()))
    if not items.strip():
        raise CaseError({"items": [_("请写明需要补正的事项。")]})
    check_date(notice_on, "notice_on", app.receipt_date)
    days = period_days or settings.GONGKAI["CORRECTION_PERIOD_WORKDAYS"]
    if not 1 <= days <= 60:
        raise CaseError({"period_days": [_("补正期限应在1至60个工作日之间。")]})
    cal = get_calendar()
    late = app.correction_notice_due is not None and notice_on > app.correction_notice_due
    old = move(app, Status.CORRECTION, due_state=DueState.PAUSED)
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
    actor: Actor, app: Application, received_on: dt.date, content: str = ""
) -> Application:
    """The correction arrived: the reply period restarts in full from that day (第三十条)."""
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_receive_correction(app, today()))
    correction = deadlines.open_correction(app)
    assert correction is not None
    check_date(received_on, "received_on", correction.notice_on)
    correction.received_on, correction.content = received_on, content.strip()
    correction.save(update_fields=["received_on", "content"])
    old = move(app, Status.RECEIVED, clock_start=received_on)
    recompute_due(app, actor, _("收到补正材料，答复期限重新计算"))
    events.record(
        app, actor, EventKind.CORRECTION_RECEIVED, old, received_on=received_on, due_on=app.due_on
    )
    return app
