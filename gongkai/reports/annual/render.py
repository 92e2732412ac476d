"""Renderers of an `AnnualReport`: HTML, PDF (WeasyPrint, fonts embedded), DOCX, XLSX.

All four read the same grids (`layout`), so the official merged header cells are spelled
once. DOCX and PDF use the fonts of the letters (GB/T 9704 faces, each with a fallback):
title 方正小标宋, body 仿宋_GB2312, headings 黑体, tables 宋体.
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from gongkai.applications.letters import layout as fonts
from gongkai.applications.letters.render import _font_table, _page_setup, _set_fonts, _styles
from gongkai.applications.reportmodel.model import AnnualReport
from gongkai.core.spreadsheet import is_formula_like

from ..formats import SECTION_TITLES
from .layout import Grid, grids, head_rows, placed, width

TABLE_FONTS = ("宋体", "SimSun", "Noto Serif CJK SC")
TABLE_PT = 10


def title(report: AnnualReport) -> str:
    return f"{report.agency}{report.year}年政府信息公开工作年度报告"


def _sections(report: AnnualReport) -> list[dict[str, Any]]:
    tables = grids(report)
    texts = {s.number: s.text for s in report.sections}
    return [
        {
            "number": number,
            "title": name,
            "lines": [line for line in (texts.get(number) or "").splitlines() if line.strip()],
            "grid": tables.get(number),
            "head": tables[number][: head_rows(tables[number])] if number in tables else [],
            "body": tables[number][head_rows(tables[number]) :] if number in tables else [],
        }
        for number, name in SECTION_TITLES
    ]


def _stack(names: tuple[str, ...], generic: str) -> str:
    return ", ".join(f'"{n}"' for n in names) + f", {generic}"


def render_html(report: AnnualReport) -> str:
    """A self-contained page: the portal's 公开年报 column and WeasyPrint's input."""
    css = {
        "title": _stack(fonts.TITLE_FONTS, "serif"),
        "body": _stack(fonts.BODY_FONTS, "serif"),
        "heading": _stack(fonts.HEADING_FONTS, "sans-serif"),
        "page": _stack(fonts.PAGE_NUMBER_FONTS, "serif"),
        "table": _stack(TABLE_FONTS, "serif"),
    }
    context = {"title": title(report), "sections": _sections(report), "fonts": css}
    return render_to_string("reports/annual/document.html", context)


def render_pdf(report: AnnualReport) -> bytes:
    """PDF with the fonts embedded (WeasyPrint subsets and embeds every face it uses)."""
    from weasyprint import HTML

    return HTML(string=render_html(report)).write_pdf()  # type: ignore[no-any-return]


# -- DOCX ---------------------------------------------------------------------------------


def render_docx(report: AnnualReport) -> bytes:
    doc = Document()
    _page_setup(doc.sections[0])
    _styles(doc)
    _font_table(doc)
    doc.core_properties.title = title(report)
    doc.core_properties.language = "zh-CN"
    first = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    _text(first, title(report), 22, fonts.TITLE_FONTS[0], WD_ALIGN_PARAGRAPH.CENTER)
    for section in _sections(report):
        heading = f"{section['number']}、{section['title']}"
        _text(doc.add_paragraph(), heading, 16, fonts.HEADING_FONTS[0], indent=True)
        for line in section["lines"]:
            _text(doc.add_paragraph(), line, 16, fonts.BODY_FONTS[0], indent=True)
        if section["grid"]:
            _table(doc, section["grid"])
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _text(paragraph: Any, text: str, size: float, face: str, align: Any = None,
          indent: bool = False) -> None:  # fmt: skip
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    _set_fonts(run._r, face)


def _table(doc: Any, grid: Grid) -> None:
    """The grid as a Word table: each spanning cell merged over its rows and columns."""
    table = doc.add_table(rows=len(grid), cols=width(grid))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.table_direction = WD_TABLE_DIRECTION.LTR
    for r, c, cell in placed(grid):
        target = table.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        paragraph = target.paragraphs[0]
        centred = cell.header or cell.number
        _text(paragraph, cell.text, TABLE_PT, TABLE_FONTS[0],
              WD_ALIGN_PARAGRAPH.CENTER if centred else None)  # fmt: skip
        paragraph.paragraph_format.line_spacing = 1.0


# -- XLSX ---------------------------------------------------------------------------------


def render_xlsx(report: AnnualReport) -> bytes:
    """One sheet per table, in the official layout with its merged header cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    thin = Side(style="thin")
    for number, grid in grids(report).items():
        name = dict(SECTION_TITLES)[number]
        sheet = book.create_sheet(f"表{number} {name}"[:31])
        for r, c, cell in placed(grid):
            target = sheet.cell(r + 1, c + 1, _xlsx_value(cell.text, cell.number))
            if is_formula_like(target.value):
                # A parsed report keeps the text of cells it could not read, from a document
                # someone else wrote: openpyxl would store "=…" as a live formula.
                target.data_type = "s"
            target.alignment = Alignment(horizontal="center" if cell.header or cell.number else
                                         "left", vertical="center", wrap_text=True)  # fmt: skip
            target.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(start_row=r + 1, start_column=c + 1,
                                  end_row=r + cell.rowspan, end_column=c + cell.colspan)  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(text: str, number: bool) -> Any:
    """Counts as numbers (so sums work in Excel); "309338万元" and "/" as printed."""
    if number and text.lstrip("-").isdigit():
        return int(text)
    return text
