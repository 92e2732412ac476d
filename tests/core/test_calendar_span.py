"""The calendar's cost does not grow with the span it is asked about (security H1):
counting uses weekday arithmetic plus the table of exceptions, never a day walk."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.calendar import OutOfRange, WorkCalendar

D = dt.date


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar.shipped()


def loop_count(cal: WorkCalendar, start: dt.date, end: dt.date) -> int:
    n, d = 0, start
    while d < end:
        d += dt.timedelta(days=1)
        n += cal.is_workday(d)
    return n


def test_the_calendar_serves_the_announced_years_and_ten_provisional_ones(cal):
    assert cal.served() == (D(2019, 1, 1), D(2036, 12, 31))
    assert set(cal.provisional_years) == set(range(2027, 2037))


@pytest.mark.parametrize(
    "start,end",
    [
        (D(2010, 3, 3), D(2019, 2, 1)),  # before the table into it
        (D(2018, 11, 29), D(2018, 12, 31)),  # wholly before
        (D(2036, 12, 1), D(2038, 1, 15)),  # out of the table's end
        (D(2037, 1, 1), D(2040, 7, 4)),  # wholly after
        (D(2015, 6, 1), D(2045, 6, 1)),  # across the whole table
    ],
)
def test_counting_across_the_table_edges_matches_a_day_by_day_loop(cal, start, end):
    assert cal.working_days_between(start, end) == loop_count(cal, start, end)


@pytest.mark.parametrize("start", [D(2010, 3, 3), D(2018, 12, 20), D(2036, 11, 1), D(2040, 1, 1)])
@pytest.mark.parametrize("n", [1, 5, 20, 300, 3650])
def test_adding_across_the_table_edges_matches_a_day_by_day_loop(cal, start, n):
    assert cal.add_working_days(start, n).date == cal._slow_add(start, n)


def test_the_widest_span_is_answered_without_looking_at_single_days(cal, monkeypatch):
    cal.working_days_between(D(2020, 1, 1), D(2020, 1, 2))  # build the tables once
    looked_at = []
    monkeypatch.setattr(cal, "is_workday", lambda d: looked_at.append(d) or True)
    monkeypatch.setattr(cal, "_is_workday_uncached", lambda d: looked_at.append(d) or True)

    n = cal.working_days_between(D(1, 1, 1), D(9999, 12, 31))
    cal.add_working_days(D(1, 1, 1), 3650)
    cal.add_working_days(D(2026, 12, 4), 20)  # December: into the provisional year

    assert looked_at == []
    assert 2_600_000 < n < 2_610_000


def test_a_result_past_the_last_representable_date_is_refused(cal):
    with pytest.raises(OutOfRange):
        cal.add_working_days(D(9999, 12, 1), 3650)
