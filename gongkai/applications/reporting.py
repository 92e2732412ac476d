"""Counting cases for the annual report: table 三 (requests) and table 四 (appeals).

Data first (STYLE.md habit 5): these functions return the tables of the one
`AnnualReport` dataclass family (`reportmodel.model`), in the rows and columns of
the format the registry (`reportmodel.formats`) picks for the year, every cell a
number with its provenance (`Method.BUILDER`). The reports app puts them in a
report, renders and checks them.

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
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, Sum

from gongkai.agencies.models import Agency

from .models import (
    AppealKind,
    AppealResult,
    ApplicantType,
    Application,
    FigureKind,
    MonthlyFigure,
)
from .reportmodel import formats
from .reportmodel.model import (
    Cell,
    Method,
    Provenance,
    RequestRowData,
    RequestsTable,
    ReviewTable,
)

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


def table3_rows(report_format: str) -> list[str]:
    return [r.id for r in formats.get(report_format).request_rows]


def table3_columns(report_format: str) -> list[str]:
    return [c.id for c in formats.get(report_format).request_columns]


def table4_columns(report_format: str | None = None) -> list[str]:
    """3 groups × 维持/纠正/其他/尚未审结/总计 (the same in every registered format)."""
    fmt = formats.get(report_format) if report_format else formats.buildable()[-1]
    return [f"{g.id}_{p.id}" for g in fmt.review_groups for p in fmt.review_parts]


def result_rows(report_format: str) -> list[str]:
    """The 三、本年度办理结果 rows that decisions land in (r_total is their sum)."""
    return formats.get(report_format).result_rows()


def _counted(value: int, where: str) -> Cell:
    return Cell.number(value, provenance=Provenance(where, method=Method.BUILDER))


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
) -> RequestsTable:
    """Table 三 for the agencies' cases in `year`, in the year's format unless given.

    Summed from the per-month figures (`figures.py`): a year is twelve whole months, and
    "open on 31 December" is everything received by then minus everything both received
    and concluded by then (`FigureKind.SETTLED`), so every cell is exact without reading
    a case. `count_requests_from_cases` is the same table counted from the cases."""
    fmt = formats.get(report_format or formats.format_for_year(year))
    jan1, dec1 = dt.date(year, 1, 1), dt.date(year, 12, 1)
    figs = MonthlyFigure.objects.filter(agency__in=list(agencies)).order_by()
    columns = [c.id for c in fmt.request_columns]
    rows = {r.id: dict.fromkeys(columns, 0) for r in fmt.request_rows}
    before = Q(month__lt=jan1)
    received, settled = Q(kind=FigureKind.RECEIVED), Q(kind=FigureKind.SETTLED)
    for r in (
        figs.filter(kind__in=[FigureKind.RECEIVED, FigureKind.SETTLED], month__lte=dec1)
        .values("applicant_type")
        .annotate(
            received_before=Sum("count", filter=received & before, default=0),
            settled_before=Sum("count", filter=settled & before, default=0),
            received_by_end=Sum("count", filter=received, default=0),
            settled_by_end=Sum("count", filter=settled, default=0),
        )
    ):
        column = APPLICANT_COLUMN[r["applicant_type"]]
        rows["new_received"][column] = r["received_by_end"] - r["received_before"]
        rows["carried_over"][column] = r["received_before"] - r["settled_before"]
        rows["carry_next"][column] = r["received_by_end"] - r["settled_by_end"]
    concluded = figs.filter(kind=FigureKind.CONCLUDED, month__range=(jan1, dec1))
    for c in concluded.values("applicant_type", "decision").annotate(n=Sum("count")):
        rows[fmt.row_for(c["decision"])][APPLICANT_COLUMN[c["applicant_type"]]] += c["n"]
    for row_id in ("new_received", "carried_over", "carry_next", *fmt.result_rows()):
        rows[row_id][TOTAL] = sum(v for c, v in rows[row_id].items() if c != TOTAL)
    return _table(fmt, rows)


def count_requests_from_cases(
    agencies: Iterable[Agency], year: int, report_format: str | None = None
) -> RequestsTable:
    """Table 三 counted from the cases themselves: the definition the figures are held to
    (tests compare the two; `rebuild_figures` repairs the figures if they ever differ)."""
    fmt = formats.get(report_format or formats.format_for_year(year))
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cases = _cases(agencies)
    columns = [c.id for c in fmt.request_columns]
    rows = {r.id: dict.fromkeys(columns, 0) for r in fmt.request_rows}
    rows["new_received"] = _per_type(cases.filter(receipt_date__range=(jan1, dec31)))
    rows["carried_over"] = _per_type(cases.open_on(jan1 - dt.timedelta(days=1)))
    rows["carry_next"] = _per_type(cases.open_on(dec31))
    concluded = cases.filter(concluded_on__range=(jan1, dec31))
    for row in concluded.values("applicant_type", "decision").annotate(n=Count("id")):
        target = rows[fmt.row_for(row["decision"])]
        target[APPLICANT_COLUMN[row["applicant_type"]]] += row["n"]
        target[TOTAL] += row["n"]
    return _table(fmt, rows)


def _table(fmt: Any, rows: dict[str, dict[str, int]]) -> RequestsTable:
    columns = [c.id for c in fmt.request_columns]
    rows["r_total"] = {c: sum(rows[r][c] for r in fmt.result_rows()) for c in columns}
    data = [
        RequestRowData(
            row.id,
            tuple(
                _counted(rows[row.id][c.id], f"表三 {row.label} {c.label}")
                for c in fmt.request_columns
            ),
            row.label,
        )
        for row in fmt.request_rows
    ]
    return RequestsTable(fmt.id, data)


def count_appeals(
    agencies: Iterable[Agency], year: int, report_format: str | None = None
) -> ReviewTable:
    """Table 四: 行政复议 / 直接起诉 / 复议后起诉 against the agencies' replies, as at
    31 Dec: filed by then and not concluded before the year; 尚未审结 = open on 31 Dec."""
    from .models import Appeal

    if report_format is None and year < min(f.first_year for f in formats.buildable()):
        report_format = formats.buildable()[0].id  # table 四 is older than the formats
    fmt = formats.get(report_format or formats.format_for_year(year))
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells = dict.fromkeys(table4_columns(fmt.id), 0)
    appeals = Appeal.objects.filter(
        application__agency__in=list(agencies), filed_on__lte=dec31
    ).filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=jan1))
    for appeal in appeals.only("kind", "result", "concluded_on"):
        concluded = appeal.concluded_on is not None and appeal.concluded_on <= dec31
        result = appeal.result if concluded else AppealResult.PENDING
        cells[f"{APPEAL_GROUPS[appeal.kind]}_{APPEAL_RESULTS[result]}"] += 1
    for group in APPEAL_GROUPS.values():
        cells[f"{group}_total"] = sum(cells[f"{group}_{r}"] for r in APPEAL_RESULTS.values())
    groups = {
        g.id: tuple(_counted(cells[f"{g.id}_{p.id}"], f"表四 {g.label}") for p in fmt.review_parts)
        for g in fmt.review_groups
    }
    return ReviewTable(groups)
