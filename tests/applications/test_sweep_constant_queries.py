"""The deadline sweep costs the same number of queries for 2 changes as for 12
(perf.md: 5 queries per changed case, 47 s for 8,036 changes)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.applications import services
from gongkai.applications.models import CaseEvent, DueState, EventKind
from gongkai.applications.sweep import sweep_deadlines

D = dt.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def register(n, agencies, clerk, applicant_data, code="TCBGS"):
    with time_machine.travel(dt.datetime(2025, 9, 26, 10, tzinfo=SHANGHAI)):
        return [
            services.register(clerk, agencies[code], applicant_data, "in_person", D(2025, 9, 26))[0]
            for _ in range(n)
        ]


def queries_of_sweep(on, capture_on_commit):
    with CaptureQueriesContext(connection) as queries, capture_on_commit(execute=True):
        counts = sweep_deadlines(on)
    return len(queries.captured_queries), counts


# Read the open cases, then per (old → new) pair lock + update, fetch the changed
# cases, insert the events, read the staff addresses, plus the transaction.
ONE_TRANSITION_QUERIES = 8


@pytest.mark.parametrize("n", [2, 12])
def test_the_sweep_costs_the_same_queries_however_many_cases_change(
    n, agencies, clerk, reviewer, applicant_data, mailoutbox, django_capture_on_commit_callbacks
):
    register(n, agencies, clerk, applicant_data)

    queries, counts = queries_of_sweep(D(2025, 10, 27), django_capture_on_commit_callbacks)

    assert counts["changed"] == counts["due_soon"] == n
    assert queries <= ONE_TRANSITION_QUERIES
    assert len(mailoutbox) == n
    assert CaseEvent.objects.filter(kind=EventKind.DUE_STATE_CHANGED).count() == n


def test_a_case_moved_by_someone_else_meanwhile_is_left_alone(
    agencies, clerk, reviewer, applicant_data, mailoutbox, django_capture_on_commit_callbacks
):
    from gongkai.applications.models import Application

    (app,) = register(1, agencies, clerk, applicant_data)
    Application.objects.filter(pk=app.pk).update(due_state=DueState.DUE_SOON)  # another sweep won

    _n, counts = queries_of_sweep(D(2025, 10, 27), django_capture_on_commit_callbacks)

    assert counts["changed"] == 0 and counts["due_soon"] == 1
    assert mailoutbox == []
