"""Counting cases for the annual report: table 三 (requests) and table 四 (appeals).

Data first (STYLE.md habit 5): these functions return plain dataclasses keyed
by the row and column ids of `data/report-formats.json` (a copy of
regs/report-formats.json); the reports app renders and checks them.

Table 三 counts, for a set of agencies and a calendar year Y (条例第五十条第二项):

- 一 本年新收: the receipt date (条例第三十一条) falls in Y;
- 二 上年结转: received before Y and still open on 31 Dec of Y-1;
- 三 本年度办理结果: concluded in Y, one row per decision (`decisions.report_row`);
- 四 结转下年度: received by 31 Dec of Y and still open at its end.

Every case is in exactly one place on each side, so 一 + 二 = 三(七)总计 + 四
holds per column by construction (the official 勾稽关系). An online submission
whose receipt has not been confirmed has no receipt date: it was never
received (第三十一条) and is counted nowhere, not even if it is withdrawn.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Q

from gongkai.agencies.models import Agency

from .decisions import format_for_year, report_row
from .models import AppealKind, AppealResult, ApplicantType, Application

FORMATS_FILE = Path(__file__).parent / "data" / "report-formats.json"

APPLICANT_COLUMN: dict[str, str] = {
    ApplicantType.NATURAL: "natural_person",
    ApplicantType.COMMERCIAL: "commercial",
    ApplicantType.RESEARCH: "research",
    ApplicantType.SOCIAL: "social_welfare",
    ApplicantType.LEGAL_SERVICE: "legal_service",
    ApplicantType.OTHER: "other_org",
}
TOTAL = "total"

APPEAL_GROUPS: dict[str, str] = {
    AppealKind.REVIEW: "review",
    AppealKind.LITIGATION_DIRECT: "lit_direct",
    AppealKind.LITIGATION_AFTER_REVIEW: "lit_after",
}
APPEAL_RESULTS: dict[str, str] = {
    AppealResult.MAINTAINED: "maintained",
    AppealResult.CORRECTED: "corrected",
    AppealResult.OTHER: "other",
    AppealResult.PENDING: "pending",
}


@cache
def report_formats() -> dict[str, Any]:
    """The two official formats as data (国办公开办函〔2019〕60号, 〔2021〕30号)."""
    return json.loads(FORMATS_FILE.read_text(encoding="utf-8"))["formats"]


def table3_rows(report_format: str) -> list[str]:
    return [r["id"] for r in report_formats()[report_format]["tables"]["t3"]["rows"]]


def table3_columns(report_format: str) -> list[str]:
    return [c["id"] for c in report_formats()[report_format]["tables"]["t3"]["cols"]]


def table4_columns() -> list[str]:
    """Identical in both formats: 3 groups × 维持/纠正/其他/尚未审结/总计."""
    return [c["id"] for c in report_formats()["2021"]["tables"]["t4"]["cols"]]


def result_rows(report_format: str) -> list[str]:
    """The 三、本年度办理结果 rows that decisions land in (r_total is their sum)."""
    return [r for r in table3_rows(report_format) if r.startswith("r_") and r != "r_total"]


@dataclass(frozen=True)
class RequestTable:
    """Table 三: rows[row id][column id] → number of applications."""

    year: int
    format: str
    rows: dict[str, dict[str, int]]

    def cell(self, row: str, column: str = TOTAL) -> int:
        return self.rows[row][column]

    def imbalances(self) -> list[str]:
        """Columns where 一 + 二 ≠ 三(七)总计 + 四 (empty when consistent)."""
        out = []
        for col in self.rows["new_received"]:
            left = self.cell("new_received", col) + self.cell("carried_over", col)
            right = self.cell("r_total", col) + self.cell("carry_next", col)
            if left != right:
                out.append(f"{col}: {left} ≠ {right}")
        return out


@dataclass(frozen=True)
class AppealTable:
    """Table 四, as at 31 December: cells[column id] → number of cases."""

    year: int
    cells: dict[str, int] = field(default_factory=dict)

    def cell(self, column: str) -> int:
        return self.cells[column]


def _cases(agencies: Iterable[Agency]) -> Any:
    # Unconfirmed online submissions were never received (第三十一条): not counted.
    return Application.objects.in_agencies(list(agencies)).filter(receipt_date__isnull=False)


def _per_type(qs: Any) -> dict[str, int]:
    counts = {col: 0 for col in APPLICANT_COLUMN.values()}
    for row in qs.values("applicant_type").annotate(n=Count("id")):
        counts[APPLICANT_COLUMN[row["applicant_type"]]] += row["n"]
    counts[TOTAL] = sum(counts.values())
    return counts


def count_requests(
    agencies: Iterable[Agency], year: int, report_format: str | None = None
) -> RequestTable:
    """Table 三 for the agencies' cases in `year`, in the year's format unless given."""
    fmt = report_format or format_for_year(year)
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cases = _cases(agencies)
    columns = table3_columns(fmt)
    rows = {r: dict.fromkeys(columns, 0) for r in table3_rows(fmt)}
    rows["new_received"] = _per_type(cases.filter(receipt_date__range=(jan1, dec31)))
    rows["carried_over"] = _per_type(cases.open_on(jan1 - dt.timedelta(days=1)))
    rows["carry_next"] = _per_type(cases.open_on(dec31))
    concluded = cases.filter(concluded_on__range=(jan1, dec31))
    for row in concluded.values("applicant_type", "decision").annotate(n=Count("id")):
        target = rows[report_row(row["decision"], fmt)]
        target[APPLICANT_COLUMN[row["applicant_type"]]] += row["n"]
        target[TOTAL] += row["n"]
    rows["r_total"] = {c: sum(rows[r][c] for r in result_rows(fmt)) for c in columns}
    return RequestTable(year, fmt, rows)


def count_appeals(agencies: Iterable[Agency], year: int) -> AppealTable:
    """Table 四: 行政复议 / 直接起诉 / 复议后起诉 against the agencies' replies, as at
    31 Dec: filed by then and not concluded before the year; 尚未审结 = open on 31 Dec."""
    from .models import Appeal

    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells = dict.fromkeys(table4_columns(), 0)
    appeals = Appeal.objects.filter(
        application__agency__in=list(agencies), filed_on__lte=dec31
    ).filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=jan1))
    for appeal in appeals.only("kind", "result", "concluded_on"):
        concluded = appeal.concluded_on is not None and appeal.concluded_on <= dec31
        result = appeal.result if concluded else AppealResult.PENDING
        cells[f"{APPEAL_GROUPS[appeal.kind]}_{APPEAL_RESULTS[result]}"] += 1
    for group in APPEAL_GROUPS.values():
        cells[f"{group}_total"] = sum(cells[f"{group}_{r}"] for r in APPEAL_RESULTS.values())
    return AppealTable(year, cells)
