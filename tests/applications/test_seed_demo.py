"""`manage.py seed_demo`: the demo has every state, every decision type, every
appeal kind with every result and every letter kind — each built through the
services with its real history — and a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications import reporting
from gongkai.applications.decisions import Decision
from gongkai.applications.demo.people import DEMO_PASSWORD, STAFF
from gongkai.applications.intake import clean_applicant
from gongkai.applications.models import (
    Appeal,
    AppealKind,
    AppealResult,
    Application,
    CaseEvent,
    DueState,
    EventKind,
    Letter,
    LetterKind,
    Status,
)
from gongkai.core.workcalendar import get_calendar

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, rolled back after its last test."""
    var = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=var), transaction.atomic():
        first, second = StringIO(), StringIO()
        # The annual-report ledgers are tested in tests/reports/test_annual_seed_ledgers.py.
        call_command("seed_demo", without_ledgers=True, stdout=first)
        count = Application.objects.count()
        call_command("seed_demo", without_ledgers=True, stdout=second)
        yield {"first": first.getvalue(), "second": second.getvalue(), "count": count}
        transaction.set_rollback(True)


def test_the_demo_has_a_case_in_every_state(demo, db):
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)


def test_the_demo_has_every_decision_type(demo, db):
    decided = set(Application.objects.exclude(decision="").values_list("decision", flat=True))
    assert decided == set(Decision.values)


def test_the_demo_has_every_appeal_kind_with_every_result(demo, db):
    pairs = set(Appeal.objects.values_list("kind", "result"))
    assert pairs == {(k, r) for k in AppealKind.values for r in AppealResult.values}
    after = Appeal.objects.filter(kind=AppealKind.LITIGATION_AFTER_REVIEW)
    assert all(a.after_review and a.after_review.kind == AppealKind.REVIEW for a in after)


def test_the_demo_issues_every_kind_of_letter(demo, db):
    assert set(Letter.objects.values_list("kind", flat=True)) == set(LetterKind.values)
    replied = Application.objects.filter(status=Status.REPLIED)
    assert all(a.letters.filter(kind=LetterKind.REPLY).exists() for a in replied)


def test_the_work_queue_has_due_soon_overdue_and_provisional_cases(demo, db):
    live = Application.objects.open()
    assert live.filter(due_state=DueState.DUE_SOON).exists()
    assert live.filter(due_state=DueState.OVERDUE).exists()
    extended = live.get(extension_days=20)
    if not get_calendar().is_announced(extended.due_on.year):
        assert extended.due_provisional
        assert "尚未公布" in extended.due_explanation[-1]


def test_the_showcase_cases_are_there(demo, db):
    correction = Application.objects.get(status=Status.CORRECTION)
    assert correction.corrections.get().received_on is None
    fee_paid = Application.objects.filter(fee__paid_on__isnull=False, status=Status.REPLIED)
    assert fee_paid.exists()
    across_national_day = Application.objects.get(
        extension__approved=True, receipt_date=dt.date(2025, 9, 1)
    )
    assert "国庆节、中秋节放假" in "；".join(across_national_day.due_explanation)
    replied = Application.objects.filter(status=Status.REPLIED)
    assert all(a.decision_grounds for a in replied.filter(decision=Decision.PARTIAL))
    assert all(a.responsible_organ for a in replied.filter(decision=Decision.NOT_OUR_INFO))


def test_every_case_has_its_history_at_the_time_it_happened(demo, db):
    for app in Application.objects.exclude(channel="online"):
        first = app.events.order_by("at", "id").first()
        assert first.kind == EventKind.REGISTERED
        assert timezone.localtime(first.at).date() == app.arrived_on
    for app in Application.objects.exclude(concluded_on=None):
        last = app.events.filter(
            kind__in=[EventKind.DECISION_APPROVED, EventKind.ABANDONED, EventKind.WITHDRAWN]
        ).get()
        assert timezone.localtime(last.at).date() == app.concluded_on


def test_the_numbers_follow_the_order_of_arrival(demo, db):
    for agency in Agency.objects.all():
        for year in (2025, 2026):
            arrivals = list(
                Application.objects.filter(agency=agency, year=year)
                .order_by("seq")
                .values_list("arrived_on", flat=True)
            )
            assert arrivals == sorted(arrivals)


def test_every_applicant_passes_the_intake_rules(demo, db):
    from gongkai.applications.intake import APPLICANT_FIELDS

    for app in Application.objects.all():
        clean_applicant({f: getattr(app, f) for f in APPLICANT_FIELDS})


def test_the_demo_years_balance_in_the_annual_report_tables(demo, db):
    agencies = list(Agency.objects.all())
    t2025 = reporting.count_requests(agencies, 2025)
    t2026 = reporting.count_requests(agencies, 2026)

    assert t2025.imbalances() == [] and t2026.imbalances() == []
    assert t2025.value("carry_next") > 0
    assert t2025.values("carry_next") == t2026.values("carried_over")


def test_every_demo_user_can_log_in_with_the_demo_password(demo, db):
    for who in STAFF:
        user = authenticate(username=who.username, password=DEMO_PASSWORD)
        assert user is not None and user.get_full_name() == who.full_name


def test_the_command_prints_the_url_the_logins_and_tracking_codes(demo, db):
    out = demo["first"]
    assert "http://127.0.0.1:8000/" in out
    assert DEMO_PASSWORD in out
    for who in STAFF:
        assert who.username in out
    assert "查询码" in out


def test_a_second_run_creates_nothing_new(demo, db):
    assert Application.objects.count() == demo["count"]
    assert "已存在" in demo["second"]
    assert "tc_clerk" in demo["second"]


def test_the_daily_sweep_ran_during_the_demo(demo, db):
    assert CaseEvent.objects.filter(kind=EventKind.DUE_STATE_CHANGED).exists()
