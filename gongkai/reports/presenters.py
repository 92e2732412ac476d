"""What the review pages show: tables with each cell's status, source and the checks it fails.

Pure functions from `AnnualReport` + `AuditResult` to small view structures, so templates only
loop and print, and tests can assert on the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.applications.reportmodel.model import (
    AnnualReport,
    Cell,
    CellStatus,
    Figure,
    Method,
    Provenance,
)

from . import formats
from .audit import AuditResult, CheckStatus
from .formats import (
    ACTIVE_ROWS,
    REQUEST_COLUMNS,
    REQUEST_ROWS,
    REVIEW_GROUPS,
    REVIEW_PARTS,
    Format,
)
from .ingest.ocr import REVIEW_BELOW as OCR_REVIEW_BELOW
from .serialization import is_narrative, iter_cells

_STATUS_TEXT = {
    CellStatus.NUMBER: "",
    CellStatus.BLANK: _("空白（不等于 0）"),
    CellStatus.SLASH: _("印为“/”"),
    CellStatus.UNREADABLE: _("无法读取"),
}
_METHOD_TEXT = {
    Method.CELL: _("取自表格单元格"),
    Method.STREAM: _("取自行标签后的文字"),
    Method.POSITION: _("行标签缺失，按位置归入"),
    Method.SPLIT_TOTAL: _("连写数字，按本行总计拆分"),
    Method.SPLIT_COLUMNS: _("连写数字，按各列合计确定拆分"),
    Method.SPLIT_PRIOR: _("连写数字，按常理推断拆分，请核实"),
    Method.SPLIT_CONTEXT: _("连写数字，按报告正文或上年报告所述数字确定拆分"),
    Method.SPLIT_DIGITS: _("连写数字，位数与单元格数相同，逐位读取"),
    Method.BUILDER: _("由平台办件数据生成"),
}


@dataclass
class CellView:
    text: str
    css: str
    title: str


@dataclass
class RowView:
    label: str
    cells: list[CellView]
    locator: str = ""
    snippet: str = ""
    marks: list[str] = field(default_factory=list)  # finding messages on this row
    anchor: str = ""


def _marks(result: AuditResult) -> dict[tuple[str, str, str], str]:
    """(table, row, column) → "err"/"err-part" (in failed checks) or "warn" (fails if blank were 0)."""
    failures: dict[tuple[str, str, str], int] = {}
    marks: dict[tuple[str, str, str], str] = {}
    for check in result.checks:
        if check.status is CheckStatus.FAIL:
            for ref in check.cells:
                failures[ref] = failures.get(ref, 0) + 1
        elif check.blank_zero == "fail":
            for ref in check.cells:
                marks.setdefault(ref, "warn")
    # a cell in two or more failed equations is the likely culprit; the others are involved
    marks.update({ref: "err" if n >= 2 else "err-part" for ref, n in failures.items()})
    return marks


def cell_view(cell: Cell, mark: str | None = None) -> CellView:
    prov = cell.provenance
    css = [f"c-{cell.status.value}"]
    if prov and prov.method not in (Method.CELL, Method.STREAM, Method.BUILDER):
        css.append(f"m-{prov.method.value}")
    if mark:
        css.append(f"mark-{mark}")
    title = [str(_STATUS_TEXT[cell.status])]
    if prov:
        snippet = f"“{prov.snippet[:80]}”" if prov.snippet else ""
        title += [prov.locator, str(_METHOD_TEXT.get(prov.method, "")), snippet, prov.note]
        if prov.ocr_confidence is not None:
            title.append(str(_("扫描件文字识别，置信度 %(c).2f") % {"c": prov.ocr_confidence}))
            if prov.ocr_confidence < OCR_REVIEW_BELOW:
                css.append("m-ocr-low")
    return CellView(cell.display() or "\u00a0", " ".join(css), " · ".join(t for t in title if t))


def _source(cells: list[Cell], row: Provenance | None = None) -> tuple[str, str]:
    """Where the row was read and its source text (the row's own, else its first cell's)."""
    prov = row or next((c.provenance for c in cells if c.provenance and c.provenance.locator), None)
    return (prov.locator, prov.snippet[:200]) if prov else ("", "")


def _row_marks(report: AnnualReport, table: str, row: str) -> list[str]:
    return [f.message for f in report.findings if f.table == table and f.row == row]


def requests_rows(report: AnnualReport, result: AuditResult) -> list[RowView]:
    if report.requests is None:
        return []
    marks = _marks(result)
    labels = {r.id: r.label for r in REQUEST_ROWS[report.requests.format]}
    rows = []
    for row in report.requests.rows:
        cells = [
            cell_view(c, marks.get(("requests", row.row_id, col.id)))
            for c, col in zip(row.cells, REQUEST_COLUMNS, strict=True)
        ]
        locator, snippet = _source(list(row.cells), row.source)
        rows.append(
            RowView(
                labels[row.row_id],
                cells,
                locator,
                snippet,
                _row_marks(report, "requests", row.row_id),
                f"r-{row.row_id}",
            )
        )
    return rows


def active_groups(report: AnnualReport) -> list[dict[str, Any]]:
    """Table 二 as its small sub-tables: caption, column labels, rows."""
    if report.active is None:
        return []
    groups: list[dict[str, Any]] = []
    for row in ACTIVE_ROWS[report.active.format]:
        if not groups or groups[-1]["key"] != row.table:
            groups.append({"key": row.table, "columns": [c.label for c in row.columns], "rows": []})
        data = report.active.rows.get(row.id)
        cells = [report.active.cell(row.id, c.id) for c in row.columns]
        locator, snippet = _source(cells, data.source if data else None)
        label = data.printed_label if data and data.printed_label else row.label
        groups[-1]["rows"].append(
            RowView(
                label,
                [cell_view(c) for c in cells],
                locator,
                snippet,
                _row_marks(report, "active", row.id),
            )
        )
    return groups


def review_rows(report: AnnualReport, result: AuditResult) -> list[RowView]:
    if report.review is None:
        return []
    marks = _marks(result)
    rows = []
    for group in REVIEW_GROUPS:
        cells = report.review.groups[group.id]
        views = [
            cell_view(c, marks.get(("review", group.id, part.id)))
            for c, part in zip(cells, REVIEW_PARTS, strict=True)
        ]
        # one source row holds all fifteen numbers: show it once, beside the first group
        first = group.id == REVIEW_GROUPS[0].id
        locator, snippet = _source(list(cells), report.review.source if first else None)
        rows.append(RowView(group.label, views, locator, snippet if first else ""))
    return rows


def figure_rows(figures: dict[str, Any], group: str = "") -> list[dict[str, Any]]:
    rows = []
    for key, value in figures.items():
        if isinstance(value, Figure):
            rows.append(
                {
                    "group": group,
                    "key": key,
                    "value": value.value,
                    "unit": value.unit or "",
                    "qualifier": value.qualifier or "",
                    "phrase": value.phrase,
                }
            )
        else:
            rows += figure_rows(value, key)
    return rows


# -- the headline: what was read and what could be checked ---------------------------------

# values not read from their own cell but placed by position or worked out from totals: shown
# as read, counted apart so that the reviewer knows how much rests on inference
INFERRED = {
    Method.POSITION,
    Method.SPLIT_TOTAL,
    Method.SPLIT_COLUMNS,
    Method.SPLIT_PRIOR,
    Method.SPLIT_CONTEXT,
    Method.SPLIT_DIGITS,
}
FORMAT_TEXT = {
    Format.F2019: _("2019 年版（国办公开办函〔2019〕60号）"),
    Format.F2021: _("2021 年版（国办公开办函〔2021〕30号）"),
    Format.HYBRID: _("两版混用（表二与表三所用格式不同）"),
    Format.PRE2019: _("2019 年以前的叙述式报告（无法定表格）"),
}
FORM_TEXT = {
    "html": _("网页"),
    "docx": _("Word 文档"),
    "pdf": _("PDF（含表格结构）"),
    "pdf-text": _("PDF（仅文字）"),
    "text": _("纯文本"),
    "text-markdown": _("Markdown 文本"),
    "text-tsv": _("制表符分隔的文本"),
    "text-docx": _("从 Word 复制的文本"),
}


def format_text(code: str | None) -> str:
    """A format code ("2021", "hybrid" …) as the reviewer reads it; a format registered
    without its own wording here reads as the registry names it."""
    if code in FORMAT_TEXT:
        return str(FORMAT_TEXT[code])  # type: ignore[index]
    if formats.is_registered(code):
        fmt = formats.get(code)  # type: ignore[arg-type]
        return f"{fmt.name}（{fmt.document}）"
    return str(_("未识别"))


FORMAT_SHORT = {
    Format.F2019: _("2019 年版"),
    Format.F2021: _("2021 年版"),
    Format.HYBRID: _("两版混用"),
    Format.PRE2019: _("叙述式"),
}


def format_short(code: str | None) -> str:
    """The same in a list column."""
    if code in FORMAT_SHORT:
        return str(FORMAT_SHORT[code])  # type: ignore[index]
    return formats.get(code).name if formats.is_registered(code) else str(_("未识别"))  # type: ignore[arg-type]


def form_text(code: str | None) -> str:
    return str(FORM_TEXT.get(code or "", _("其他形式")))


@dataclass
class Headline:
    """The counts at the top of the audit page; `verdict` is errors | incomplete | clean | narrative.

    "clean" needs every cell read and every check decided: a check that could not be decided
    (blank, "/" or unreadable cells) may hide exactly the error an auditor is looking for.
    """

    cells_read: int
    cells_unreadable: int
    cells_inferred: int
    checks_passed: int
    checks_failed: int
    checks_undecided: int
    missing_tables: list[str]
    narrative: bool = False  # pre-2019: no statutory tables, nothing to check

    @property
    def verdict(self) -> str:
        if self.narrative:
            return "narrative"
        if self.checks_failed:
            return "errors"
        if self.cells_unreadable or self.checks_undecided or self.missing_tables:
            return "incomplete"
        return "clean" if self.checks_passed else "incomplete"


def _missing_tables(report: AnnualReport) -> list[str]:
    if is_narrative(report.format):
        return []
    tables = ((_("表二"), report.active), (_("表三"), report.requests), (_("表四"), report.review))
    return [str(name) for name, table in tables if table is None]


def headline(report: AnnualReport, result: AuditResult) -> Headline:
    cells = [cell for *_where, cell in iter_cells(report)]
    unreadable = sum(1 for c in cells if c.status is CellStatus.UNREADABLE)
    inferred = sum(
        1 for c in cells if c.is_number and c.provenance and c.provenance.method in INFERRED
    )
    statuses = [c.status for c in result.checks]
    return Headline(
        cells_read=len(cells) - unreadable,
        cells_unreadable=unreadable,
        cells_inferred=inferred,
        checks_passed=statuses.count(CheckStatus.PASS),
        checks_failed=statuses.count(CheckStatus.FAIL),
        checks_undecided=statuses.count(CheckStatus.UNDECIDABLE),
        missing_tables=_missing_tables(report),
        narrative=is_narrative(report.format),
    )


@dataclass
class UnreadableView:
    """The unreadable cells of one source row, beside the line they should have come from."""

    table: str
    row: str
    columns: list[str]
    locator: str
    snippet: str
    note: str


def unreadable_cells(report: AnnualReport) -> list[UnreadableView]:
    """Every cell that could not be read, grouped by row, with its source line and reason."""
    rows = _row_sources(report)
    views: dict[tuple[str, str, str], UnreadableView] = {}
    for table, row, column, cell in iter_cells(report):
        if cell.status is not CellStatus.UNREADABLE:
            continue
        prov = cell.provenance or rows.get((table, row))
        note = cell.provenance.note if cell.provenance else ""
        key = (table, row, note)
        if key in views:
            views[key].columns.append(column)
            continue
        locator, snippet = (prov.locator, prov.snippet[:200]) if prov else ("", "")
        views[key] = UnreadableView(table, row, [column], locator, snippet, note)
    return list(views.values())


def _row_sources(report: AnnualReport) -> dict[tuple[str, str], Provenance]:
    """(table, row label) → the source row, for unreadable cells without their own provenance."""
    sources: dict[tuple[str, str], Provenance] = {}
    if report.active:
        for row in report.active.template():
            data = report.active.rows.get(row.id)
            if data and data.source:
                sources[("二", row.label)] = data.source
    if report.requests:
        labels = {r.id: r.label for r in REQUEST_ROWS[report.requests.format]}
        for req in report.requests.rows:
            if req.source:
                sources[("三", labels[req.row_id])] = req.source
    if report.review and report.review.source:
        for group in REVIEW_GROUPS:
            sources[("四", group.label)] = report.review.source
    return sources


# -- the same report uploaded again ------------------------------------------------------------


@dataclass
class Difference:
    table: str
    row: str
    column: str
    this: str  # as shown in this upload ("?" unreadable, "" blank)
    other: str  # as shown in the other upload


@dataclass
class OtherVersion:
    """Another upload of the same agency's report for the same year."""

    obj: Any  # the IngestedReport
    differences: list[Difference]

    @property
    def same_content(self) -> bool:
        return not self.differences


def _cells_by_place(report: AnnualReport) -> dict[tuple[str, str, str], str]:
    return {(t, r, c): cell.display() for t, r, c, cell in iter_cells(report)}


def differences(this: AnnualReport, other: AnnualReport) -> list[Difference]:
    """Every table cell that reads differently in the two reports (missing cells count)."""
    mine, theirs = _cells_by_place(this), _cells_by_place(other)
    places = list(mine) + [p for p in theirs if p not in mine]
    return [
        Difference(*place, mine.get(place, "?"), theirs.get(place, "?"))
        for place in places
        if mine.get(place) != theirs.get(place)
    ]


def other_versions(
    report: AnnualReport, others: list[tuple[Any, AnnualReport]]
) -> list[OtherVersion]:
    """The other uploads of this report: same content (a duplicate) or a second version."""
    return [OtherVersion(obj, differences(report, parsed)) for obj, parsed in others]


def checks_by_status(result: AuditResult) -> dict[str, list[Any]]:
    return {
        "errors": result.errors,
        "warnings": result.warnings,
        "blank_fails": [c for c in result.undecidable if c.blank_zero == "fail"],
        "undecidable": [c for c in result.undecidable if c.blank_zero != "fail"],
    }


# -- metrics for comparison -------------------------------------------------------------------

OUTCOME_GROUPS = [
    (_("予以公开"), ("r_open",)),
    (_("部分公开"), ("r_partial",)),
    (_("不予公开"), ("r_deny_",)),
    (_("无法提供"), ("r_na_",)),
    (_("不予处理"), ("r_np_",)),
    (_("其他处理"), ("r_other",)),
]


def _total(report: AnnualReport, row_id: str) -> int | None:
    if report.requests is None or not report.requests.has_row(row_id):
        return None
    cell = report.requests.row(row_id).cells[6]
    return cell.value if cell.is_number and isinstance(cell.value, int) else None


def _review_total(report: AnnualReport, *groups: str) -> int | None:
    if report.review is None:
        return None
    values = [report.review.groups[g][4] for g in groups]
    if not all(c.is_number and isinstance(c.value, int) for c in values):
        return None
    return sum(int(c.value or 0) for c in values)


def metric(report: AnnualReport, key: str, errors: int = 0) -> int | None:
    if key == "review":
        return _review_total(report, "review")
    if key == "litigation":
        return _review_total(report, "lit_direct", "lit_after")
    if key == "errors":
        return errors
    return _total(report, key)


def outcome_parts(report: AnnualReport) -> list[int | None]:
    """The 总计 column of the outcome rows, grouped (予以公开 … 其他处理); None when not all read."""
    parts: list[int | None] = []
    for _name, prefixes in OUTCOME_GROUPS:
        rows = [
            r
            for r in (report.requests.rows if report.requests else [])
            if r.row_id.startswith(prefixes)
        ]
        cells = [r.cells[6] for r in rows]
        known = rows and all(c.is_number and isinstance(c.value, int) for c in cells)
        parts.append(sum(int(c.value or 0) for c in cells) if known else None)
    return parts
