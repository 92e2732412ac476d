"""A year's holiday arrangement as people write it, and calendar sums for the calculator.

A new year's arrangement is pasted as plain lines (one holiday or one 调休
make-up day per line); `parse_arrangement` turns them into the stored shape or
raises a ValidationError whose Chinese messages name the line.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .calendar import WorkCalendar
from .models import HolidayYear

WEEKDAYS = "一二三四五六日"
DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def parse_day(token: str) -> dt.date | None:
    m = DATE_RE.match(token)
    if not m:
        return None
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def parse_arrangement(text: str, year: int) -> dict[str, list[Any]]:
    """Lines → {"holidays": [...], "makeup_workdays": [...]}; Chinese errors name the line.

    `国庆节 2027-10-01 2027-10-07` is a rest range, `元旦 2027-01-01` a one-day
    rest, `调休上班 2027-09-26` or a bare date a make-up working day."""
    holidays: list[dict[str, str]] = []
    makeup: list[str] = []
    errors: list[str] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            kind, item = _parse_line(line, year)
        except ValueError as exc:
            errors.append(_("第%(n)d行“%(l)s”：%(e)s") % {"n": n, "l": line, "e": exc})
            continue
        if kind == "makeup":
            makeup.append(item)
        else:
            holidays.append(item)
    if errors:
        raise ValidationError({"text": errors})
    if not holidays:
        raise ValidationError({"text": [_("请至少填写一个放假安排。")]})
    return {"holidays": holidays, "makeup_workdays": sorted(makeup)}


def _parse_line(line: str, year: int) -> tuple[str, Any]:
    tokens = re.split(r"[\s,，至~～]+", line.replace("——", " ").replace("—", " "))
    dates: list[dt.date] = []
    names: list[str] = []
    for t in (t for t in tokens if t):
        try:
            day = parse_day(t)
        except ValueError:
            raise ValueError(_("日期“%(t)s”不存在") % {"t": t}) from None
        if day:
            dates.append(day)
        else:
            names.append(t)
    if not dates or len(dates) > 2:
        raise ValueError(_("每行应为“名称 开始日期 结束日期”或“调休上班 日期”"))
    for day in dates:
        if not dt.date(year - 1, 12, 1) <= day <= dt.date(year, 12, 31):
            raise ValueError(_("日期 %(d)s 不属于%(y)d年度的安排") % {"d": day, "y": year})
    name = "".join(names)
    if len(dates) == 1 and (not name or "调休" in name or "上班" in name):
        if dates[0].weekday() < 5:
            raise ValueError(_("调休上班日 %(d)s 不是周六或周日") % {"d": dates[0]})
        return "makeup", dates[0].isoformat()
    if not name:
        raise ValueError(_("请写明节日名称"))
    start, end = dates[0], dates[-1]
    if end < start:
        raise ValueError(_("结束日期早于开始日期"))
    return "holiday", {"name": name, "start": start.isoformat(), "end": end.isoformat()}


def arrangement_text(arrangement: dict[str, Any]) -> str:
    lines = [f"{h['name']} {h['start']} {h['end']}" for h in arrangement.get("holidays", [])]
    lines += [f"调休上班 {d}" for d in arrangement.get("makeup_workdays", [])]
    return "\n".join(lines)


def year_view(cal: WorkCalendar, hy: HolidayYear) -> dict[str, Any]:
    a = hy.arrangement
    rests = []
    for h in a.get("holidays", []):
        start, end = dt.date.fromisoformat(h["start"]), dt.date.fromisoformat(h["end"])
        rests.append(
            {"name": h["name"], "start": start, "end": end, "days": (end - start).days + 1}
        )
    makeup = [dt.date.fromisoformat(d) for d in a.get("makeup_workdays", [])]
    y = hy.year
    return {
        "hy": hy,
        "rests": rests,
        "makeup": [(d, WEEKDAYS[d.weekday()]) for d in makeup],
        "workdays": cal.working_days_between(dt.date(y - 1, 12, 31), dt.date(y, 12, 31)),
    }


def calculate(cal: WorkCalendar, data: dict[str, Any]) -> dict[str, Any]:
    start = data["start"]
    if data["op"] == "add":
        result = cal.add_working_days(start, data["days"])
        return {"date": result.date, "explain": result.explain(), "provisional": result.provisional}
    end = data["end"]
    lo, hi = sorted((start, end))
    notes = [
        f"{d:%Y-%m-%d}（{_('周')}{WEEKDAYS[d.weekday()]}）{label}"
        for y in range(lo.year, hi.year + 1)
        for d, label in cal.arrangement(y)
        if lo < d <= hi and (d.weekday() < 5 or "调休" in label)
    ]
    missing = [y for y in range(lo.year, hi.year + 1) if not cal.is_announced(y)]
    return {
        "count": cal.working_days_between(lo, hi),
        "lo": lo,
        "hi": hi,
        "notes": notes,
        "provisional": bool(missing),
        "missing": missing,
    }
