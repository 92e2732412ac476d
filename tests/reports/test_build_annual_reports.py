"""`build_annual_reports(agencies, year)`: every agency's report at once, in a fixed number of
grouped queries, and for every agency the very report `build_annual_report` builds alone and
the one counted row by row (`bench/province.py`'s `loop_report`, each record read and
counted in Python): tables 二, 三, 四 cell for cell and the pre-filled sections.

Run on SQLite by default and on PostgreSQL with
`DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> pytest tests/reports/test_build_annual_reports.py`.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications.models import Appeal, ApplicantType, Application, Fee
from gongkai.applications.reportmodel import formats
from gongkai.catalog.ledger import RULE_GENRE
from gongkai.catalog.models import Item
from gongkai.reports.annual.build import build_annual_report, build_annual_reports
from gongkai.reports.annual.models import ActiveFigure, AgencyReport
from gongkai.reports.serialization import to_truth

D = dt.date
YEARS = (2019, 2024, 2025, 2026)


def _bench():
    path = Path(__file__).resolve().parents[2] / "bench" / "province.py"
    spec = importlib.util.spec_from_file_location("bench_province", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


loop_report = _bench().loop_report


def assert_same_everywhere(agencies: list[Agency], year: int) -> int:
    """Each agency's report built with all the others, alone, and row by row are equal;
    returns how many cases the reports count (so a test can see it compared something)."""
    together = build_annual_reports(agencies, year)
    assert set(together) == {a.pk for a in agencies}
    counted = 0
    for agency in agencies:
        report = together[agency.pk]
        assert report == build_annual_report(agency, year), agency.name
        assert report == loop_report(agency, year), agency.name
        truth = to_truth(report)
        counted += sum(r["values"][-1] for r in truth["table_requests"] if "新收" in r["row"])
    return counted


# --- the demo site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """A fresh demo site (seed ledgers, work plan, cases), built once and rolled back."""
    var = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=var), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield list(Agency.objects.order_by("path"))
        transaction.set_rollback(True)


@pytest.mark.parametrize("year", [2019, 2025, 2026])
def test_every_demo_agency_gets_the_same_report_together_alone_and_row_by_row(demo, db, year):
    assert assert_same_everywhere(demo, year) > 0


def test_the_demo_section_six_is_pre_filled_in_the_set_based_build(demo, db):
    office = next(a for a in demo if a.code == "TCBGS")
    six = build_annual_reports(demo, 2019)[office.pk].sections[5].text
    assert six == build_annual_report(office, 2019).sections[5].text
    assert "落实上级年度政务公开工作要点情况：" in six and "【待补充】" not in six.split("\n")[2]


# --- a generated tree -----------------------------------------------------------------------


def make_tree(size: int) -> list[Agency]:
    """A city, its counties and their departments: `size` agencies in all."""
    city = Agency.objects.create(name="生成市人民政府", code="GC", level="city")
    out, parent = [city], city
    for n in range(1, size):
        if n % 5 == 1:
            parent = Agency.objects.create(
                name=f"生成县{n}", code=f"G{n}", level="county", parent=city
            )
            out.append(parent)
        else:
            out.append(Agency.objects.create(name=f"生成局{n}", code=f"G{n}", parent=parent))
    return out


def fill_records(agencies: list[Agency], seed: int = 2025) -> None:
    """Cases over 2024–2026 with every decision and applicant type (some across the year
    end, some open, some late, some never confirmed), appeals, fees, catalogue 规章 and 规范性
    文件, entered table 二 figures, a chosen format and a written section."""
    rng = random.Random(seed)
    decisions = sorted(formats.get("2021").decision_rows)
    cases, seq = [], 0
    for agency in agencies[:-1]:  # the last agency has no records at all
        for _ in range(rng.randrange(5, 25)):
            seq += 1
            received = D(2024, 1, 1) + dt.timedelta(days=rng.randrange(0, 3 * 365))
            confirmed = rng.random() > 0.05
            done = (
                received + dt.timedelta(days=rng.randrange(1, 60)) if rng.random() > 0.15 else None
            )
            cases.append(
                Application(
                    agency=agency,
                    year=received.year,
                    seq=seq,
                    tracking_hash=f"g{seq}",
                    status="replied" if done else "received",
                    arrived_on=received,
                    receipt_date=received if confirmed else None,
                    applicant_type=rng.choice(ApplicantType.values),
                    decision=rng.choice(decisions) if done else "",
                    due_on=received + dt.timedelta(days=28),
                    concluded_on=done,
                )
            )
    Application.objects.bulk_create(cases)
    concluded = Application.objects.filter(agency__in=agencies, concluded_on__isnull=False)
    concluded = list(concluded.order_by("pk"))
    for app in concluded[::3]:
        filed = app.concluded_on + dt.timedelta(days=rng.randrange(5, 200))
        closed = filed + dt.timedelta(days=rng.randrange(30, 300)) if rng.random() > 0.3 else None
        Appeal.objects.create(
            application=app, kind=rng.choice(["review", "lit_direct", "lit_after"]),
            body="生成市人民政府", filed_on=filed, concluded_on=closed,
            result=rng.choice(["maintained", "corrected", "other"]) if closed else "pending",
        )  # fmt: skip
    for app in concluded[1::4]:
        notice = app.arrived_on + dt.timedelta(days=3)
        Fee.objects.create(
            application=app, method="per_piece", amount=rng.randrange(50, 500), notice_on=notice,
            notice_received_on=notice, pay_due=notice + dt.timedelta(days=20),
            paid_on=notice + dt.timedelta(days=5) if rng.random() > 0.4 else None,
        )  # fmt: skip
    author = get_user_model().objects.create_user("generated_author", "g@example.gov.cn")
    items = []
    for n in range(len(agencies) * 12):
        written = D(2018, 1, 1) + dt.timedelta(days=rng.randrange(0, 9 * 365))
        gone = rng.random() < 0.2
        items.append(
            Item(
                agency=agencies[n % (len(agencies) - 2)],
                index_no=f"GEN-{n}",
                title=f"生成文件{n}",
                category="20-01" if n % 3 else "20-05",
                genre=RULE_GENRE if n % 4 == 0 else "通知",
                written_on=written,
                status="published" if n % 7 else "withdrawn",
                published_at=timezone.make_aware(dt.datetime.combine(written, dt.time(9))),
                validity=rng.choice(["expired", "repealed"]) if gone else "valid",
                validity_changed_on=written + dt.timedelta(days=rng.randrange(30, 900))
                if gone
                else None,
                author=author,
            )
        )
    Item.objects.bulk_create(items)
    for agency in agencies[::2]:
        for year in (2024, 2025):
            ActiveFigure.objects.create(agency=agency, year=year, row="licensing",
                                        column="decisions", value=agency.pk * 3 + year % 7)  # fmt: skip
            ActiveFigure.objects.create(agency=agency, year=year, row="normative_docs",
                                        column="in_force", value=2)  # fmt: skip
    AgencyReport.objects.create(agency=agencies[1], year=2025, format="2019",
                                sections={"一": "本机关自行撰写的概述。"})  # fmt: skip


@pytest.mark.parametrize("year", YEARS)
def test_a_generated_tree_gets_the_same_report_together_alone_and_row_by_row(db, year):
    agencies = make_tree(12)
    fill_records(agencies)

    assert assert_same_everywhere(agencies, year) > 0 or year == 2019


def test_the_chosen_format_and_written_sections_hold_in_the_set_based_build(db):
    agencies = make_tree(6)
    fill_records(agencies)

    reports = build_annual_reports(agencies, 2025)

    assert reports[agencies[1].pk].format == "2019"
    assert reports[agencies[1].pk].sections[0].text == "本机关自行撰写的概述。"
    assert reports[agencies[2].pk].format == "2021"
    assert build_annual_reports(agencies, 2025, "2019")[agencies[2].pk].format == "2019"


def test_an_agency_without_records_gets_zeros_and_blanks(db):
    agencies = make_tree(4)
    fill_records(agencies)

    empty = build_annual_reports(agencies, 2025)[agencies[-1].pk]

    truth = to_truth(empty)
    assert all(v == 0 for r in truth["table_requests"] for v in r["values"])
    assert empty == loop_report(agencies[-1], 2025)


def test_the_number_of_queries_does_not_grow_with_the_number_of_agencies(db):
    agencies = make_tree(30)
    fill_records(agencies)
    assert Application.objects.filter(agency__in=agencies[3:]).exists()

    counts = []
    for some in (agencies[:3], agencies):
        with CaptureQueriesContext(connection) as queries:
            build_annual_reports(some, 2025)
        counts.append(len(queries.captured_queries))

    # 9 at most: the work-plan reports are fetched only when some agency has a task.
    assert counts[0] == counts[1] <= 9
