"""The format registry: every format declares its document, years, tables, markers and
decision rows; detection scores over the registered formats and names none when nothing
fits; and a format registered later (a fake 2026 one) is picked up by detection, the
builder, the audit and the exporters with no other edit."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongkai.applications import reporting
from gongkai.applications import services as cases
from gongkai.applications.decisions import DECISIONS, Decision
from gongkai.reports import formats
from gongkai.reports.annual.build import build_annual_report
from gongkai.reports.annual.layout import grids
from gongkai.reports.annual.render import render_docx, render_xlsx
from gongkai.reports.audit import audit
from gongkai.reports.formats import (
    ActiveRow,
    Column,
    Format,
    Marker,
    ReportFormat,
    RequestRow,
    format_for_year,
)
from gongkai.reports.ingest.active import detect_format as detect_active
from gongkai.reports.ingest.labels import present_markers
from gongkai.reports.ingest.parsers import parse_bytes
from gongkai.reports.ingest.requests import detect_format as detect_requests
from gongkai.reports.presenters import format_short, format_text
from gongkai.reports.serialization import from_json, from_truth, to_json, to_truth

D = dt.date


def test_the_built_in_formats_declare_document_years_and_tables():
    by_id = {f.id: f for f in formats.registered()}
    assert list(by_id) == ["pre-2019", "2019", "2021"]
    assert by_id["2019"].document == "国办公开办函〔2019〕60号"
    assert by_id["2021"].document == "国办公开办函〔2021〕30号"
    assert (by_id["2019"].first_year, by_id["2019"].last_year) == (2019, 2020)
    assert (by_id["2021"].first_year, by_id["2021"].last_year) == (2021, None)
    assert not by_id["pre-2019"].has_tables and by_id["pre-2019"].markers_of("document")
    assert [len(by_id[f].request_rows) for f in ("2019", "2021")] == [23, 25]
    assert [len(by_id[f].active_rows) for f in ("2019", "2021")] == [8, 6]
    assert [f.id for f in formats.buildable()] == ["2019", "2021"]
    assert format_for_year(2020) is Format.F2019 and format_for_year(2030) is Format.F2021
    with pytest.raises(formats.NoTemplateForYear):
        format_for_year(2018)
    with pytest.raises(formats.UnknownFormat):
        formats.get("2026")


@pytest.mark.parametrize(("fmt", "column"), [("2019", "row_2019"), ("2021", "row_2021")])
def test_the_decision_rows_are_the_decision_tables_own(fmt, column):
    rows = formats.get(fmt).decision_rows
    assert rows == {d.value: getattr(spec, column) for d, spec in DECISIONS.items()}
    assert set(rows.values()) == set(formats.get(fmt).result_rows())


def test_a_format_that_leaves_a_decision_uncounted_is_refused():
    f2021 = formats.get("2021")
    rows = dict(f2021.decision_rows)
    del rows[Decision.WITHDRAWN.value]
    with pytest.raises(ValueError, match="withdrawn"):
        formats.register(replace(f2021, id="broken", decision_rows=rows))
    rows[Decision.WITHDRAWN.value] = "no_such_row"
    with pytest.raises(ValueError, match="no_such_row"):
        formats.register(replace(f2021, id="broken", decision_rows=rows))
    assert not formats.is_registered("broken")


def _detect(text: str, part: str) -> str | None:
    return formats.detect(present_markers(text, 0, len(text), part), part)


def test_detection_scores_over_the_registered_formats():
    old = (
        "信息内容 本年新制作数量 本年新公开数量 对外公开总数量 规章 5 5 20 上一年项目数量 本年增/减"
    )
    new = "信息内容 本年制发件数 本年废止件数 现行有效件数 规章 1 0 11 本年处理决定数量"
    assert _detect(old, "active") == "2019"
    assert _detect(new, "active") == "2021"
    assert _detect("（六）其他处理 3 0 0 0 0 0 3", "requests") == "2019"
    sub = "（六）其他处理 1.申请人无正当理由逾期不补正 2.申请人逾期未按收费通知要求缴纳费用 3.其他"
    assert _detect(sub, "requests") == "2021"
    assert _detect("二、依申请公开政府信息情况 三、收费及减免情况", "document") == "pre-2019"


def test_a_part_in_no_registered_format_is_named_as_such_never_the_nearest():
    nothing = "一、本年新收政府信息公开申请数量 12 二、上年结转 3"
    assert _detect(nothing, "requests") is None
    assert detect_requests(nothing, 0, len(nothing)) is None
    # as many 2019 as 2021 column heads: a tie decides nothing either
    assert _detect("本年新制作数量 本年制发件数", "active") is None
    # table 二 with no markers follows table 三 (or the year), passed in by the caller
    assert detect_active("规章 1 2 3", 0, 9, "2021") == "2021"


# -- a format registered later ---------------------------------------------------------------

WITHDRAWN_ROW = RequestRow("r_other_withdrawn", "三、（六）其他处理 4.申请人撤回申请", outcome=True)
AI_ROW = ActiveRow(
    "ai_answers", "政务公开智能问答", (Column("answered", "本年智能答复数量"),), "t2_ai"
)


@pytest.fixture
def f2026():
    """A 2026 format: the 2021 tables plus one table-二 block and one 其他处理 sub-row that
    withdrawals are counted in. Registered here and nowhere else."""
    base = formats.get("2021")
    *results, total, carry = base.request_rows
    fmt = ReportFormat(
        "2026",
        "国办公开办函〔2026〕1号",
        "2026 年版",
        first_year=2026,
        active_rows=(*base.active_rows, AI_ROW),
        active_captions={**base.active_captions, "t2_ai": "政务公开智能问答情况"},
        request_rows=(*results, WITHDRAWN_ROW, total, carry),
        markers=(
            *base.markers,
            Marker("active", "本年智能答复"),
            Marker("requests", "申请人撤回申请"),
        ),
        decision_rows={**base.decision_rows, Decision.WITHDRAWN.value: WITHDRAWN_ROW.id},
    )
    formats.register(fmt)
    yield fmt
    formats.unregister("2026")


def test_a_registered_format_is_picked_by_year_and_by_detection(f2026):
    assert format_for_year(2025) == "2021"
    assert format_for_year(2026) == format_for_year(2031) == "2026"
    assert "2026" in formats.FIRST_YEAR and formats.ACTIVE_ROWS["2026"][-1] is AI_ROW
    assert formats.report_row(Decision.WITHDRAWN, "2026") == "r_other_withdrawn"
    sub = "（六）其他处理 1.逾期不补正 2.逾期未按收费通知要求缴纳费用 3.其他"
    assert detect_requests(sub, 0, len(sub)) == "2021"
    sub += " 4.申请人撤回申请"
    assert detect_requests(sub, 0, len(sub)) == "2026"
    active = "本年制发件数 本年废止件数 现行有效件数 本年处理决定数量 本年收费金额 本年智能答复数量"
    assert detect_active(active, 0, len(active), "2021") == "2026"
    assert format_text("2026") == "2026 年版（国办公开办函〔2026〕1号）"
    assert format_short("2026") == "2026 年版"


def test_a_registered_format_is_built_audited_and_exported(
    f2026, agencies, clerk, org_applicant_data
):
    agency = agencies["TCBGS"]
    app, _ = cases.register(clerk, agency, org_applicant_data, "in_person", D(2025, 12, 22))
    cases.withdraw(clerk, app, D(2026, 1, 6), "申请人已通过其他途径获取")

    counted = reporting.count_requests([agency], 2026)
    assert counted.format == "2026"
    assert counted.value("r_other_withdrawn", "legal_service") == 1
    assert counted.value("r_total") == counted.value("carried_over") == 1

    report = build_annual_report(agency, 2026)
    assert report.format == report.requests.format == report.active.format == "2026"
    assert [r.row_id for r in report.requests.rows] == [r.id for r in f2026.request_rows]
    assert "ai_answers" in report.active.rows
    assert build_annual_report(agency, 2026, "2021").requests.value("r_other_other") == 1

    result = audit(report)
    assert result.consistency_errors() == []
    assert {"column_balance", "outcome_sum"} <= {c.rule for c in result.checks}

    truth = to_truth(report)
    assert truth["format"] == "2026"
    rows = {r["row"]: r["values"] for r in truth["table_requests"]}
    assert rows["三、（六）其他处理 4.申请人撤回申请"] == [0, 0, 0, 0, 1, 0, 1]
    assert "政务公开智能问答" in truth["table_active"]
    back = from_truth(truth)
    assert (back.requests.format, back.active.format) == ("2026", "2026")
    assert back.requests.value("r_other_withdrawn") == 1
    assert from_json(to_json(report)).format == "2026"

    assert "政务公开智能问答情况" in [row[0].text for row in grids(report)["二"]]
    sheet_text = " ".join(
        str(c.value)
        for ws in load_workbook(io.BytesIO(render_xlsx(report))).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    )
    assert "申请人撤回申请" in sheet_text and "本年智能答复数量" in sheet_text
    docx = render_docx(report)
    assert re.search(rb"PK", docx[:2])


REGS = Path(__file__).resolve().parents[2] / ".." / "shared" / "regs" / "report-formats.json"


@pytest.mark.skipif(not REGS.is_file(), reason=f"shared regs not found at {REGS}")
@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_the_registry_has_the_row_and_column_ids_of_the_shared_spec(fmt):
    spec = json.loads(REGS.read_text(encoding="utf-8"))["formats"][fmt]
    registered = formats.get(fmt)
    assert [r["id"] for r in spec["tables"]["t3"]["rows"]] == [
        r.id for r in registered.request_rows
    ]
    assert [c["id"] for c in spec["tables"]["t3"]["cols"]] == [
        c.id for c in registered.request_columns
    ]
    assert [c["id"] for c in spec["tables"]["t4"]["cols"]] == reporting.table4_columns(fmt)
    active = {t: v for t, v in spec["tables"].items() if t.startswith("t2_")}
    assert [r["id"] for t in active.values() for r in t["rows"]] == [
        r.id for r in registered.active_rows
    ]
    assert spec["doc_no"].startswith(registered.document)


def _text_report(rows: list[str]) -> bytes:
    head = "某某市人民政府2025年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
    return (head + "\n".join(rows) + "\n四、政府信息公开行政复议、行政诉讼情况\n").encode()


ROWS = [
    "一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5",
    "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0",
    "三、本年度办理结果 （一）予以公开\t5\t0\t0\t0\t0\t0\t5",
    "（七）总计\t5\t0\t0\t0\t0\t0\t5",
    "四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0",
]


def test_a_parsed_table_in_no_registered_format_is_reported_unrecognised():
    report = parse_bytes(_text_report(ROWS), "未知格式.txt")
    unrecognised = [f for f in report.findings if f.code == "format_unrecognised"]
    assert len(unrecognised) == 1 and "未识别的格式" in unrecognised[0].message
    assert report.format is None and format_text(report.format) == "未识别"
    assert report.requests.value("new_received") == 5  # the cells are kept all the same

    six = "（六）其他处理\t0\t0\t0\t0\t0\t0\t0"
    recognised = parse_bytes(_text_report([*ROWS[:3], six, *ROWS[3:]]), "2019格式.txt")
    assert recognised.format == "2019"
    assert not [f for f in recognised.findings if f.code == "format_unrecognised"]
