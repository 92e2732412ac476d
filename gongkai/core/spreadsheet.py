"""Cells that stay text: every XLSX and CSV the project writes goes through here.

Applicants type the names and descriptions that end up in staff spreadsheets. A
value starting with = + - @, a tab or a carriage return is read by Excel/WPS as
a formula (=HYPERLINK leaks other cells, =cmd|… runs a program via DDE).
XLSX: such a value is written as a string cell, never a formula, so the text
shows exactly as typed. CSV has no cell types: the value gets a leading
apostrophe, the convention spreadsheet programs read as "this is text".
"""

from __future__ import annotations

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
