"""The holidays that the law itself fixes, for years whose notice is not yet out.

《全国年节及纪念日放假办法》 fixes the statutory days of each holiday (第二条); the
annual 国务院办公厅 notice then arranges the actual rest ranges and the 调休
make-up days. Until a year's notice is loaded, a deadline that reaches into it
counts the statutory days (plus the 补假 of 第六条) and is marked provisional —
never 1 January, 春节 or 1 October as a working day.

Lunar dates (春节, 端午, 中秋) and the 清明 solar term come from lunar-python, a
pure-Python calendar library with its tables built in (no download).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.utils.translation import gettext_lazy

from .arrangements import RestRange, YearArrangement

# 国务院令第795号 (2024 revision of the 办法), in force from 2025-01-01: 春节 gains
# 除夕 (4 days) and 劳动节 gains 5月2日 (2 days). Before it, the 2013 revision
# (国务院令第644号, from 2014): 春节 初一至初三, 劳动节 5月1日.
REVISION_2024_FROM_YEAR = 2025
FIRST_STATUTORY_YEAR = 2014
NOTICE = gettext_lazy("《全国年节及纪念日放假办法》法定节假日（暂定，待国务院办公厅通知）")


def _lunar(year: int, month: int, day: int) -> dt.date:
    from lunar_python import Lunar

    s = Lunar.fromYmd(year, month, day).getSolar()
    return dt.date(s.getYear(), s.getMonth(), s.getDay())


def _qingming(year: int) -> dt.date:
    from lunar_python import Lunar

    s = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    return dt.date(s.getYear(), s.getMonth(), s.getDay())


def _span(first: dt.date, days: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(days)]


def statutory_days(year: int) -> dict[str, list[dt.date]]:
    """The statutory rest days of `year`, per holiday (办法第二条)."""
    new_rules = year >= REVISION_2024_FROM_YEAR
    spring = _lunar(year, 1, 1)
    return {
        "元旦": [dt.date(year, 1, 1)],
        "春节": _span(spring - dt.timedelta(days=1), 4) if new_rules else _span(spring, 3),
        "清明节": [_qingming(year)],
        "劳动节": _span(dt.date(year, 5, 1), 2 if new_rules else 1),
        "端午节": [_lunar(year, 5, 5)],
        "中秋节": [_lunar(year, 8, 15)],
        "国庆节": _span(dt.date(year, 10, 1), 3),
    }


def _with_makeup_rest(days: list[dt.date], taken: set[dt.date]) -> list[dt.date]:
    """办法第六条: a statutory day on a Saturday or Sunday is made up on a working day —
    the first weekday after the holiday that is not already a rest day."""
    out = list(days)
    owed = sum(1 for d in days if d.weekday() >= 5)
    d = max(days)
    while owed:
        d += dt.timedelta(days=1)
        if d.weekday() < 5 and d not in taken and d not in out:
            out.append(d)
            owed -= 1
    return sorted(out)


@lru_cache(maxsize=64)
def statutory_arrangement(year: int) -> YearArrangement:
    """A provisional arrangement: each holiday's statutory days plus their 补假 days,
    no 调休 make-up working days (only the notice fixes those)."""
    per_holiday = statutory_days(year)
    statutory = {d for days in per_holiday.values() for d in days}
    taken: set[dt.date] = set()
    rests = []
    for name, days in per_holiday.items():
        # Two holidays on one day (中秋 within 国庆) give one rest day, not two.
        own = [d for d in days if d not in taken]
        if not own:
            continue
        own = _with_makeup_rest(own, statutory | taken)
        taken.update(own)
        rests += _ranges(name, own)
    merged = _ranges_joined(sorted(rests, key=lambda r: r.start))
    return YearArrangement(year, tuple(merged), (), str(NOTICE))


def _ranges(name: str, days: list[dt.date]) -> list[RestRange]:
    """Consecutive days as one range; a 补假 Monday after a weekend joins the weekend."""
    out: list[RestRange] = []
    for d in days:
        if out and (d - out[-1].end).days <= 3 and _only_weekend_between(out[-1].end, d):
            out[-1] = RestRange(name, out[-1].start, d)
        else:
            out.append(RestRange(name, d, d))
    return out


def _ranges_joined(rests: list[RestRange]) -> list[RestRange]:
    """Holidays that touch (中秋 beside 国庆) form one range, named as the notices do."""
    out: list[RestRange] = []
    for r in rests:
        last = out[-1] if out else None
        if last and _only_weekend_between(last.end, r.start) and (r.start - last.end).days <= 3:
            names = dict.fromkeys([*last.name.split("、"), r.name])
            out[-1] = RestRange("、".join(names), last.start, max(last.end, r.end))
        else:
            out.append(r)
    return out


def _only_weekend_between(a: dt.date, b: dt.date) -> bool:
    return all((a + dt.timedelta(days=i)).weekday() >= 5 for i in range(1, (b - a).days))
