"""The official tables as grids of cells with their merges, built from the format registry.

One grid feeds every renderer (HTML/PDF rowspan-colspan, DOCX merged cells, XLSX merged
ranges), so the header cells of 国办公开办函〔2019〕60号 / 〔2021〕30号 are spelled once.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.applications.reportmodel.model import AnnualReport, Cell

from .. import formats
from ..formats import ACTIVE_ROWS, APPLICANT_COLUMNS, REQUEST_ROWS, REVIEW_GROUPS, Format

BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class GridCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    number: bool = False  # a figure: centred, never wrapped


Grid = list[list[GridCell]]


def _h(text: str, colspan: int = 1, rowspan: int = 1) -> GridCell:
    return GridCell(text, colspan, rowspan, header=True)


def _v(cell: Cell, colspan: int = 1) -> GridCell:
    return GridCell(cell.display(), colspan, number=True)


# -- table 二 -------------------------------------------------------------------------------


def active_grid(report: AnnualReport) -> Grid:
    """Per 第二十条 item: its title row, the column heads, then its rows; four columns."""
    assert report.active is not None
    grid: Grid = []
    seen: set[str] = set()
    captions = formats.get(report.active.format).active_captions
    for row in ACTIVE_ROWS[report.active.format]:
        if row.table not in seen:
            seen.add(row.table)
            grid.append([_h(captions[row.table], 4)])
            grid.append([_h("信息内容"), *_spread([c.label for c in row.columns], header=True)])
        cells = [report.active.cell(row.id, c.id) for c in row.columns]
        grid.append([GridCell(row.label), *_spread(cells)])
    return grid


def _spread(items: list, header: bool = False) -> list[GridCell]:  # type: ignore[type-arg]
    """Fill three columns with one to three items; the last one takes the remainder."""
    spans = [1] * (len(items) - 1) + [3 - (len(items) - 1)]
    if header:
        return [_h(text, span) for text, span in zip(items, spans, strict=True)]
    return [_v(cell, span) for cell, span in zip(items, spans, strict=True)]


# -- table 三 -------------------------------------------------------------------------------


def _split(label: str) -> tuple[str, str]:
    """ "三、（三）不予公开 1.属于国家秘密" → ("（三）不予公开", "1.属于国家秘密")."""
    body = label.removeprefix("三、")
    group, _sep, item = body.partition(" ")
    return group, item


def requests_head() -> Grid:
    orgs = [c.label for c in APPLICANT_COLUMNS[1:]]
    return [
        [_h(BALANCE_NOTE, 3, 3), _h("申请人情况", 7)],
        [_h("自然人", 1, 2), _h("法人或其他组织", 5), _h("总计", 1, 2)],
        [_h(label) for label in orgs],
    ]


def requests_grid(report: AnnualReport) -> Grid:
    assert report.requests is not None
    rows = REQUEST_ROWS[report.requests.format]
    outcome = [r for r in rows if r.outcome] + [r for r in rows if r.id == "r_total"]
    groups = [_split(r.label)[0] for r in outcome]
    grid = requests_head()
    for row in rows:
        values = [_v(c) for c in report.requests.row(row.id).cells]
        if row not in outcome:
            grid.append([GridCell(row.label, 3), *values])
            continue
        lead = [GridCell("三、本年度办理结果", rowspan=len(outcome))] if row is outcome[0] else []
        group, item = _split(row.label)
        if not item:
            grid.append([*lead, GridCell(group, 2), *values])
            continue
        first = groups.index(group) == outcome.index(row)
        head = [GridCell(group, rowspan=groups.count(group))] if first else []
        grid.append([*lead, *head, GridCell(item), *values])
    return grid


# -- table 四 -------------------------------------------------------------------------------

PARTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def review_grid(report: AnnualReport) -> Grid:
    assert report.review is not None
    values = [_v(c) for g in REVIEW_GROUPS for c in report.review.groups[g.id]]
    return [
        [_h("行政复议", 5), _h("行政诉讼", 10)],
        [*(_h(p, 1, 2) for p in PARTS), _h("未经复议直接起诉", 5), _h("复议后起诉", 5)],
        [_h(p) for p in PARTS * 2],
        values,
    ]


def width(grid: Grid) -> int:
    return sum(c.colspan for c in grid[0])


def placed(grid: Grid) -> list[tuple[int, int, GridCell]]:
    """Each cell with its top-left (row, column) in the full matrix, rowspans honoured."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(grid):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            out.append((r, col, cell))
            taken |= {(r + i, col + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            col += cell.colspan
    return out


TABLES = (
    ("二", "主动公开政府信息情况", active_grid),
    ("三", "收到和处理政府信息公开申请情况", requests_grid),
    ("四", "政府信息公开行政复议、行政诉讼情况", review_grid),
)


def head_rows(grid: Grid) -> int:
    """How many leading rows are all header cells (repeated atop each page in PDF)."""
    count = 0
    while count < len(grid) and all(c.header for c in grid[count]):
        count += 1
    return count


def grids(report: AnnualReport) -> dict[str, Grid]:
    return {number: build(report) for number, _title, build in TABLES}


__all__ = ["Format", "Grid", "GridCell", "grids", "head_rows", "placed", "width"]
