"""The 汇总 report of a supervisor's subtree: every table summed, then checked again.

Table 三 and 四 are counted over all the subtree's cases at once (`applications.reporting`
takes a list of agencies), so the sums are exact and balanced by construction; table 二 sums
the figures the agencies entered — a cell nobody entered stays blank. The same audit then
checks the result, and across years against the subtree's summary of the year before.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.applications.reporting import count_appeals, count_requests
from gongkai.applications.reportmodel.model import (
    ActiveRowData,
    ActiveTable,
    AnnualReport,
    Cell,
    Method,
    Provenance,
    Section,
)

from .. import formats
from ..audit import AuditResult, audit, audit_pair
from ..formats import ACTIVE_ROWS, SECTION_TITLES, NoTemplateForYear
from .models import ActiveFigure

YUAN_PER_WAN = Decimal(10000)


def subtree(root: Agency) -> list[Agency]:
    return list(Agency.objects.filter(path__startswith=root.path, is_active=True).order_by("path"))


def _summed_cell(values: list[tuple[Decimal, str]], count: int) -> Cell:
    """A sum of entered figures; amounts in mixed units are summed in 元."""
    prov = Provenance(_("汇总"), method=Method.BUILDER, note=_("%(n)d 个机关填报") % {"n": count})
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


def summed_active_table(agencies: list[Agency], year: int, fmt: str) -> ActiveTable:
    entered: dict[tuple[str, str], list[tuple[Decimal, str]]] = defaultdict(list)
    for figure in ActiveFigure.objects.filter(agency__in=agencies, year=year):
        entered[(figure.row, figure.column)].append((figure.value, figure.unit))
    table = ActiveTable(fmt)
    for row in ACTIVE_ROWS[fmt]:
        cells = {}
        for column in row.columns:
            values = entered.get((row.id, column.id))
            cells[column.id] = _summed_cell(values, len(values)) if values else Cell.blank()
        table.rows[row.id] = ActiveRowData(row.id, cells, row.label)
    return table


def build_summary_report(root: Agency, year: int, fmt: str | None = None) -> AnnualReport:
    """The 汇总 of `root` and every agency under it, in the year's format (or `fmt`)."""
    chosen = formats.get(fmt).id if fmt else formats.format_for_year(year)
    agencies = subtree(root)
    name = _("%(a)s及所属机关（汇总）") % {"a": root.name}
    report = AnnualReport(agency=name, year=year, format=chosen)
    report.active = summed_active_table(agencies, year, chosen)
    report.requests = count_requests(agencies, year, chosen)
    report.review = count_appeals(agencies, year, chosen)
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
