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


def announced_shipped_years() -> dict[int, dict[str, Any]]:
    """The announced years of the shipped file as HolidayYear fields (2027: not published,
    so left out). The same rows as migration 0002 writes; the tests put them back after a flush."""
    return {
        int(key): {
            "notice": y.get("notice", ""),
            "doc_no": (y.get("doc_no") or "").split(" ")[0],  # drop research notes
            "arrangement": {"holidays": y["holidays"], "makeup_workdays": y["makeup_workdays"]},
        }
        for key, y in shipped_years().items()
        if "holidays" in y
    }


def load_shipped_years(model: Any = None) -> None:
    """Write the announced shipped years into HolidayYear (``model``: the historical model
    when a migration calls it)."""
    if model is None:
        from .models import HolidayYear as model
    for year, fields in announced_shipped_years().items():
        model.objects.update_or_create(year=year, defaults=fields)


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
