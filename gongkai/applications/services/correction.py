"""补正 (条例第三十条): the one-time notice and the correction's receipt."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core import workflow
from gongkai.core.actors import Actor
from gongkai.core.limits import CORRECTION_UPLOAD, LONG_TEXT_MAX, char_count, too_long_message
from gongkai.core.workcalendar import get_calendar

from .. import attachments, deadlines, events, notifications
from .. import preconditions as pre
from ..models import (
    Application,
    AttachmentKind,
    Channel,
    Correction,
    DueState,
    EventKind,
    Status,
)
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
    if char_count(content.strip()) > LONG_TEXT_MAX:
        raise CaseError({"content": [too_long_message(_("补正内容"), char_count(content.strip()))]})
    return _receive(actor, app, received_on, content)


# What one online 补正 may carry: the text, like the application's description, and a
# handful of files (core.limits; MAX_FILES_PER_CASE bounds the case).


@transaction.atomic
def submit_correction_online(
    app: Application, content: str, files: list[Any] | tuple[Any, ...] = (), ip: str = ""
) -> Application:
    """The applicant's own 补正 through the portal or the public API (网上提交).

    The caller has checked the application number and 查询码 (the tracking proof). The
    correction is received the day it is submitted, and the reply period restarts exactly
    as when staff record a correction (the same ``_receive``); staff are told by mail."""
    content = content.strip()
    if not content and not files:
        raise CaseError({"content": [_("请填写补正内容或上传补正材料。")]})
    if char_count(content) > LONG_TEXT_MAX:
        raise CaseError({"content": [too_long_message(_("补正内容"), char_count(content))]})
    if len(files) > CORRECTION_UPLOAD.max_files:
        raise CaseError({"files": [CORRECTION_UPLOAD.too_many()]})
    on = today()
    late = _late(app, on)
    _receive(
        None,
        app,
        on,
        content,
        note=_("申请人网上提交补正材料"),
        channel=Channel.ONLINE,
        ip=ip,
        files=len(files),
        late=late,
    )
    for upload in files:
        try:
            attachments.save_attachment(
                None, app, AttachmentKind.CORRECTION, upload, public_submission=True
            )
        except ValidationError as exc:
            raise CaseError({"files": exc.messages}) from exc
    notifications.on_correction_submitted(app)
    return app


def _late(app: Application, on: dt.date) -> bool:
    correction = deadlines.open_correction(app)
    return correction is not None and on > correction.deadline


def _receive(
    actor: Any, app: Application, received_on: dt.date, content: str, **event_data: Any
) -> Application:
    workflow.require(pre.why_not_receive_correction(app, today()))
    correction = deadlines.open_correction(app)
    assert correction is not None
    check_date(received_on, "received_on", correction.notice_on)
    correction.received_on, correction.content = received_on, content.strip()
    correction.save(update_fields=["received_on", "content"])
    old = move(app, Status.RECEIVED, clock_start=received_on)
    recompute_due(app, actor, _("收到补正材料，答复期限重新计算"))
    events.record(
        app,
        actor,
        EventKind.CORRECTION_RECEIVED,
        old,
        received_on=received_on,
        due_on=app.due_on,
        **event_data,
    )
    return app
