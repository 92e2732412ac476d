"""Changing the calendar: the only way a year's arrangement enters the system."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm

from . import audit, workcalendar
from .models import HolidayYear, validate_arrangement
from .signals import calendar_changed


@transaction.atomic
def save_holiday_year(
    actor: Any, year: int, notice: str, arrangement: dict, doc_no: str = ""
) -> HolidayYear:
    """Add or replace a year's arrangement, then recompute provisional deadlines."""
    perm.require(perm.can_manage_calendar(actor))
    validate_arrangement(arrangement)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("年度无效。")]})
    if not notice.strip():
        raise ValidationError({"notice": [_("请填写通知名称。")]})
    hy, created = HolidayYear.objects.update_or_create(
        year=year,
        defaults={"notice": notice.strip(), "doc_no": doc_no.strip(), "arrangement": arrangement},
    )
    audit.record(
        actor, "calendar.year_added" if created else "calendar.year_changed", hy, year=year
    )
    transaction.on_commit(workcalendar.invalidate)
    workcalendar.invalidate()
    calendar_changed.send(sender=HolidayYear, actor=actor, year=year)
    return hy
