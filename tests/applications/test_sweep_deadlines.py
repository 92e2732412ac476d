"""`manage.py sweep_deadlines`: the daily sweep marks due-soon and overdue cases,
records each change once, mails the handling staff, and is idempotent."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.applications import services
from gongkai.applications.models import DueState, EventKind

D = dt.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 1):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI))


@pytest.fixture
def case(agencies, clerk, reviewer, applicant_data):
    """Received in person on 2025-09-26, due 2025-10-30 — registered on that day."""
    with at(D(2025, 9, 26), 10):
        app, _code = services.register(
            clerk, agencies["TCBGS"], applicant_data, "in_person", D(2025, 9, 26)
        )
    assert app.due_state == DueState.ON_TRACK
    return app


def sweep(capture, *args: str) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("sweep_deadlines", *args, stdout=out)
    return out.getvalue()


def state_events(app):
    return list(app.events.filter(kind=EventKind.DUE_STATE_CHANGED).values_list("data", flat=True))


def test_three_working_days_before_the_deadline_the_case_is_due_soon_and_staff_are_mailed(
    case, mailoutbox, django_capture_on_commit_callbacks
):
    with at(D(2025, 10, 27)):
        output = sweep(django_capture_on_commit_callbacks)
    case.refresh_from_db()

    assert case.due_state == DueState.DUE_SOON
    assert state_events(case) == [{"old": "on_track", "new": "due_soon", "due_on": "2025-10-30"}]
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["clerk@example.gov.cn", "reviewer@example.gov.cn"]
    assert "即将到期" in mailoutbox[0].subject
    assert "2025-10-30" in mailoutbox[0].body
    assert "即将到期 1 件" in output
    assert "本次状态变化 1 件" in output


def test_four_working_days_before_the_deadline_nothing_happens(
    case, mailoutbox, django_capture_on_commit_callbacks
):
    with at(D(2025, 10, 24)):
        output = sweep(django_capture_on_commit_callbacks)
    case.refresh_from_db()

    assert case.due_state == DueState.ON_TRACK
    assert state_events(case) == []
    assert mailoutbox == []
    assert "正常 1 件" in output


def test_a_second_run_on_the_same_day_changes_nothing(
    case, mailoutbox, django_capture_on_commit_callbacks
):
    with at(D(2025, 10, 27)):
        sweep(django_capture_on_commit_callbacks)
        output = sweep(django_capture_on_commit_callbacks)

    assert len(state_events(case)) == 1
    assert len(mailoutbox) == 1
    assert "本次状态变化 0 件" in output


def test_the_day_after_the_deadline_the_case_is_overdue(
    case, mailoutbox, django_capture_on_commit_callbacks
):
    with at(D(2025, 10, 27)):
        sweep(django_capture_on_commit_callbacks)
    with at(D(2025, 10, 31)):
        output = sweep(django_capture_on_commit_callbacks)
        sweep(django_capture_on_commit_callbacks)
    case.refresh_from_db()

    assert case.due_state == DueState.OVERDUE
    assert [e["new"] for e in state_events(case)] == ["due_soon", "overdue"]
    assert len(mailoutbox) == 2
    assert "已逾期" in mailoutbox[1].subject
    assert "已逾期 1 件" in output


def test_a_day_can_be_replayed_with_date(case, django_capture_on_commit_callbacks):
    output = sweep(django_capture_on_commit_callbacks, "--date", "2025-10-31")
    case.refresh_from_db()

    assert case.due_state == DueState.OVERDUE
    assert output.startswith("2025-10-31")


def test_cases_waiting_for_a_correction_or_closed_are_not_swept(
    case, clerk, mailoutbox, django_capture_on_commit_callbacks
):
    with at(D(2025, 9, 29), 10):
        services.request_correction(clerk, case, "请写明所需文件的文号", D(2025, 9, 29))
    sweep(django_capture_on_commit_callbacks, "--date", "2025-12-31")
    case.refresh_from_db()

    assert case.due_state == DueState.PAUSED
    assert state_events(case) == []
    assert mailoutbox == []


def test_a_bad_date_is_refused_in_chinese():
    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
        call_command("sweep_deadlines", "--date", "2025-02-30")
