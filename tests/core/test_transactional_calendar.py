"""Transactional tests (the browser tests, the worker tests) see the announced calendar.

The 2019–2026 arrangements reach the database through a data migration
(core/migrations/0002_load_shipped_holidays.py). A ``transaction=True`` test ends by
flushing every table, that data included, so every transactional test after the first
one used to run on an empty HolidayYear table: the fixture case's 答复期限 came out
2025-10-24 (weekends only, provisional) instead of 2025-10-30 (国庆 2025 announced).
tests/conftest.py puts the shipped years back before each transactional test.

The test runs twice so that at least one run follows another transactional test's flush."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core import workcalendar
from gongkai.core.models import HolidayYear

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("run", ["first", "after a flush"])
def test_a_transactional_test_sees_the_announced_2025_calendar(run, received_case):
    assert HolidayYear.objects.filter(year=2025).exists()
    assert received_case.due_on == dt.date(2025, 10, 30)
    due = workcalendar.get_calendar().add_working_days(dt.date(2025, 9, 26), 20)
    assert due.date == dt.date(2025, 10, 30) and not due.provisional


@pytest.mark.django_db(transaction=False)
def test_the_rows_put_back_are_those_the_migration_wrote():
    migrated = {
        h.year: {"notice": h.notice, "doc_no": h.doc_no, "arrangement": h.arrangement}
        for h in HolidayYear.objects.all()
    }
    assert migrated == workcalendar.announced_shipped_years()
    assert 2025 in migrated and 2027 not in migrated
