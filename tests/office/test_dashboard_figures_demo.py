"""On the demo data, the dashboard and table 三 summed from the per-month figures show
the numbers the old code counted from the cases, for every seed agency and the tree."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F
from django.test.utils import override_settings

from gongkai.agencies.models import Agency
from gongkai.applications import dashboards, figures, reporting
from gongkai.applications.decisions import Decision
from gongkai.applications.models import Application, MonthlyFigure, Status

pytestmark = pytest.mark.slow
YEARS = (2025, 2026)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seeded, then reset and seeded again (the reset deletes cases outside any step)."""
    var = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=var), transaction.atomic():
        call_command("seed_demo", without_ledgers=True, stdout=StringIO())
        call_command("seed_demo", without_ledgers=True, reset=True, stdout=StringIO())
        yield
        transaction.set_rollback(True)


def old_figures(agencies, year: int, end: dt.date) -> dict:
    """What the dashboard counted from the cases before the figures (main at c02c6c8)."""
    cases = Application.objects.filter(agency__in=agencies)
    concluded = cases.filter(concluded_on__year=year)
    replied = concluded.filter(status=Status.REPLIED)

    def per_agency(qs) -> Counter:
        return Counter(dict(qs.values_list("agency_id").annotate(n=Count("id"))))

    months = dashboards.last_months(end)

    def by_month(field: str) -> list[int]:
        return [
            cases.filter(**{f"{field}__year": m.year, f"{field}__month": m.month}).count()
            for m in months
        ]

    return {
        "received": per_agency(cases.filter(receipt_date__year=year)),
        "concluded": per_agency(concluded),
        "replied": per_agency(replied),
        "replied_on_time": per_agency(replied.filter(concluded_on__lte=F("due_on"))),
        "awaiting": cases.filter(receipt_date__isnull=True, arrived_on__year=year).count(),
        "decisions": {
            str(Decision(d).label): n
            for d, n in concluded.exclude(decision="")
            .values_list("decision")
            .annotate(n=Count("id"))
        },
        "months": [by_month("receipt_date"), by_month("concluded_on")],
    }


def scopes() -> list:
    root = Agency.objects.filter(parent__isnull=True)
    seeded = Agency.objects.filter(pk__in=Application.objects.values("agency_id")).distinct()
    return [Agency.objects.all(), *(Agency.objects.subtree_of(a) for a in [*root, *seeded])]


def test_the_demo_has_cases_in_every_year_compared(demo, db):
    for year in YEARS:
        assert Application.objects.filter(receipt_date__year=year).exists(), year


def test_the_figures_after_seeding_equal_a_recount(demo, db):
    stored = Counter(
        {
            (
                r.agency_id,
                r.month,
                r.kind,
                r.applicant_type,
                r.decision,
                r.replied,
                r.on_time,
            ): r.count
            for r in MonthlyFigure.objects.all()
        }
    )
    assert stored == figures.tally(Application.objects.values(*figures.FACT_FIELDS))


@pytest.mark.parametrize("year", YEARS)
def test_the_dashboard_shows_what_the_cases_say(demo, db, year):
    end = dt.date(year, 12, 1)
    for scope in scopes():
        cache.clear()
        new = dashboards.figures(scope, year, end)
        old = old_figures(scope, year, end)
        s = new.summary
        assert s.received == sum(old["received"].values())
        assert s.concluded == sum(old["concluded"].values())
        assert (s.replied, s.replied_on_time) == (
            sum(old["replied"].values()),
            sum(old["replied_on_time"].values()),
        )
        assert s.awaiting_receipt == old["awaiting"]
        assert dict(new.decisions) == old["decisions"]
        assert [series for _label, series in new.months["series"]] == old["months"]
        for row in new.rows:
            a = row.agency.pk
            assert (row.received, row.concluded, row.replied, row.replied_on_time) == (
                old["received"][a],
                old["concluded"][a],
                old["replied"][a],
                old["replied_on_time"][a],
            ), row.agency.code


@pytest.mark.parametrize("year", YEARS)
def test_table_3_shows_what_the_cases_say(demo, db, year):
    for scope in scopes():
        agencies = list(scope)
        fast = reporting.count_requests(agencies, year)
        assert fast.rows == reporting.count_requests_from_cases(agencies, year).rows
