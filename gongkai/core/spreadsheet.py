"""Cells that stay text: every XLSX and CSV the project writes goes through here.

Applicants type the names and descriptions that end up in staff spreadsheets. A
value starting with = + - @, a tab or a carriage return is read by Excel/WPS as
a formula (=HYPERLINK leaks other cells, =cmd|… runs a program via DDE).
XLSX: such a value is written as a string cell, never a formula, so the text
shows exactly as typed — by `xlsx_row` for openpyxl workbooks, and by
construction in `xlsx_stream` below, which writes every string as an inline
string. CSV has no cell types: the value gets a leading
apostrophe, the convention spreadsheet programs read as "this is text".
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: Any) -> Any:
    """A CSV field that no spreadsheet program evaluates."""
    return "'" + value if is_formula_like(value) else value


def xlsx_row(sheet: WriteOnlyWorksheet, values: list[Any]) -> list[Any]:
    """A row for `sheet.append`: formula-like strings become string cells."""
    return [_text_cell(sheet, v) if is_formula_like(v) else v for v in values]


def _text_cell(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # openpyxl made it "f" because of the leading "="
    return cell


# -- a streamed XLSX writer ----------------------------------------------------------------
#
# openpyxl's write-only mode costs about 100 µs per 13-cell row (issue 9: exports ≥ 10× faster
# per row). This writer produces the few SpreadsheetML parts Excel, WPS and LibreOffice need, with
# every string an inline string (`t="inlineStr"`): no cell is ever a formula, by construction, so
# "=cmd|…" stays the text the applicant typed. The zip is written to a sink that is emptied after
# every batch of rows, so memory stays constant and the bytes can be streamed as they are made.

# Characters XML 1.0 does not allow (tab, newline and carriage return are allowed).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# "_x000D_" in a cell is read back by Excel (and openpyxl) as a carriage return: escape the "_".
_XML_ESCAPED_CHAR = re.compile("_(x[0-9A-Fa-f]{4}_)")
_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (the 1900 leap-year bug makes it the 30th)
_DEFLATE_LEVEL = 1  # a few % larger than level 6, at a third of the CPU

_STYLE_HEADER, _STYLE_DATE, _STYLE_DATETIME = 1, 2, 3  # indexes into cellXfs below


def xlsx_text(value: str) -> str:
    """A string as the content of an XML text node: illegal characters dropped, escaped."""
    if _ILLEGAL_XML.search(value):
        value = _ILLEGAL_XML.sub("", value)
    if "_x" in value:
        value = _XML_ESCAPED_CHAR.sub(r"_x005F_\1", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A literal CR would be read back as LF (XML end-of-line handling); a reference is kept.
    return value.replace("\r", "&#13;") if "\r" in value else value


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xlsx_stream(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[float] = (),
    batch: int = 1000,
) -> Iterator[bytes]:
    """One-sheet XLSX as chunks of bytes, made lazily while `rows` is consumed.

    Cell types: str → inline string (never a formula), int/float/Decimal → number,
    bool → boolean, datetime/date → a date-formatted number, None and "" → empty cell; anything
    else → its str(). The header row is bold on a grey fill and frozen.
    """
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED, compresslevel=_DEFLATE_LEVEL) as book:
        for name, body in _static_parts(title):
            book.writestr(name, body)
        yield sink.take()
        letters = [column_letter(i) for i in range(1, max(len(header), 1) + 1)]
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_sheet_start(widths, len(header)).encode())
            sheet.write(_row_xml(1, letters, header, _STYLE_HEADER).encode())
            lines: list[str] = []
            for number, values in enumerate(rows, start=2):
                if len(values) > len(letters):
                    letters += [column_letter(i) for i in range(len(letters) + 1, len(values) + 1)]
                lines.append(_row_xml(number, letters, values, 0))
                if len(lines) == batch:
                    sheet.write("".join(lines).encode())
                    lines.clear()
                    yield sink.take()
            sheet.write(("".join(lines) + "</sheetData></worksheet>").encode())
    yield sink.take()


def xlsx_bytes(
    title: str, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[float] = ()
) -> bytes:
    """The whole workbook at once (tests, attachments); `xlsx_stream` for responses."""
    return b"".join(xlsx_stream(title, header, rows, widths))


class _Sink:
    """A write-only file for zipfile: no tell/seek, so zipfile streams (data descriptors)."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def _row_xml(number: int, letters: list[str], values: Sequence[Any], style: int) -> str:
    cells = []
    for letter, value in zip(letters, values, strict=False):
        if value is None or value == "":
            continue  # an empty cell, as openpyxl writes it
        ref = f"{letter}{number}"
        s = f' s="{style}"' if style else ""
        if isinstance(value, str):
            cells.append(
                f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">'
                f"{xlsx_text(value)}</t></is></c>"
            )
        elif isinstance(value, bool):
            cells.append(f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, int | Decimal) or (
            isinstance(value, float) and math.isfinite(value)
        ):
            cells.append(f'<c r="{ref}"{s}><v>{value}</v></c>')
        elif isinstance(value, dt.datetime):
            serial = (value.replace(tzinfo=None) - _EPOCH_DT).total_seconds() / 86400
            cells.append(f'<c r="{ref}" s="{style or _STYLE_DATETIME}"><v>{serial!r}</v></c>')
        elif isinstance(value, dt.date):
            serial_days = (value - _EPOCH).days
            cells.append(f'<c r="{ref}" s="{style or _STYLE_DATE}"><v>{serial_days}</v></c>')
        else:
            cells.append(
                f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">'
                f"{xlsx_text(str(value))}</t></is></c>"
            )
    return f'<row r="{number}">{"".join(cells)}</row>'


_EPOCH_DT = dt.datetime(1899, 12, 30)  # noqa: DTZ001  Excel's serial dates have no zone


def _sheet_start(widths: Sequence[float], columns: int) -> str:
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    pane = (
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
        f'{pane}<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + "<sheetData>"
    )


_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _static_parts(title: str) -> list[tuple[str, str]]:
    name = xlsx_text(_SHEET_NAME_BAD.sub(" ", title)[:31].strip("'") or "Sheet1")
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return [
        (
            "[Content_Types].xml",
            head + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
            "</Types>",
        ),
        (
            "_rels/.rels",
            head + f'<Relationships xmlns="{_NS_PKG}">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        ),
        (
            "xl/workbook.xml",
            head + f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
            f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        ),
        (
            "xl/_rels/workbook.xml.rels",
            head + f'<Relationships xmlns="{_NS_PKG}">'
            f'<Relationship Id="rId1" Type="{_NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_NS_REL}/styles" Target="styles.xml"/>'
            "</Relationships>",
        ),
        ("xl/styles.xml", head + _STYLES),
    ]


# cellXfs: 0 plain, 1 bold header on grey, 2 date, 3 date and time (ISO order, as staff write it).
_STYLES = (
    f'<styleSheet xmlns="{_NS_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
