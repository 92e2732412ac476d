"""Extensions under races, with real threads on whichever database DATABASE_URL names
(PostgreSQL in CI: row locks and compare-and-set; SQLite: IMMEDIATE transactions).

- Two reviewers decide the same extension at once: exactly one decision is written, the
  other gets the Chinese conflict message; never "refused" with the deadline extended.
- Two clerks ask for an extension at once: one request, the other a clean Chinese error.
"""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from gongkai.agencies.models import Membership, Role
from gongkai.applications import services
from gongkai.applications.models import Application, EventKind, Extension

D = dt.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
CASES = 5
REASON = "需要调取档案室存档材料"

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment, one thread and connection each; results in order
    (a returned value, or the exception raised)."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = calls[i]()
        except BaseException as exc:  # compared by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _staff(username: str, agency, role: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, password="pw-for-tests-1")
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


def _new_case(clerk, agencies, applicant_data) -> Application:
    app, _code = services.register(
        clerk, agencies["TCBGS"], applicant_data, "in_person", D(2025, 9, 26)
    )
    return app


def _fresh(app: Application) -> Application:
    return Application.objects.get(pk=app.pk)


def test_two_reviewers_deciding_one_extension_at_once_write_exactly_one_decision(
    agencies, clerk, reviewer, applicant_data
):
    second = _staff("reviewer_b", agencies["TCBGS"], Role.REVIEWER)
    for _ in range(CASES):
        app = _new_case(clerk, agencies, applicant_data)
        with time_machine.travel(dt.datetime(2025, 10, 9, 9, 0, tzinfo=SHANGHAI)):
            services.request_extension(clerk, app, 10, REASON)

        approve, refuse = _race(
            lambda app=app: services.decide_extension(reviewer, _fresh(app), True, D(2025, 10, 9)),
            lambda app=app: services.decide_extension(second, _fresh(app), False, D(2025, 10, 9)),
        )

        winners = [r for r in (approve, refuse) if isinstance(r, Extension)]
        losers = [r for r in (approve, refuse) if isinstance(r, BaseException)]
        assert len(winners) == 1 and len(losers) == 1, (approve, refuse)
        assert isinstance(losers[0], services.ConflictError), losers[0]
        assert "已由他人审批" in " ".join(losers[0].messages)
        app.refresh_from_db()
        ext = Extension.objects.get(application=app)
        kinds = list(
            app.events.filter(
                kind__in=[EventKind.EXTENSION_APPROVED, EventKind.EXTENSION_REFUSED]
            ).values_list("kind", flat=True)
        )
        if ext.approved:
            assert app.extension_days == 10 and app.due_on == D(2025, 11, 13)
            assert kinds == [EventKind.EXTENSION_APPROVED]
        else:
            assert app.extension_days == 0 and app.due_on == D(2025, 10, 30)
            assert kinds == [EventKind.EXTENSION_REFUSED]


def test_two_clerks_asking_for_an_extension_at_once_get_one_request_and_a_clear_error(
    agencies, clerk, applicant_data
):
    other = _staff("clerk_b", agencies["TCBGS"], Role.CLERK)
    for _ in range(CASES):
        app = _new_case(clerk, agencies, applicant_data)

        results = _race(
            lambda app=app: services.request_extension(clerk, _fresh(app), 10, REASON),
            lambda app=app: services.request_extension(other, _fresh(app), 15, REASON),
        )

        made = [r for r in results if isinstance(r, Extension)]
        refused = [r for r in results if isinstance(r, BaseException)]
        assert len(made) == 1 and len(refused) == 1, results
        # A step error in Chinese (the view shows it, the API answers 400/409), not a 500.
        assert isinstance(refused[0], ValidationError), refused[0]
        assert "只能延期一次" in " ".join(refused[0].messages)
        assert Extension.objects.filter(application=app).count() == 1
        assert app.events.filter(kind=EventKind.EXTENSION_REQUESTED).count() == 1
