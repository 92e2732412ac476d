"""The calendar in force: shipped data merged with the years staff added.

Built once per process and rebuilt when the HolidayYear table changes: a
version number in the shared cache tells every process (Redis in production)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _

from .calendar import SHIPPED_DATA, WorkCalendar

_VERSION_KEY = "gongkai:calendar:version"
_lock = threading.Lock()
_cached: tuple[object, WorkCalendar] | None = None


def shipped_years() -> dict[str, Any]:
    years: dict[str, Any] = json.loads(SHIPPED_DATA.read_text(encoding="utf-8"))["years"]
    return years


def build_calendar() -> WorkCalendar:
    from .models import HolidayYear

    years = {str(h.year): h.arrangement for h in HolidayYear.objects.all()}
    return WorkCalendar.from_json({"years": years})


def get_calendar() -> WorkCalendar:
    global _cached
    version = cache.get(_VERSION_KEY, 0)
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        cal = build_calendar()
        _cached = (version, cal)
        return cal


def invalidate() -> None:
    global _cached
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)
    _cached = None


def out_of_range_message(d: dt.date) -> str | None:
    """A clear Chinese refusal for a date outside what the calendar answers, else None."""
    first, last = get_calendar().served()
    if first <= d <= last:
        return None
    return _("日期超出工作日历的范围（%(a)s至%(b)s）。") % {
        "a": first.isoformat(),
        "b": last.isoformat(),
    }
