"""Years without a notice still rest on the holidays the 放假办法 fixes (provisional).

The computed lunar and solar-term dates are checked against the notices loaded for
2019–2026: every statutory day, and every 补假 day, is a rest day of that year's notice."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.calendar import WorkCalendar
from gongkai.core.statutory import statutory_arrangement, statutory_days

D = dt.date
ANNOUNCED = range(2019, 2027)
PERIODS = (1, 7, 15, 20, 40, 60)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.shipped()


def days_of(arrangement) -> list[dt.date]:
    return [
        r.start + dt.timedelta(days=i)
        for r in arrangement.rest
        for i in range((r.end - r.start).days + 1)
    ]


@pytest.mark.parametrize("year", ANNOUNCED)
def test_every_statutory_day_is_a_rest_day_of_the_same_holiday_in_the_notice(cal, year):
    for holiday, days in statutory_days(year).items():
        for day in days:
            name = cal.rest_name(day)
            assert name is not None, (holiday, day)
            assert holiday.removesuffix("节") in name, (holiday, day, name)


@pytest.mark.parametrize("year", ANNOUNCED)
def test_every_computed_rest_day_including_bujia_is_a_rest_day_in_the_notice(cal, year):
    for day in days_of(statutory_arrangement(year)):
        assert cal.rest_name(day) is not None, day


def test_the_2024_revision_adds_chuxi_and_may_second_from_2025():
    assert statutory_days(2024)["春节"] == [D(2024, 2, 10), D(2024, 2, 11), D(2024, 2, 12)]
    assert statutory_days(2025)["春节"] == [
        D(2025, 1, 28),
        D(2025, 1, 29),
        D(2025, 1, 30),
        D(2025, 1, 31),
    ]
    assert statutory_days(2024)["劳动节"] == [D(2024, 5, 1)]
    assert statutory_days(2025)["劳动节"] == [D(2025, 5, 1), D(2025, 5, 2)]


def test_a_statutory_day_on_a_weekend_is_made_up_on_the_next_weekday():
    spring_2027 = next(r for r in statutory_arrangement(2027).rest if r.name == "春节")
    # 除夕 Fri 02-05, 初一 Sat, 初二 Sun, 初三 Mon → Tue and Wed made up (办法第六条).
    assert (spring_2027.start, spring_2027.end) == (D(2027, 2, 5), D(2027, 2, 10))


def test_holidays_falling_together_give_one_range_named_for_both():
    names = {r.name: (r.start, r.end) for r in statutory_arrangement(2028).rest}
    assert names["国庆节、中秋节"] == (D(2028, 10, 1), D(2028, 10, 4))


def test_unannounced_years_are_provisional_but_rest_on_the_statutory_days(cal):
    assert not cal.is_announced(2027)
    for day in (D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 10, 1), D(2027, 10, 4)):
        assert not cal.is_workday(day), day
    assert cal.rest_name(D(2027, 1, 1)) == "元旦"


def test_a_deadline_in_an_unannounced_year_never_falls_on_a_statutory_holiday(cal):
    statutory = {d for y in (2027, 2028) for days in statutory_days(y).values() for d in days}
    start = D(2026, 11, 1)
    while start <= D(2027, 12, 31):
        for n in PERIODS:
            result = cal.add_working_days(start, n)
            assert result.date not in statutory, (start, n, result.date)
            assert result.provisional == (result.date.year >= 2027)
        start += dt.timedelta(days=1)


def test_new_year_1_january_2027_is_named_in_the_explanation(cal):
    result = cal.add_working_days(D(2026, 12, 10), 20)
    assert result.date == D(2027, 1, 8)
    assert "01-01至01-01 元旦放假" in result.explain()
    assert "《全国年节及纪念日放假办法》" in result.explain()
