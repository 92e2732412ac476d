"""The renderers: DOCX, PDF and HTML in the official layout, read back by the project's own
parser (`reports.ingest`) and matched cell for cell; XLSX with the merged header cells."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from reportcorpus import truth as corpus_truth

from gongkai.applications import services as cases
from gongkai.applications.reportmodel.model import Section
from gongkai.reports.annual import render, services
from gongkai.reports.annual.build import build_annual_report
from gongkai.reports.ingest import parse_bytes
from gongkai.reports.serialization import from_truth, to_truth

TABLES = ("table_active", "table_requests", "table_review")
FORMS = ("docx", "pdf", "html")


def seed_report(seed: str, agency: str):
    truth = corpus_truth(seed)
    report = from_truth(truth)
    report.agency, report.year = agency, 2019
    report.sections = [Section("一", "总体情况", 0, "2019年，本机关依法做好政府信息公开工作。")]
    return report, truth


def rendered(report, form: str) -> bytes:
    if form == "html":
        return render.render_html(report).encode("utf-8")
    return getattr(render, f"render_{form}")(report)


@pytest.mark.slow
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("seed", "agency"), [("seed-000", "太仓市人民政府"), ("seed-001", "苏州市人民政府办公室")]
)
def test_a_2019_report_reads_back_cell_for_cell(seed, agency, form):
    report, truth = seed_report(seed, agency)

    back = to_truth(parse_bytes(rendered(report, form), f"report.{form}"))

    for table in TABLES:
        assert back[table] == truth[table], table
    assert back["consistency_errors"] == []


@pytest.mark.slow
@pytest.mark.parametrize("form", FORMS)
def test_a_2021_report_built_from_records_reads_back_cell_for_cell(
    agencies, clerk, reviewer, applicant_data, form
):
    agency = agencies["TCBGS"]
    app, _ = cases.register(clerk, agency, applicant_data, "in_person", dt.date(2022, 3, 1))
    cases.withdraw(clerk, app, dt.date(2022, 3, 4), "申请人撤回")
    for row, column, value in (
        ("regulations", "issued", "1"),
        ("regulations", "repealed", "0"),
        ("regulations", "in_force", "7"),
        ("licensing", "decisions", "1520"),
        ("admin_fees", "fee_amount", "12.35"),
    ):
        services.save_figure(clerk, agency, 2022, row, column, value)
    report = build_annual_report(agency, 2022)
    expected = to_truth(report)

    back = parse_bytes(rendered(report, form), f"report.{form}")

    assert back.requests.format.value == "2021" and len(back.requests.rows) == 25
    got = to_truth(back)
    assert got["table_requests"] == expected["table_requests"]
    assert got["table_review"] == expected["table_review"]
    for row, cells in expected["table_active"].items():
        for column, value in cells.items():
            if value is not None:  # blank cells are blank in both; numbers must match
                assert got["table_active"][row][column] == value, (row, column)


def test_the_docx_has_the_title_the_sections_and_the_official_merged_header():
    from docx import Document

    report, _truth = seed_report("seed-000", "太仓市人民政府")
    doc = Document(io.BytesIO(render.render_docx(report)))

    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "太仓市人民政府2019年政府信息公开工作年度报告"
    assert "一、总体情况" in texts and "六、其他需要报告的事项" in texts
    head = doc.tables[1]
    assert head.cell(0, 0).text.startswith("（本列数据的勾稽关系为")
    assert head.cell(2, 2).text == head.cell(0, 0).text  # merged over three rows and columns
    assert head.cell(1, 4).text == "法人或其他组织" == head.cell(1, 8).text
    assert head.cell(3, 0).text == "一、本年新收政府信息公开申请数量"
    font_table = next(p for p in doc.part.package.iter_parts() if "fontTable" in str(p.partname))
    assert (
        "方正小标宋简体" in font_table.blob.decode() and "仿宋_GB2312" in font_table.blob.decode()
    )


@pytest.mark.slow
def test_the_pdf_embeds_its_fonts():
    from pypdf import PdfReader

    report, _truth = seed_report("seed-001", "苏州市人民政府办公室")
    pdf = PdfReader(io.BytesIO(render.render_pdf(report)))

    fonts = [
        font.get_object() for page in pdf.pages for font in page["/Resources"]["/Font"].values()
    ]
    assert fonts
    for font in fonts:
        descriptor = (
            font.get("/FontDescriptor")
            or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        )
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert "苏州市人民政府办公室2019年" in pdf.pages[0].extract_text()


def test_the_xlsx_has_one_sheet_per_table_with_merged_headers_and_numbers():
    from openpyxl import load_workbook

    report, truth = seed_report("seed-000", "太仓市人民政府")
    book = load_workbook(io.BytesIO(render.render_xlsx(report)))

    assert [s.title[:2] for s in book.worksheets] == ["表二", "表三", "表四"]
    requests = book.worksheets[1]
    assert "A1:C3" in {str(r) for r in requests.merged_cells.ranges}
    assert [requests.cell(4, c).value for c in range(4, 11)] == truth["table_requests"][0]["values"]
    review = book.worksheets[2]
    assert [review.cell(4, c).value for c in range(1, 6)] == truth["table_review"]["复议"]
    assert book.worksheets[0]["C18"].value == "309338万元"
