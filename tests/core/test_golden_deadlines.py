"""Golden dates: the 20-working-day reply period (条例第三十三条) around 春节 and
国庆 of several years, counted by hand from the 国务院办公厅 notices
(regs/holidays.json) and written down here. Each explanation must name the
holiday and the 调休 working days that made the date what it is."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications import deadlines
from gongkai.core.calendar import WorkCalendar

D = dt.date


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.shipped()


def reply_due(cal: WorkCalendar, receipt: dt.date) -> deadlines.Due:
    return deadlines.reply_due(cal, deadlines.ClockFacts(receipt))


GOLDEN = [
    # receipt,        due,            what the explanation must name
    pytest.param(D(2020, 1, 20), D(2020, 2, 25), ["01-24至02-02 春节放假"], id="2020-春节-covid"),
    pytest.param(
        D(2020, 1, 17), D(2020, 2, 21), ["春节放假", "01-19 调休上班"], id="2020-春节-makeup"
    ),
    pytest.param(
        D(2023, 1, 16),
        D(2023, 2, 16),
        ["01-21至01-27 春节放假", "01-28 调休上班", "01-29 调休上班"],
        id="2023-春节",
    ),
    pytest.param(
        D(2024, 2, 1),
        D(2024, 3, 5),
        ["02-10至02-17 春节放假", "02-04 调休上班", "02-18 调休上班"],
        id="2024-春节",
    ),
    pytest.param(
        D(2025, 1, 20),
        D(2025, 2, 21),
        ["01-28至02-04 春节放假", "01-26 调休上班", "02-08 调休上班"],
        id="2025-春节",
    ),
    pytest.param(
        D(2026, 2, 9),
        D(2026, 3, 13),
        ["02-15至02-23 春节放假", "02-14 调休上班", "02-28 调休上班"],
        id="2026-春节",
    ),
    pytest.param(
        D(2019, 9, 20),
        D(2019, 10, 23),
        ["10-01至10-07 国庆节放假", "09-29 调休上班", "10-12 调休上班"],
        id="2019-国庆",
    ),
    pytest.param(
        D(2020, 9, 25),
        D(2020, 10, 29),
        ["10-01至10-08 国庆节、中秋节放假", "09-27 调休上班", "10-10 调休上班"],
        id="2020-国庆中秋",
    ),
    pytest.param(
        D(2023, 9, 25),
        D(2023, 10, 27),
        ["09-29至10-06 中秋节、国庆节放假", "10-07 调休上班", "10-08 调休上班"],
        id="2023-中秋国庆",
    ),
    pytest.param(
        D(2024, 9, 23),
        D(2024, 10, 24),
        ["10-01至10-07 国庆节放假", "09-29 调休上班", "10-12 调休上班"],
        id="2024-国庆",
    ),
    pytest.param(
        D(2025, 9, 26),
        D(2025, 10, 30),
        ["10-01至10-08 国庆节、中秋节放假", "09-28 调休上班", "10-11 调休上班"],
        id="2025-国庆中秋",
    ),
]


@pytest.mark.parametrize(("receipt", "due", "named"), GOLDEN)
def test_reply_due_date_around_the_long_holidays_is_the_hand_counted_date(cal, receipt, due, named):
    result = reply_due(cal, receipt)

    assert result.date == due
    assert result.provisional is False
    explanation = "；".join(result.steps)
    for phrase in named:
        assert phrase in explanation
    assert f"收到申请之日 {receipt.isoformat()}" in explanation


def test_the_cancelled_2020_makeup_saturday_is_not_a_working_day(cal):
    # The 2020-01-26 extension of 春节 cancelled the 02-01 make-up day.
    assert not cal.is_workday(D(2020, 2, 1))
    assert cal.add_working_days(D(2020, 1, 23), 1).date == D(2020, 2, 3)


def test_a_makeup_saturday_counts_as_a_working_day(cal):
    result = cal.add_working_days(D(2025, 2, 7), 1)

    assert result.date == D(2025, 2, 8)  # Saturday, 调休上班 after 春节
    assert "02-08 调休上班" in result.explain()


def test_a_makeup_sunday_counts_and_can_itself_be_the_deadline(cal):
    # 20 working days from Monday 2025-09-01 end on Sunday 09-28, a 国庆 调休 day.
    result = reply_due(cal, D(2025, 9, 1))

    assert result.date == D(2025, 9, 28)
    assert "09-28 调休上班" in result.steps[-1]


def test_an_ordinary_weekend_is_skipped(cal):
    assert cal.add_working_days(D(2025, 11, 7), 1).date == D(2025, 11, 10)


def test_receipt_on_a_holiday_counts_from_the_next_day_and_names_the_holiday(cal):
    # Signed post signed for on 2025-10-03, inside 国庆: 10-04..10-08 are rest days,
    # 10-09 is the first working day counted.
    result = cal.add_working_days(D(2025, 10, 3), 20)

    assert cal.add_working_days(D(2025, 10, 3), 1).date == D(2025, 10, 9)
    assert result.date == D(2025, 11, 4)
    assert "国庆节、中秋节放假" in result.explain()
    assert "10-11 调休上班" in result.explain()


def test_a_period_reaching_an_unannounced_year_is_provisional_and_says_so(cal):
    result = reply_due(cal, D(2026, 12, 10))

    # 2027 counted on the statutory holidays of the 放假办法: 01-01 (Friday) is a rest day.
    assert result.date == D(2027, 1, 8)
    assert result.provisional is True
    assert "2027年节假日安排尚未公布" in result.steps[-1]


def test_the_worked_examples_of_holidays_json_hold(cal):
    import json

    from gongkai.core.calendar import SHIPPED_DATA

    examples = json.loads(SHIPPED_DATA.read_text(encoding="utf-8"))["worked_examples"]
    assert examples
    for ex in examples:
        start = D.fromisoformat(ex["received"])
        assert cal.add_working_days(start, ex["add_working_days"]).date == D.fromisoformat(
            ex["result"]
        )
