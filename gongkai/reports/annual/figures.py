"""Table 二 (主动公开政府信息情况): the figures gongkai does not hold, entered or imported.

Rows 规章 / 规范性文件 (第二十条第一项) come from the catalogue ledger (`catalog.ledger`: made,
repealed, in force; published in the year and in all) when the agency keeps its 规章 and
规范性文件 in the catalogue; a figure staff entered for a cell wins over the ledger (an agency
whose older documents are not in the catalogue yet corrects the count, and the cell says so).
An agency that keeps none in the catalogue enters them like the other figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from django.utils import translation

from gongkai.agencies.models import Agency
from gongkai.applications.reportmodel.model import (
    ActiveRowData,
    ActiveTable,
    Cell,
    Method,
    Provenance,
)
from gongkai.catalog.ledger import Ledger, build_ledgers

from ..formats import ACTIVE_ROWS, Column
from .models import ActiveFigure, FigureSource

REGULATION_ROWS = ("regulations", "normative_docs")  # 第二十条第一项: the catalogue's rows

# Table-二 column → ledger figure, for the columns of every registered template's 规章 rows.
LEDGER_COLUMNS = {
    "issued": "made",  # 2021: 本年制发件数
    "repealed": "repealed",  # 2021: 本年废止件数
    "in_force": "in_force",  # 2021: 现行有效件数
    "new_made": "made",  # 2019: 本年新制作数量
    "new_published": "published",  # 2019: 本年新公开数量
    "total_published": "published_total",  # 2019: 对外公开总数量
}


def _entered(agency: Agency, year: int) -> dict[tuple[str, str], ActiveFigure]:
    figures = ActiveFigure.objects.filter(agency=agency, year=year)
    return {(f.row, f.column): f for f in figures}


def regulation_figures(agency: Agency, year: int) -> dict[tuple[str, str], ActiveFigure]:
    """规章 and 规范性文件 figures staff entered (they win over the catalogue ledger's count)."""
    return {k: f for k, f in _entered(agency, year).items() if k[0] in REGULATION_ROWS}


def other_figures(agency: Agency, year: int) -> dict[tuple[str, str], ActiveFigure]:
    """许可 / 处罚 / 强制 / 收费 / 采购: figures gongkai does not hold, entered or imported."""
    return {k: f for k, f in _entered(agency, year).items() if k[0] not in REGULATION_ROWS}


def figure_cell(figure: ActiveFigure | None, column: Column) -> Cell:
    """A stored figure as a table cell; a figure nobody entered is blank, never 0."""
    if figure is None:
        return _blank(translation.get_language())
    value = figure.value
    number: int | Decimal = value
    if value == value.to_integral_value() and column.kind != "fee":
        number = int(value)
    text = str(number) if isinstance(number, int) else format(value.normalize(), "f")
    source = FigureSource(figure.source).label
    prov = Provenance(str(source), text, Method.BUILDER, note=figure.source)
    return Cell.number(number, text, figure.unit or None, provenance=prov)


def entered_figures(
    agency_ids: Iterable[int], year: int
) -> dict[int, dict[tuple[str, str], ActiveFigure]]:
    """Every given agency's entered figures of `year`, in one query."""
    out: dict[int, dict[tuple[str, str], ActiveFigure]] = defaultdict(dict)
    for figure in ActiveFigure.objects.filter(agency_id__in=list(agency_ids), year=year):
        out[figure.agency_id][(figure.row, figure.column)] = figure
    return dict(out)


def ledger_cells(ledger: Ledger | None, fmt: str) -> dict[tuple[str, str], int]:
    """The 规章 / 规范性文件 cells of `fmt` the ledger counts, {} without a ledger."""
    if ledger is None:
        return {}
    rows = {"regulations": ledger.rules, "normative_docs": ledger.normative}
    return {
        (row.id, column.id): int(getattr(rows[row.id], LEDGER_COLUMNS[column.id]))
        for row in ACTIVE_ROWS[fmt]
        if row.id in rows
        for column in row.columns
        if column.id in LEDGER_COLUMNS
    }


def ledger_counts(agency: Agency, year: int, fmt: str) -> dict[tuple[str, str], int]:
    """The 规章 / 规范性文件 cells the catalogue counts, {} if the agency keeps none there."""
    return ledger_cells(build_ledgers([agency.pk], year).get(agency.pk), fmt)


# Cells are immutable: one blank, and one cell per ledger count, serve every report.
@lru_cache(maxsize=16)
def _blank(language: str | None) -> Cell:
    return Cell.blank(Provenance(str(FigureSource.MANUAL.label), note="未录入"))


def ledger_cell(value: int) -> Cell:
    return _ledger_cell(value, translation.get_language())


@lru_cache(maxsize=4096)
def _ledger_cell(value: int, language: str | None) -> Cell:
    prov = Provenance(
        str(FigureSource.CATALOGUE.label), str(value), Method.BUILDER, note="catalogue"
    )
    return Cell.number(value, str(value), provenance=prov)


def active_table(
    fmt: str, figures: dict[tuple[str, str], ActiveFigure], counted: dict[tuple[str, str], int]
) -> ActiveTable:
    """Table 二 in `fmt`: an entered figure wins over the ledger's count; blank if neither."""
    table = ActiveTable(fmt)
    for row in ACTIVE_ROWS[fmt]:
        cells = {}
        for column in row.columns:
            key = (row.id, column.id)
            if key in counted and key not in figures:
                cells[column.id] = ledger_cell(counted[key])
            else:
                cells[column.id] = figure_cell(figures.get(key), column)
        table.rows[row.id] = ActiveRowData(row.id, cells, row.label)
    return table
