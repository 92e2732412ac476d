"""Intake (条例第二十九—三十一条): numbers and tracking codes, online submission, staff
registration, confirming receipt (the clock starts)."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.core import workflow
from gongkai.core.actors import Actor
from gongkai.core.workcalendar import get_calendar

from .. import deadlines, events, notifications
from .. import preconditions as pre
from ..codes import TRACKING_ALPHABET as TRACKING_ALPHABET  # re-exported by services
from ..codes import hash_tracking_code, new_tracking_code
from ..intake import clean_applicant
from ..models import NEEDS_CONFIRMATION, Application, Channel, EventKind, NumberCounter, Status
from .common import CaseError, check_date, move, recompute_due, today


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
    actor: Actor,
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
    check_date(arrived_on, "arrived_on")
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
def confirm_receipt(actor: Actor, app: Application, confirmed_on: dt.date) -> Application:
    """Record the day both sides confirmed receipt (条例第三十一条); the clock starts."""
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_confirm_receipt(app, today()))
    check_date(confirmed_on, "confirmed_on", app.arrived_on)
    _start_clock(app, actor, confirmed_on)
    return app


def _start_clock(app: Application, actor: Actor, receipt: dt.date) -> None:
    cal = get_calendar()
    old = move(
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
