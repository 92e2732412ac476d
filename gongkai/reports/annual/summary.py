"""The 汇总 report of a supervisor's subtree: the sum of the agencies' own reports, checked again.

Every agency's report is built by `build_annual_reports` (a fixed number of grouped queries
per batch, whatever the number of agencies), in the summary's format, and the 汇总 is their
cell-by-cell sum: table 二 (entered figures and the catalogue ledger's 规章 / 规范性文件
counts alike), 三 and 四. So each cell of the 汇总 equals the sum of the same cell over the
subtree's reports; a cell blank in every report stays blank. The same audit then checks the
sum, and across years against the subtree's 汇总 of the year before. A large subtree is built
in batches, each reported as progress (the background job `run_summary` shows it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.applications.reportmodel.model import (
    ActiveRowData,
    ActiveTable,
    AnnualReport,
    Cell,
    Method,
    Provenance,
    RequestRowData,
    RequestsTable,
    ReviewTable,
    Section,
)

from .. import formats
from ..audit import AuditResult, audit, audit_pair
from ..formats import ACTIVE_ROWS, SECTION_TITLES, NoTemplateForYear
from .build import build_annual_reports

YUAN_PER_WAN = Decimal(10000)
# Agencies built per `build_annual_reports` call: a batch's reports are summed, then dropped.
BATCH = 500

Progress = Callable[[int, int], None]


def subtree(root: Agency) -> list[Agency]:
    return list(Agency.objects.filter(path__startswith=root.path, is_active=True).order_by("path"))


def _summed_cell(cells: Iterable[Cell]) -> Cell:
    """The sum of the cells that hold a number (blank if none); mixed units summed in 元."""
    values = [
        (Decimal(c.value), c.unit or "") for c in cells if c.is_number and c.value is not None
    ]
    if not values:
        return Cell.blank()
    prov = Provenance(
        _("汇总"), method=Method.BUILDER, note=_("%(n)d 个机关填报") % {"n": len(values)}
    )
    units = {unit for _v, unit in values}
    if len(units) > 1:
        total = sum((v * YUAN_PER_WAN if u == "万元" else v for v, u in values), Decimal(0))
        units = {"元"}
    else:
        total = sum((v for v, _u in values), Decimal(0))
    unit = units.pop() or None
    number: int | Decimal = int(total) if total == total.to_integral_value() else total
    text = str(number) if isinstance(number, int) else format(total.normalize(), "f")
    return Cell.number(number, text, unit, provenance=prov)


class _Sum:
    """The cells of many reports of one format, collected per table position."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.active: dict[tuple[str, str], list[Cell]] = {}
        self.requests: dict[tuple[str, int], list[Cell]] = {}
        self.labels: dict[str, str | None] = {}
        self.review: dict[tuple[str, int], list[Cell]] = {}

    def add(self, report: AnnualReport) -> None:
        if report.active is not None:
            for row_id, row in report.active.rows.items():
                for column_id, cell in row.cells.items():
                    self.active.setdefault((row_id, column_id), []).append(cell)
        if report.requests is not None:
            for request_row in report.requests.rows:
                self.labels.setdefault(request_row.row_id, request_row.printed_label)
                for i, cell in enumerate(request_row.cells):
                    self.requests.setdefault((request_row.row_id, i), []).append(cell)
        if report.review is not None:
            for group, cells in report.review.groups.items():
                for i, cell in enumerate(cells):
                    self.review.setdefault((group, i), []).append(cell)

    def active_table(self) -> ActiveTable:
        table = ActiveTable(self.fmt)
        for row in ACTIVE_ROWS[self.fmt]:
            cells = {c.id: _summed_cell(self.active.get((row.id, c.id), [])) for c in row.columns}
            table.rows[row.id] = ActiveRowData(row.id, cells, row.label)
        return table

    def requests_table(self) -> RequestsTable:
        layout = formats.get(self.fmt)
        width = len(layout.request_columns)
        rows = [
            RequestRowData(
                row.id,
                tuple(_summed_cell(self.requests.get((row.id, i), [])) for i in range(width)),
                self.labels.get(row.id, row.label),
            )
            for row in layout.request_rows
        ]
        return RequestsTable(self.fmt, rows)

    def review_table(self) -> ReviewTable:
        layout = formats.get(self.fmt)
        width = len(layout.review_parts)
        return ReviewTable(
            {
                g.id: tuple(_summed_cell(self.review.get((g.id, i), [])) for i in range(width))
                for g in layout.review_groups
            }
        )


def build_summary_report(
    root: Agency,
    year: int,
    fmt: str | None = None,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> AnnualReport:
    """The 汇总 of `root` and every agency under it, in the year's format (or `fmt`): the
    sum of their reports as `build_annual_reports` builds them. `progress(done, total)` is
    called after each batch of agencies."""
    chosen = formats.get(fmt).id if fmt else formats.format_for_year(year)
    agencies = subtree(root)
    total = _Sum(chosen)
    if progress is not None:
        progress(0, len(agencies))
    for start in range(0, len(agencies), batch):
        part = agencies[start : start + batch]
        for report in build_annual_reports(part, year, chosen).values():
            total.add(report)
        if progress is not None:
            progress(start + len(part), len(agencies))
    name = _("%(a)s及所属机关（汇总）") % {"a": root.name}
    report = AnnualReport(agency=name, year=year, format=chosen)
    report.active = total.active_table()
    report.requests = total.requests_table()
    report.review = total.review_table()
    intro = _("本汇总报告包括%(a)s及所属 %(n)d 个机关。") % {"a": root.name, "n": len(agencies) - 1}
    report.sections = [Section(n, t, k, intro if n == "一" else "")
                       for k, (n, t) in enumerate(SECTION_TITLES)]  # fmt: skip
    return report


def check_summary(root: Agency, report: AnnualReport) -> AuditResult:
    """The rules again on the sums, and the carry-over against last year's 汇总."""
    checks = list(audit(report).checks)
    if report.year is not None:
        try:
            previous = build_summary_report(root, report.year - 1)
        except NoTemplateForYear:
            return AuditResult(checks)
        checks += audit_pair(previous, report).checks
    return AuditResult(checks)
