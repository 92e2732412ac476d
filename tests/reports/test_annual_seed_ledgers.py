"""End to end against the seeds: on a fresh demo site, `build_annual_report` reproduces the
太仓市人民政府 and 苏州市人民政府办公室 2019 reports (corpus seed-000, seed-001) cell for
cell from a case ledger played through the services; exported to DOCX and PDF and read back
by the project's parser, they match again."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from reportcorpus import truth as corpus_truth

from gongkai.agencies.models import Agency
from gongkai.applications.models import Appeal, Application, CaseEvent, Letter
from gongkai.reports.annual import render
from gongkai.reports.annual.build import build_annual_report
from gongkai.reports.annual.checks import check_report, failed
from gongkai.reports.ingest import parse_bytes
from gongkai.reports.serialization import to_truth

# Playing both ledgers registers 445 cases through the services (letters are rendered by
# jobs, which the test does not run): about a minute, so it runs in every suite.
pytestmark = pytest.mark.slow

SEEDS = {"TC": "seed-000", "SZBGS": "seed-001"}
TABLES = ("table_active", "table_requests", "table_review")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """A fresh demo site with its ledgers, built once for the module and rolled back."""
    var = tmp_path_factory.mktemp("var")
    with django_db_blocker.unblock(), override_settings(VAR_DIR=var), transaction.atomic():
        first, second = StringIO(), StringIO()
        call_command("seed_demo", stdout=first)
        count = Application.objects.count()
        call_command("seed_demo", stdout=second)
        reports = {code: build_annual_report(Agency.objects.get(code=code), 2019) for code in SEEDS}
        office = build_annual_report(Agency.objects.get(code="TCBGS"), 2019)
        yield {"first": first.getvalue(), "second": second.getvalue(), "count": count,
               "reports": reports, "office_six": office.sections[5].text}  # fmt: skip
        transaction.set_rollback(True)


@pytest.mark.parametrize("code", SEEDS)
def test_the_built_report_equals_the_seed_report_cell_for_cell(demo, db, code):
    built = to_truth(demo["reports"][code])
    truth = corpus_truth(SEEDS[code])

    for table in TABLES:
        assert built[table] == truth[table], table
    assert built["consistency_errors"] == truth["consistency_errors"] == []


@pytest.mark.parametrize("code", SEEDS)
@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_the_exported_report_reads_back_as_the_seed_report(demo, db, code, form):
    document = getattr(render, f"render_{form}")(demo["reports"][code])

    back = to_truth(parse_bytes(document, f"report.{form}"))

    truth = corpus_truth(SEEDS[code])
    for table in TABLES:
        assert back[table] == truth[table], table


@pytest.mark.parametrize("code", SEEDS)
def test_the_ledger_passes_every_rule_including_carry_over(demo, db, code):
    agency = Agency.objects.get(code=code)

    assert failed(check_report(agency, demo["reports"][code])) == []


def test_every_ledger_case_went_through_the_services(demo, db):
    cases = Application.objects.filter(agency__code__in=SEEDS, receipt_date__year__lte=2019)

    assert cases.count() == 273 + 1 + 171  # 新收 + 上年结转 of both reports
    replied = cases.exclude(decision__in=["withdrawn"]).exclude(concluded_on__isnull=True)
    assert Letter.objects.filter(application__in=replied, kind="reply").count() == replied.count()
    assert not cases.exclude(events__isnull=False).exists()
    event = CaseEvent.objects.filter(application__in=cases).order_by("at").first()
    assert event.at.year == 2018  # the carried-over case, received in December 2018
    assert Appeal.objects.filter(application__in=cases).count() == 3 + 4 + 1 + 3 + 7


def test_table_two_figures_are_marked_as_imported(demo, db):
    cell = demo["reports"]["TC"].active.cell("licensing", "decisions")

    assert cell.value == 47056 and cell.provenance.locator == "导入"


def test_a_second_run_adds_no_ledger_cases(demo, db):
    assert "新登记 445 件" in demo["first"]
    assert "新登记 0 件" in demo["second"]
    assert Application.objects.count() == demo["count"]


def test_the_demo_work_plan_is_split_into_its_tasks_and_drafts_section_six(demo, db):
    from gongkai.reports.workplan.models import Assignment, WorkPlan

    plan = WorkPlan.objects.get(doc_no="太政办〔2019〕112号")
    assert plan.tasks.count() == 19 and plan.item is not None  # the catalogue's copy
    assert Assignment.objects.filter(task__plan=plan).count() == 38  # 政府办 and 港区
    assert "政务公开工作要点演示数据已存在" in demo["second"]  # seeding twice adds nothing
    six = demo["office_six"]
    assert "承担《太仓市2019年政务公开工作要点》（太政办〔2019〕112号）任务19项，已完成4项" in six
    assert "1. 推动行政决策公开（已完成）：重大决策预公开目录已发布" in six
    other = demo["reports"]["SZBGS"].sections[5].text  # 苏州 has no tasks: the prompt stays
    assert "落实上级年度政务公开工作要点情况：【待补充】" in other
