"""Checking and publishing an agency's own report: the same audit as ingested reports, a
frozen version, amendments with a visible diff, and an override reason for a broken rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.applications import services as cases
from gongkai.applications.reportmodel.model import Cell, RequestRowData
from gongkai.core.models import AuditEvent
from gongkai.core.workflow import StepError
from gongkai.reports.annual import services
from gongkai.reports.annual.build import build_annual_report
from gongkai.reports.annual.checks import check_report, failed
from gongkai.reports.annual.models import AgencyReport
from gongkai.reports.audit import CheckStatus

D = dt.date


def received(clerk, agency, data, day):
    app, _ = cases.register(clerk, agency, data, "in_person", day)
    return app


def replied(clerk, reviewer, agency, data, day, on):
    app = received(clerk, agency, data, day)
    cases.propose_decision(clerk, app, "disclose", provided_form="electronic")
    return cases.approve_decision(reviewer, app, on)


def test_a_report_built_from_the_records_passes_every_rule(
    agencies, clerk, reviewer, applicant_data
):
    agency = agencies["TCBGS"]
    replied(clerk, reviewer, agency, applicant_data, D(2024, 3, 4), D(2024, 3, 18))
    received(clerk, agency, applicant_data, D(2024, 12, 23))

    result = check_report(agency, build_annual_report(agency, 2024))

    assert failed(result) == []
    rules = {c.rule for c in result.checks}
    assert {"row_total", "column_balance", "outcome_sum", "review_total", "carry_over"} <= rules


@pytest.mark.parametrize(
    ("row", "column", "rule"),
    [
        ("r_open", 0, "row_total"),  # 自然人 changed, 总计 not
        ("r_open", 6, "row_total"),
        ("carry_next", 6, "column_balance"),
    ],
)
def test_the_shared_audit_catches_a_broken_built_table(agencies, row, column, rule):
    agency = agencies["TCBGS"]
    report = build_annual_report(agency, 2024)
    index = next(i for i, r in enumerate(report.requests.rows) if r.row_id == row)
    cells = list(report.requests.rows[index].cells)
    cells[column] = Cell.number(5)
    report.requests.rows[index] = RequestRowData(row, tuple(cells))

    broken = failed(check_report(agency, report))

    assert rule in {c.rule for c in broken}
    assert all(c.message for c in broken)


def test_a_review_group_that_does_not_add_up_is_caught(agencies):
    report = build_annual_report(agencies["TCBGS"], 2024)
    cells = list(report.review.groups["review"])
    cells[4] = Cell.number(2)
    report.review.groups["review"] = tuple(cells)

    assert [c.rule for c in failed(check_report(agencies["TCBGS"], report))] == ["review_total"]


def test_the_in_force_chain_is_checked_across_years(agencies, clerk, reviewer):
    agency = agencies["TCBGS"]
    services.save_figure(clerk, agency, 2021, "regulations", "in_force", "10")
    services.save_figure(clerk, agency, 2022, "regulations", "issued", "2")
    services.save_figure(clerk, agency, 2022, "regulations", "repealed", "1")
    services.save_figure(clerk, agency, 2022, "regulations", "in_force", "12")  # should be 11

    broken = failed(check_report(agency, build_annual_report(agency, 2022)))

    assert [(c.rule, c.row) for c in broken] == [("in_force_chain", "regulations")]
    assert "= 11" in broken[0].message


def test_publishing_freezes_the_figures(agencies, clerk, reviewer, applicant_data):
    agency = agencies["TCBGS"]
    replied(clerk, reviewer, agency, applicant_data, D(2024, 3, 4), D(2024, 3, 18))
    version = services.publish(reviewer, agency, 2024)

    received(clerk, agency, applicant_data, D(2024, 6, 3))  # a late-registered case

    assert version.number == 1
    assert version.data["truth"]["table_requests"][0]["values"][6] == 1
    assert build_annual_report(agency, 2024).requests.row("new_received").cells[6].value == 2
    version.refresh_from_db()
    assert version.data["truth"]["table_requests"][0]["values"][6] == 1
    assert AgencyReport.objects.get(agency=agency, year=2024).status == "published"
    assert AuditEvent.objects.filter(action="annual_report.publish").count() == 1


def test_an_amendment_is_a_new_version_with_its_diff_and_reason(
    agencies, clerk, reviewer, applicant_data
):
    agency = agencies["TCBGS"]
    services.publish(reviewer, agency, 2024)
    received(clerk, agency, applicant_data, D(2024, 6, 3))
    services.save_sections(clerk, agency, 2024, {"五": "已整改。"})

    with pytest.raises(StepError, match="更正理由"):
        services.publish(reviewer, agency, 2024)
    second = services.publish(reviewer, agency, 2024, amendment_reason="补录一件漏登的申请")

    assert second.number == 2
    changes = {c["where"]: (c["before"], c["after"]) for c in second.diff}
    assert changes["表三 一、本年新收政府信息公开申请数量 总计"] == (0, 1)
    assert changes["第五部分"][1] == "已整改。"
    assert AgencyReport.objects.get(agency=agency, year=2024).versions.count() == 2


def test_a_broken_rule_needs_a_recorded_override_reason(agencies, clerk, reviewer):
    agency = agencies["TCBGS"]
    services.save_figure(clerk, agency, 2021, "regulations", "in_force", "10")
    services.save_figure(clerk, agency, 2022, "regulations", "issued", "0")
    services.save_figure(clerk, agency, 2022, "regulations", "repealed", "0")
    services.save_figure(clerk, agency, 2022, "regulations", "in_force", "12")

    with pytest.raises(StepError, match="带错发布的理由"):
        services.publish(reviewer, agency, 2022)
    assert not AgencyReport.objects.filter(agency=agency, year=2022, version__gt=0).exists()

    version = services.publish(reviewer, agency, 2022, override_reason="2021年数据口径有误")
    assert version.override_reason == "2021年数据口径有误"
    assert len(version.failed_rules) == 1


def test_carry_over_compares_with_last_years_published_version(
    agencies, clerk, reviewer, applicant_data
):
    agency = agencies["TCBGS"]
    services.publish(reviewer, agency, 2024)  # nothing open on 31 Dec 2024 at publication
    received(clerk, agency, applicant_data, D(2024, 12, 27))  # registered late, still open

    broken = failed(check_report(agency, build_annual_report(agency, 2025)))

    assert {c.rule for c in broken} == {"carry_over"}
    assert all(c.status is CheckStatus.FAIL for c in broken)


# -- the ladder: anonymous → wrong role → other agency → bad input → success -----------


def test_publishing_ladder(client, agencies, clerk, reviewer, other_clerk):
    from django.contrib.auth.models import AnonymousUser

    agency = agencies["TCBGS"]
    for who in (AnonymousUser(), clerk, other_clerk):
        with pytest.raises(PermissionDenied):
            services.publish(who, agency, 2024)
    with pytest.raises(StepError, match="年度"):
        services.publish(reviewer, agency, 2017)
    assert services.publish(reviewer, agency, 2024).number == 1


def test_figure_ladder(agencies, clerk, reviewer, other_clerk, supervisor):
    from django.contrib.auth.models import AnonymousUser

    agency = agencies["TCBGS"]
    for who in (AnonymousUser(), supervisor, other_clerk):
        with pytest.raises(PermissionDenied):
            services.save_figure(who, agency, 2024, "licensing", "decisions", "3")
    with pytest.raises(StepError):
        services.save_figure(clerk, agency, 2024, "licensing", "decisions", "abc")
    services.save_figure(clerk, agency, 2024, "licensing", "decisions", "3")
    event = AuditEvent.objects.get(action="annual_report.figure")
    assert event.detail["value"] == "3" and event.actor == clerk
