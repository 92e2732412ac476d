"""The 汇总 is the sum of the subtree's own reports: every cell of tables 二, 三 and 四 equals
the sum of the same cell over the reports `build_annual_reports` builds for the subtree's
agencies (table 二's 规章 / 规范性文件 from the catalogue ledger included), on the demo site
and a generated tree; built in batches with progress, as a background job for a supervisor."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from test_build_annual_reports import fill_records, make_tree

from gongkai.agencies.models import Agency
from gongkai.catalog.ledger import RULE_GENRE
from gongkai.catalog.models import Item
from gongkai.core.models import AuditEvent, Job
from gongkai.reports.annual import views
from gongkai.reports.annual.build import build_annual_reports
from gongkai.reports.annual.checks import failed
from gongkai.reports.annual.summary import build_summary_report, check_summary, subtree
from gongkai.reports.audit import audit


def _yuan(cell) -> Decimal | None:
    if not cell.is_number:
        return None
    value = Decimal(cell.value)
    return value * 10000 if cell.unit == "万元" else value


def _sum(cells) -> Decimal | None:
    values = [v for v in (_yuan(c) for c in cells) if v is not None]
    return sum(values, Decimal(0)) if values else None


def positions(report):
    """Every cell of tables 二, 三, 四 by its position."""
    out = {}
    for row_id, row in report.active.rows.items():
        for column_id, cell in row.cells.items():
            out[("二", row_id, column_id)] = cell
    for request_row in report.requests.rows:
        for i, cell in enumerate(request_row.cells):
            out[("三", request_row.row_id, i)] = cell
    for group, cells in report.review.groups.items():
        for i, cell in enumerate(cells):
            out[("四", group, i)] = cell
    return out


def assert_summary_is_the_sum(root: Agency, year: int, **options) -> int:
    """Each summary cell = the sum of that cell over the subtree's own reports (in the
    summary's format), and the in-report rules pass on the sum; returns how many cells hold
    a non-zero number."""
    summary = build_summary_report(root, year, **options)
    own = build_annual_reports(subtree(root), year, summary.format).values()
    cells = [positions(r) for r in own]
    summed = positions(summary)
    assert set(summed) == set(cells[0])
    nonzero = 0
    for key, cell in summed.items():
        expected = _sum(c[key] for c in cells)
        assert _yuan(cell) == expected, key
        nonzero += bool(expected)
    assert failed(audit(summary)) == []
    return nonzero


# --- a generated tree -----------------------------------------------------------------------


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_on_a_generated_tree_every_summary_cell_is_the_sum_built_in_batches(db, year):
    agencies = make_tree(23)
    fill_records(agencies)
    calls = []

    nonzero = assert_summary_is_the_sum(
        agencies[0], year, batch=5, progress=lambda done, total: calls.append((done, total))
    )

    assert nonzero > 20
    assert calls == [(0, 23), (5, 23), (10, 23), (15, 23), (20, 23), (23, 23)]
    county = agencies[1]
    assert assert_summary_is_the_sum(county, year, batch=2) > 0


def test_the_rules_are_checked_again_on_the_sum(db):
    """The generated tree's entered 现行有效 (2 per agency, over the ledger's count) breaks the
    现行有效 chain in the agencies' reports; the 汇总 of their sums breaks it too."""
    agencies = make_tree(12)
    fill_records(agencies)

    result = check_summary(agencies[0], build_summary_report(agencies[0], 2025))

    assert {c.rule for c in failed(result)} == {"in_force_chain"}
    assert len(result.checks) > 20


def test_a_ledger_item_of_a_department_is_in_the_citys_summary_table_two(agencies, clerk):
    before = build_summary_report(agencies["TC"], 2024).active
    assert not before.cell("regulations", "issued").is_number
    written = dt.date(2024, 5, 6)
    Item.objects.create(
        agency=agencies["TCBGS"], index_no="TCBGS-2024-001", title="太仓市某管理办法",
        category="20-01", genre=RULE_GENRE, written_on=written, status="published",
        published_at=timezone.make_aware(dt.datetime.combine(written, dt.time(9))),
        validity="valid", author=clerk,
    )  # fmt: skip

    after = build_summary_report(agencies["TC"], 2024).active

    assert after.cell("regulations", "issued").value == 1
    assert after.cell("regulations", "in_force").value == 1
    assert build_summary_report(agencies["CS"], 2024).active.cell(
        "regulations", "issued"
    ).value in (
        None,
        0,
    )


# --- the background job, and who may start it -----------------------------------------------


def _user(username, agency, role):
    from gongkai.agencies.models import Membership

    user = get_user_model().objects.create_user(username, f"{username}@example.gov.cn", "pw-1x")
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


def test_only_a_supervisor_of_the_subtree_may_build_its_summary(
    client, agencies, clerk, supervisor
):
    root = agencies["TC"]
    page = reverse("annual:summary", args=[root.pk, 2024])
    start = reverse("annual:summary_start", args=[root.pk, 2024])

    assert client.post(start).status_code == 302  # anonymous: to the login page
    assert "login" in client.post(start)["Location"]
    for user in (clerk, _user("csadmin", agencies["CS"], "admin")):  # wrong role, other subtree
        client.force_login(user)
        assert client.get(page).status_code == 403
        assert client.post(start).status_code == 403
    assert not Job.objects.exists()

    client.force_login(supervisor)
    bad = client.post(reverse("annual:summary_start", args=[root.pk, 2012]), follow=True)
    assert "年度须在" in bad.content.decode()
    assert not Job.objects.exists()

    response = client.post(start)

    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == "done" and job.owner == supervisor
    assert job.done == job.total == len(subtree(root))
    assert AuditEvent.objects.filter(
        action="annual_report.summary_queued", actor=supervisor
    ).exists()
    shown = client.get(job.result["url"]).content.decode()
    assert "太仓市人民政府及所属机关（汇总）" in shown and "全部通过" in shown
    kept = reverse("annual:summary_download", args=[root.pk, 2024, "xlsx"]) + f"?job={job.pk}"
    assert f'href="{kept}"' in shown
    assert client.get(kept).content[:2] == b"PK"
    client.force_login(clerk)  # a job of someone else's is not shown
    assert client.get(job.result["url"]).status_code == 403
    client.force_login(_user("tcadmin2", root, "admin"))
    assert client.get(job.result["url"]).status_code == 200  # an admin of the scope sees it


def test_a_large_subtree_is_offered_as_a_job_not_built_in_the_request(
    client, agencies, supervisor, monkeypatch
):
    monkeypatch.setattr(views, "SUMMARY_IN_REQUEST", 2)
    client.force_login(supervisor)

    page = client.get(reverse("annual:summary", args=[agencies["TC"].pk, 2024])).content.decode()

    assert "在后台生成汇总报告" in page and "勾稽关系校验" not in page
