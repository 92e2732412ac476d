"""Table 二 (主动公开政府信息情况): the figures gongkai does not hold, entered or imported.

Rows 规章 / 规范性文件 (第二十条第一项) will come from the catalogue ledger (made, repealed,
in force); until it lands they are read through `regulation_figures`, which returns the
figures staff entered, so the builder does not change when the ledger arrives.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.agencies.models import Agency
from gongkai.applications.reportmodel.model import (
    ActiveRowData,
    ActiveTable,
    Cell,
    Method,
    Provenance,
)

from ..formats import ACTIVE_ROWS, Column
from .models import ActiveFigure, FigureSource

REGULATION_ROWS = ("regulations", "normative_docs")  # 第二十条第一项: the catalogue's rows


def _entered(agency: Agency, year: int) -> dict[tuple[str, str], ActiveFigure]:
    figures = ActiveFigure.objects.filter(agency=agency, year=year)
    return {(f.row, f.column): f for f in figures}


def regulation_figures(agency: Agency, year: int) -> dict[tuple[str, str], ActiveFigure]:
    """规章 and 规范性文件 figures. For now staff-entered; the catalogue ledger replaces this."""
    return {k: f for k, f in _entered(agency, year).items() if k[0] in REGULATION_ROWS}


def other_figures(agency: Agency, year: int) -> dict[tuple[str, str], ActiveFigure]:
    """许可 / 处罚 / 强制 / 收费 / 采购: figures gongkai does not hold, entered or imported."""
    return {k: f for k, f in _entered(agency, year).items() if k[0] not in REGULATION_ROWS}


def figure_cell(figure: ActiveFigure | None, column: Column) -> Cell:
    """A stored figure as a table cell; a figure nobody entered is blank, never 0."""
    if figure is None:
        return Cell.blank(Provenance(str(FigureSource.MANUAL.label), note="未录入"))
    value = figure.value
    number: int | Decimal = value
    if value == value.to_integral_value() and column.kind != "fee":
        number = int(value)
    text = str(number) if isinstance(number, int) else format(value.normalize(), "f")
    source = FigureSource(figure.source).label
    prov = Provenance(str(source), text, Method.BUILDER, note=figure.source)
    return Cell.number(number, text, figure.unit or None, provenance=prov)


def build_active_table(agency: Agency, year: int, fmt: str) -> ActiveTable:
    figures = {**regulation_figures(agency, year), **other_figures(agency, year)}
    table = ActiveTable(fmt)
    for row in ACTIVE_ROWS[fmt]:
        cells = {c.id: figure_cell(figures.get((row.id, c.id)), c) for c in row.columns}
        table.rows[row.id] = ActiveRowData(row.id, cells, row.label)
    return table
