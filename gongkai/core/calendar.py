"""The official working-day calendar, as pure functions over announced data.

A date is a working day iff it is Monday–Friday and not inside an announced rest
range, or it is an announced 调休 make-up Saturday/Sunday (regs/holidays.json,
schema.working_day_rule).

Periods "within N working days" count from the day *after* the start date
(regs/summary.md §A: convention drawn from the general PRC period-counting
rule; the 条例 itself is silent). A period that runs into a year whose
arrangement has not been announced is computed on weekends only and marked
provisional — never silently treated as certain.

The hot path (`add_working_days`) is a bisect over a sorted array of the
working-day ordinals of the announced years, so 100k deadlines cost 100k
binary searches, not 100k day-by-day walks (bench/due_dates.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .arrangements import RestRange, YearArrangement
from .statutory import FIRST_STATUTORY_YEAR, statutory_arrangement

SHIPPED_DATA = Path(__file__).parent / "data" / "holidays.json"


@dataclass(frozen=True)
class WorkdayResult:
    """A computed date with the facts that explain it."""

    start: dt.date
    days: int
    date: dt.date
    provisional: bool
    skipped_rest: tuple[RestRange, ...] = ()
    makeup_days: tuple[dt.date, ...] = ()
    unannounced_years: tuple[int, ...] = ()

    def explain(self) -> str:
        parts = [
            _("自%(start)s次日起算第%(n)d个工作日：%(date)s")
            % {"start": self.start.isoformat(), "n": self.days, "date": self.date.isoformat()}
        ]
        for r in self.skipped_rest:
            parts.append(
                _("%(a)s至%(b)s %(name)s放假")
                % {"a": r.start.strftime("%m-%d"), "b": r.end.strftime("%m-%d"), "name": r.name}
            )
        for d in self.makeup_days:
            parts.append(_("%(d)s 调休上班") % {"d": d.strftime("%m-%d")})
        if self.provisional:
            years = "、".join(str(y) for y in self.unannounced_years)
            parts.append(
                _(
                    "注意：%(years)s年节假日安排尚未公布，暂按《全国年节及纪念日放假办法》规定的法定节假日和周末计算，公布后将重新计算"
                )
                % {"years": years}
            )
        return "；".join(parts)


class OutOfRange(ValueError):
    """A date the calendar cannot answer for (before its first year, past its horizon)."""


# Years past the last announced one that are answered provisionally, on the
# statutory holidays of the 办法 (statutory.py): a reply with two extensions
# ends well within them; anything later is not a question the calendar answers.
PROVISIONAL_YEARS = 10
MAX_ORDINAL = dt.date.max.toordinal()


def _weekdays_through(o: int) -> int:
    """Monday–Friday days among ordinals 1..o (ordinal 1, 0001-01-01, is a Monday)."""
    return o // 7 * 5 + min(o % 7, 5)


def _nth_weekday(count: int) -> int:
    """The ordinal of the `count`-th weekday since 0001-01-01 (inverse of the above)."""
    return (count - 1) // 5 * 7 + (count - 1) % 5 + 1


@dataclass
class WorkCalendar:
    """Announced years → working-day arithmetic. Immutable once built; rebuild on change.

    Years between the first announced one and PROVISIONAL_YEARS past the last that
    have no notice are filled with the statutory holidays of the 办法 (provisional).
    Every question costs a few bisects whatever the span: a dense table of working-day
    ordinals over the covered years, and closed-form weekday counting outside it."""

    years: dict[int, YearArrangement] = field(default_factory=dict)
    horizon: int = PROVISIONAL_YEARS

    # -- construction -------------------------------------------------------
    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WorkCalendar:
        years = {}
        for key, y in data["years"].items():
            if "holidays" not in y:  # e.g. 2027: {"status": "not published"}
                continue
            years[int(key)] = YearArrangement(
                year=int(key),
                rest=tuple(
                    RestRange(
                        h["name"],
                        dt.date.fromisoformat(h["start"]),
                        dt.date.fromisoformat(h["end"]),
                    )
                    for h in y["holidays"]
                ),
                makeup=tuple(dt.date.fromisoformat(d) for d in y["makeup_workdays"]),
                notice=y.get("doc_no") or y.get("notice") or "",
            )
        return cls(years)

    @classmethod
    def shipped(cls) -> WorkCalendar:
        return cls.from_json(json.loads(SHIPPED_DATA.read_text(encoding="utf-8")))

    # -- the years answered -------------------------------------------------
    @cached_property
    def first_year(self) -> int:
        return min(self.years, default=timezone.localdate().year)

    @cached_property
    def last_year(self) -> int:
        return max(self.years, default=self.first_year) + self.horizon

    def served(self) -> tuple[dt.date, dt.date]:
        """The dates this calendar answers for, announced or provisional."""
        return dt.date(self.first_year, 1, 1), dt.date(self.last_year, 12, 31)

    @cached_property
    def provisional_years(self) -> dict[int, YearArrangement]:
        first = max(self.first_year, FIRST_STATUTORY_YEAR)
        missing = (y for y in range(first, self.last_year + 1) if y not in self.years)
        return {y: statutory_arrangement(y) for y in missing}

    @cached_property
    def _all_years(self) -> list[YearArrangement]:
        return list(self.years.values()) + list(self.provisional_years.values())

    # -- derived tables (computed once per instance) ------------------------
    @cached_property
    def _rest_days(self) -> dict[dt.date, RestRange]:
        out: dict[dt.date, RestRange] = {}
        for y in self._all_years:
            for r in y.rest:
                d = r.start
                while d <= r.end:
                    out[d] = r
                    d += dt.timedelta(days=1)
        return out

    @cached_property
    def _makeup_days(self) -> frozenset[dt.date]:
        return frozenset(d for y in self._all_years for d in y.makeup)

    @cached_property
    def announced(self) -> frozenset[int]:
        return frozenset(self.years)

    @cached_property
    def _span(self) -> tuple[int, int]:
        """Ordinal range [lo, hi] of the dense table: the served years plus the days
        of the previous December that the first year's ranges reach into."""
        if not self.years:
            return (0, -1)
        lo = dt.date(self.first_year - 1, 12, 1).toordinal()
        hi = dt.date(self.last_year, 12, 31).toordinal()
        return (lo, hi)

    @cached_property
    def _workday_ordinals(self) -> list[int]:
        lo, hi = self._span
        return [o for o in range(lo, hi + 1) if self._is_workday_uncached(dt.date.fromordinal(o))]

    # -- questions ----------------------------------------------------------
    def is_announced(self, year: int) -> bool:
        return year in self.years

    def _is_workday_uncached(self, d: dt.date) -> bool:
        if d in self._makeup_days:
            return True
        return d.weekday() < 5 and d not in self._rest_days

    def is_workday(self, d: dt.date) -> bool:
        return self._is_workday_uncached(d)

    def rest_name(self, d: dt.date) -> str | None:
        r = self._rest_days.get(d)
        return r.name if r else None

    # -- arithmetic ---------------------------------------------------------
    def add_working_days(self, start: dt.date, n: int) -> WorkdayResult:
        """The n-th working day after `start` (start itself not counted), n ≥ 0."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return WorkdayResult(start, 0, start, provisional=not self._covers(start, start))
        target = self._ordinal_date(self._add(start.toordinal(), n))
        return self._result(start, n, target)

    def _add(self, s: int, n: int) -> int:
        """Bisect inside the dense table, closed-form weekday counting outside it."""
        lo, hi = self._span
        ords = self._workday_ordinals
        if s < lo - 1:
            before = _weekdays_through(lo - 1) - _weekdays_through(s)
            if n <= before:
                return _nth_weekday(_weekdays_through(s) + n)
            s, n = lo - 1, n - before
        if s <= hi:
            i = bisect.bisect_right(ords, s) + n - 1
            if i < len(ords):
                return ords[i]
            s, n = hi, i - len(ords) + 1
        return _nth_weekday(_weekdays_through(s) + n)

    @staticmethod
    def _ordinal_date(o: int) -> dt.date:
        if not 1 <= o <= MAX_ORDINAL:
            raise OutOfRange(o)
        return dt.date.fromordinal(o)

    def _slow_add(self, start: dt.date, n: int) -> dt.date:
        d, left = start, n
        while left:
            d += dt.timedelta(days=1)
            if self.is_workday(d):
                left -= 1
        return d

    def _working_days_through(self, o: int) -> int:
        """Working days among ordinals 1..o: weekdays outside the table, the table inside."""
        lo, hi = self._span
        if o < lo:
            return _weekdays_through(o)
        inside = bisect.bisect_right(self._workday_ordinals, min(o, hi))
        after = _weekdays_through(o) - _weekdays_through(hi) if o > hi else 0
        return _weekdays_through(lo - 1) + inside + after

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how many were used from `start` to `end`."""
        if end <= start:
            return 0
        s, e = start.toordinal(), end.toordinal()
        return self._working_days_through(e) - self._working_days_through(s)

    def rests_between(self, start: dt.date, end: dt.date) -> list[RestRange]:
        """Rest ranges (announced or statutory-provisional) that reach into (start, end]."""
        rests = (r for y in self._all_years for r in y.rest if r.end > start and r.start <= end)
        return sorted(rests, key=lambda r: r.start)

    def makeups_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        mk = self._makeup_sorted
        s, e = start.toordinal(), end.toordinal()
        return [
            dt.date.fromordinal(o)
            for o in mk[bisect.bisect_right(mk, s) : bisect.bisect_right(mk, e)]
        ]

    def next_workday_on_or_after(self, d: dt.date) -> dt.date:
        while not self.is_workday(d):
            d += dt.timedelta(days=1)
        return d

    def _covers(self, start: dt.date, end: dt.date) -> bool:
        return all(self.is_announced(y) for y in range(start.year, end.year + 1))

    @cached_property
    def _weekday_rests(self) -> list[tuple[int, int, RestRange]]:
        """Rest ranges that take at least one weekday, as (first weekday, last weekday,
        range) ordinals, sorted; ranges never overlap, so both keys are sorted."""
        out = []
        for y in self._all_years:
            for r in y.rest:
                days = [r.start + dt.timedelta(days=i) for i in range((r.end - r.start).days + 1)]
                weekdays = [d for d in days if d.weekday() < 5]
                if weekdays:
                    out.append((weekdays[0].toordinal(), weekdays[-1].toordinal(), r))
        return sorted(out, key=lambda x: x[0])

    @cached_property
    def _weekday_rest_keys(self) -> tuple[list[int], list[int]]:
        return [f for f, _l, _r in self._weekday_rests], [la for _f, la, _r in self._weekday_rests]

    @cached_property
    def _makeup_sorted(self) -> list[int]:
        return sorted(d.toordinal() for d in self._makeup_days)

    def _result(self, start: dt.date, n: int, target: dt.date) -> WorkdayResult:
        missing = tuple(y for y in range(start.year, target.year + 1) if not self.is_announced(y))
        s, t = start.toordinal(), target.toordinal()
        # A range is named when one of its weekdays falls in (s, t] — also a range that
        # began before the start (receipt on a holiday: signed post signed on 10-03).
        firsts, lasts = self._weekday_rest_keys
        rests = self._weekday_rests[bisect.bisect_right(lasts, s) : bisect.bisect_right(firsts, t)]
        mk = self._makeup_sorted
        makeup = mk[bisect.bisect_right(mk, s) : bisect.bisect_right(mk, t)]
        return WorkdayResult(
            start=start,
            days=n,
            date=target,
            provisional=bool(missing),
            skipped_rest=tuple(r for _f, _l, r in rests),
            makeup_days=tuple(dt.date.fromordinal(o) for o in makeup),
            unannounced_years=missing,
        )

    def arrangement(self, year: int) -> list[tuple[dt.date, str]]:
        """A year's non-ordinary days: rest days on weekdays and make-up working days."""
        rows = [(d, r.name + _("放假")) for d, r in self._rest_days.items() if d.year == year]
        rows += [(d, _("调休上班")) for d in self._makeup_days if d.year == year]
        return sorted(rows)


def naive_add_working_days(cal: WorkCalendar, start: dt.date, n: int) -> dt.date:
    """Day-by-day reference implementation (benchmark baseline, test oracle)."""
    return cal._slow_add(start, n)


def merge(base: WorkCalendar, extra: Iterable[YearArrangement]) -> WorkCalendar:
    years = dict(base.years)
    for y in extra:
        years[y.year] = y
    return WorkCalendar(years)
