"""The fast calendar (a bisect over working-day ordinals) against slow, obvious
oracles, for every start date of the announced years."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gongkai.core.calendar import SHIPPED_DATA, WorkCalendar, naive_add_working_days

FIRST, LAST = dt.date(2019, 1, 1), dt.date(2026, 12, 31)
PERIODS = (1, 7, 15, 20, 40)  # one day; 补正 notice; consultation; reply; reply + extension


def every_day(first: dt.date, last: dt.date):
    d = first
    while d <= last:
        yield d
        d += dt.timedelta(days=1)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.shipped()


def raw_rule_is_workday(data: dict, day: dt.date) -> bool:
    """holidays.json schema.working_day_rule, read straight from the file."""
    for y in data["years"].values():
        if day.isoformat() in y.get("makeup_workdays", []):
            return True
        for h in y.get("holidays", []):
            if h["start"] <= day.isoformat() <= h["end"]:
                return False
    return day.weekday() < 5


def test_every_day_is_classified_as_the_file_says(cal):
    data = json.loads(SHIPPED_DATA.read_text(encoding="utf-8"))
    for day in every_day(dt.date(2018, 12, 29), LAST):
        assert cal.is_workday(day) == raw_rule_is_workday(data, day), day


def test_add_working_days_matches_the_day_by_day_loop_for_every_start_date(cal):
    for start in every_day(FIRST, LAST):
        for n in PERIODS:
            fast = cal.add_working_days(start, n)
            assert fast.date == naive_add_working_days(cal, start, n), (start, n)
            assert fast.provisional == (fast.date.year > 2026), (start, n)


def test_working_days_between_undoes_add_working_days(cal):
    for start in every_day(FIRST, LAST):
        for n in PERIODS:
            end = cal.add_working_days(start, n).date
            assert cal.working_days_between(start, end) == n, (start, n)
            assert cal.working_days_between(start, end - dt.timedelta(days=1)) == n - 1


def test_working_days_between_counts_like_a_loop_across_year_ends(cal):
    for start in every_day(dt.date(2025, 12, 1), dt.date(2026, 1, 31)):
        end = start + dt.timedelta(days=45)
        loop = sum(cal.is_workday(d) for d in every_day(start + dt.timedelta(days=1), end))
        assert cal.working_days_between(start, end) == loop


def test_zero_working_days_is_the_start_itself_and_negative_is_refused(cal):
    assert cal.add_working_days(dt.date(2025, 10, 3), 0).date == dt.date(2025, 10, 3)
    with pytest.raises(ValueError):
        cal.add_working_days(dt.date(2025, 10, 3), -1)
