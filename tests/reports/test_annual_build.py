"""`build_annual_report`: tables from the records in the year's template, table 二 from the
figures staff enter (with their source), sections drafted from the records."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications import services as cases
from gongkai.core.workflow import StepError
from gongkai.reports.annual import services
from gongkai.reports.annual.build import build_annual_report
from gongkai.reports.annual.figures import regulation_figures
from gongkai.reports.annual.narrative import PROMPT
from gongkai.reports.formats import Format, NoTemplateForYear, format_for_year
from gongkai.reports.serialization import to_truth

D = dt.date


def truth_row(report, label):
    return next(r["values"] for r in to_truth(report)["table_requests"] if r["row"] == label)


def test_the_year_picks_the_latest_template_that_has_begun():
    assert format_for_year(2019) is Format.F2019
    assert format_for_year(2020) is Format.F2019
    assert format_for_year(2021) is Format.F2021
    assert format_for_year(2026) is Format.F2021
    with pytest.raises(NoTemplateForYear):
        format_for_year(2018)


def test_the_template_can_be_overridden(agencies):
    report = build_annual_report(agencies["TCBGS"], 2021, Format.F2019)
    assert report.format is Format.F2019
    assert len(report.requests.rows) == 23
    assert len(build_annual_report(agencies["TCBGS"], 2021).requests.rows) == 25


def test_table_three_counts_the_cases_by_applicant_type_and_decision(
    agencies, clerk, reviewer, applicant_data, org_applicant_data
):
    agency = agencies["TCBGS"]
    person, _ = cases.register(clerk, agency, applicant_data, "in_person", D(2024, 3, 4))
    cases.propose_decision(clerk, person, "disclose", provided_form="electronic")
    cases.approve_decision(reviewer, person, D(2024, 3, 20))
    _lawyer, _ = cases.register(clerk, agency, org_applicant_data, "in_person", D(2024, 12, 20))

    report = build_annual_report(agency, 2024)

    assert truth_row(report, "一、本年新收政府信息公开申请数量") == [1, 0, 0, 0, 1, 0, 2]
    assert truth_row(report, "三、（一）予以公开") == [1, 0, 0, 0, 0, 0, 1]
    assert truth_row(report, "四、结转下年度继续办理") == [0, 0, 0, 0, 1, 0, 1]
    next_year = build_annual_report(agency, 2025)
    assert truth_row(next_year, "二、上年结转政府信息公开申请数量") == [0, 0, 0, 0, 1, 0, 1]


def test_table_four_counts_appeals_per_group(agencies, clerk, applicant_data):
    agency = agencies["TCBGS"]
    app, _ = cases.register(clerk, agency, applicant_data, "in_person", D(2024, 3, 4))
    review = cases.record_appeal(clerk, app, "review", "太仓市人民政府", D(2024, 6, 3))
    cases.conclude_appeal(clerk, review, "corrected", D(2024, 8, 1))

    review_row = to_truth(build_annual_report(agency, 2024))["table_review"]["复议"]

    assert review_row == [0, 1, 0, 0, 1]


def test_table_two_shows_entered_figures_with_their_source_and_blank_for_the_rest(agencies, clerk):
    agency = agencies["TCBGS"]
    services.save_figure(clerk, agency, 2019, "licensing", "decisions", "47056")
    services.save_figure(
        clerk, agency, 2019, "central_procurement", "procurement_amount", "309338", "万元", "import"
    )

    report = build_annual_report(agency, 2019)
    active = to_truth(report)["table_active"]

    assert active["行政许可"]["处理决定数量"] == 47056
    assert active["政府集中采购"]["采购总金额"] == "309338万元"
    assert active["行政处罚"]["处理决定数量"] is None  # not entered: blank, never 0
    cell = report.active.cell("central_procurement", "procurement_amount")
    assert cell.provenance.locator == "导入"


def test_regulation_rows_are_read_through_the_catalogue_hook(agencies, clerk):
    agency = agencies["TCBGS"]
    services.save_figure(clerk, agency, 2021, "regulations", "in_force", "12")
    services.save_figure(clerk, agency, 2021, "licensing", "decisions", "3")

    assert set(regulation_figures(agency, 2021)) == {("regulations", "in_force")}


def test_a_figure_outside_the_template_or_not_a_count_is_refused(agencies, clerk):
    agency = agencies["TCBGS"]
    with pytest.raises(StepError, match="表二中没有"):
        services.save_figure(clerk, agency, 2021, "other_services", "prev_items", "3")
    with pytest.raises(StepError, match="整数"):
        services.save_figure(clerk, agency, 2021, "licensing", "decisions", "2.5")
    with pytest.raises(StepError, match="负数"):
        services.save_figure(clerk, agency, 2021, "licensing", "decisions", "-1")
    with pytest.raises(StepError, match="数字"):
        services.save_figure(clerk, agency, 2021, "licensing", "decisions", "十二")
    assert build_annual_report(agency, 2021).active.cell("licensing", "decisions").value is None


def test_a_fee_in_wan_yuan_keeps_its_decimals(agencies, clerk):
    agency = agencies["TCBGS"]
    services.save_figure(clerk, agency, 2022, "admin_fees", "fee_amount", "96171.6")

    assert to_truth(build_annual_report(agency, 2022))["table_active"]["行政事业性收费"] == {
        "本年收费金额（单位：万元）": 96171.6
    }


def test_sections_are_drafted_from_the_records_until_staff_write_them(
    agencies, clerk, applicant_data
):
    agency = agencies["TCBGS"]
    cases.register(clerk, agency, applicant_data, "in_person", D(2024, 5, 6))

    drafted = build_annual_report(agency, 2024).sections
    assert [s.number for s in drafted] == ["一", "二", "三", "四", "五", "六"]
    assert "新收政府信息公开申请1件" in drafted[0].text
    assert "人大代表建议和政协提案" in drafted[5].text and PROMPT in drafted[5].text

    services.save_sections(clerk, agency, 2024, {"五": "个别申请答复不够及时。"})
    assert build_annual_report(agency, 2024).sections[4].text == "个别申请答复不够及时。"


@pytest.mark.parametrize("fmt", [Format.F2019, Format.F2021])
def test_the_counting_and_the_format_registry_name_the_same_rows_and_columns(fmt):
    from gongkai.applications import reporting
    from gongkai.reports.formats import REQUEST_COLUMNS, REQUEST_ROWS

    assert reporting.table3_rows(fmt.value) == [r.id for r in REQUEST_ROWS[fmt]]
    assert reporting.table3_columns(fmt.value) == [c.id for c in REQUEST_COLUMNS]
