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
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import translation

from gongkai.agencies.models import Agency

from .models import (
    Appeal,
    AppealKind,
    AppealResult,
    ApplicantType,
    Application,
    FigureKind,
    YearlyFigure,
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
    return _counted_cell(value, str(where))


# Cells are immutable, and a province's reports repeat the same few (value, place) pairs
# hundreds of thousands of times: build each once (bench/province.py).
@lru_cache(maxsize=8192)
def _counted_cell(value: int, where: str) -> Cell:
    return Cell.number(value, provenance=Provenance(where, method=Method.BUILDER))


_PLACES: dict[tuple[str, str | None], tuple[formats.ReportFormat, dict[str, tuple[str, ...]]]] = {}


def _places(fmt: formats.ReportFormat) -> dict[str, tuple[str, ...]]:
    """Each table 三 row's cell places ("表三 <row> <column>"), in the active language
    (kept per format object: a format registered again under its id is not confused)."""
    key = (fmt.id, translation.get_language())
    cached = _PLACES.get(key)
    if cached is None or cached[0] is not fmt:
        places = {
            row.id: tuple(f"表三 {row.label} {c.label}" for c in fmt.request_columns)
            for row in fmt.request_rows
        }
        cached = _PLACES[key] = (fmt, places)
    return cached[1]


def _cases(agencies: Iterable[Agency]) -> Any:
    # Unconfirmed online submissions were never received (第三十一条): not counted.
    return Application.objects.in_agencies(list(agencies)).filter(receipt_date__isnull=False)


@dataclass
class CaseCounts:
    """One agency's (or a set's) cases in a year, by applicant type (and decision): the raw
    figures of table 三 before the format lays them out."""

    new_received: Counter[str] = field(default_factory=Counter)  # applicant type → n
    carried_over: Counter[str] = field(default_factory=Counter)
    carry_next: Counter[str] = field(default_factory=Counter)
    concluded: Counter[tuple[str, str]] = field(default_factory=Counter)  # (type, decision)

    def add(self, other: CaseCounts) -> None:
        for name in ("new_received", "carried_over", "carry_next", "concluded"):
            getattr(self, name).update(getattr(other, name))


def count_cases_by_agency(agency_ids: Iterable[int], year: int) -> dict[int, CaseCounts]:
    """Table 三's raw figures of every given agency in one grouped query (GROUP BY agency,
    applicant type, decision); an agency without cases has no entry."""
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    new = Q(receipt_date__range=(jan1, dec31))
    concluded = Q(concluded_on__range=(jan1, dec31))

    def open_on(day: dt.date) -> Q:  # ApplicationQuerySet.open_on, as a filter
        return Q(receipt_date__lte=day) & (Q(concluded_on__isnull=True) | Q(concluded_on__gt=day))

    rows = (
        Application.objects.filter(agency_id__in=list(agency_ids), receipt_date__isnull=False)
        .filter(Q(receipt_date__lte=dec31) | concluded)
        .values("agency_id", "applicant_type", "decision")
        .annotate(
            new=Count("id", filter=new),
            carried=Count("id", filter=open_on(jan1 - dt.timedelta(days=1))),
            next=Count("id", filter=open_on(dec31)),
            done=Count("id", filter=concluded),
        )
        .order_by()
    )
    out: dict[int, CaseCounts] = defaultdict(CaseCounts)
    for row in rows:
        counts, kind = out[row["agency_id"]], row["applicant_type"]
        counts.new_received[kind] += row["new"]
        counts.carried_over[kind] += row["carried"]
        counts.carry_next[kind] += row["next"]
        if row["done"]:
            counts.concluded[(kind, row["decision"])] += row["done"]
    return dict(out)


def _per_column(by_type: Counter[str]) -> dict[str, int]:
    counts = {col: 0 for col in APPLICANT_COLUMN.values()}
    for kind, n in by_type.items():
        counts[APPLICANT_COLUMN[kind]] += n
    counts[TOTAL] = sum(counts.values())
    return counts


def requests_table(counts: CaseCounts, fmt: formats.ReportFormat) -> RequestsTable:
    """Table 三 in `fmt` from the raw figures: the one place a decision finds its row
    (`fmt.row_for`, the registry's decision → row map)."""
    columns = [c.id for c in fmt.request_columns]
    rows = {r.id: dict.fromkeys(columns, 0) for r in fmt.request_rows}
    rows["new_received"] = _per_column(counts.new_received)
    rows["carried_over"] = _per_column(counts.carried_over)
    rows["carry_next"] = _per_column(counts.carry_next)
    for (kind, decision), n in counts.concluded.items():
        target = rows[fmt.row_for(decision)]
        target[APPLICANT_COLUMN[kind]] += n
        target[TOTAL] += n
    outcomes = fmt.result_rows()
    rows["r_total"] = {c: sum(rows[r][c] for r in outcomes) for c in columns}
    places = _places(fmt)
    data = [
        RequestRowData(
            row.id,
            tuple(
                _counted_cell(rows[row.id][c], where)
                for c, where in zip(columns, places[row.id], strict=True)
            ),
            row.label,
        )
        for row in fmt.request_rows
    ]
    return RequestsTable(fmt.id, data)


def count_requests(
    agencies: Iterable[Agency], year: int, report_format: str | None = None
) -> RequestsTable:
    """Table 三 for the agencies' cases in `year` summed, in the year's format unless given.

    Summed from the per-year figures (`figures.py`, `YearlyFigure`): "open on 31 December"
    is everything received by then minus everything both received and concluded by then
    (`FigureKind.SETTLED`), one row per agency, breakdown and year before, so every cell is
    exact without reading a case. `count_requests_from_cases` is the same table counted
    from the cases."""
    fmt = formats.get(report_format or formats.format_for_year(year))
    figs = YearlyFigure.objects.filter(agency__in=list(agencies)).order_by()
    before = Q(year__lt=year)
    received, settled = Q(kind=FigureKind.RECEIVED), Q(kind=FigureKind.SETTLED)
    counts = CaseCounts()
    for r in (
        figs.filter(kind__in=[FigureKind.RECEIVED, FigureKind.SETTLED], year__lte=year)
        .values("applicant_type")
        .annotate(
            received_before=Sum("count", filter=received & before, default=0),
            settled_before=Sum("count", filter=settled & before, default=0),
            received_by_end=Sum("count", filter=received, default=0),
            settled_by_end=Sum("count", filter=settled, default=0),
        )
    ):
        kind = r["applicant_type"]
        counts.new_received[kind] = r["received_by_end"] - r["received_before"]
        counts.carried_over[kind] = r["received_before"] - r["settled_before"]
        counts.carry_next[kind] = r["received_by_end"] - r["settled_by_end"]
    concluded = figs.filter(kind=FigureKind.CONCLUDED, year=year)
    for c in concluded.values("applicant_type", "decision").annotate(n=Sum("count")):
        counts.concluded[(c["applicant_type"], c["decision"])] += c["n"]
    return requests_table(counts, fmt)


def count_requests_from_cases(
    agencies: Iterable[Agency], year: int, report_format: str | None = None
) -> RequestsTable:
    """Table 三 counted from the cases themselves (four narrow queries): the definition the
    figures are held to (tests compare the two; `rebuild_figures` repairs the figures)."""
    fmt = formats.get(report_format or formats.format_for_year(year))
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cases = _cases(agencies)
    counts = CaseCounts(
        new_received=_per_type(cases.filter(receipt_date__range=(jan1, dec31))),
        carried_over=_per_type(cases.open_on(jan1 - dt.timedelta(days=1))),
        carry_next=_per_type(cases.open_on(dec31)),
    )
    concluded = cases.filter(concluded_on__range=(jan1, dec31))
    for row in concluded.values("applicant_type", "decision").annotate(n=Count("id")):
        counts.concluded[(row["applicant_type"], row["decision"])] += row["n"]
    return requests_table(counts, fmt)


def _per_type(qs: Any) -> Counter[str]:
    rows = qs.values("applicant_type").annotate(n=Count("id")).order_by()
    return Counter({row["applicant_type"]: row["n"] for row in rows})


def review_format(year: int, report_format: str | None = None) -> formats.ReportFormat:
    """The format of table 四 on `year`: table 四 is older than the formats, so a year before
    them takes the first one."""
    if report_format is None and year < min(f.first_year for f in formats.buildable()):
        report_format = formats.buildable()[0].id
    return formats.get(report_format or formats.format_for_year(year))


def count_appeals_by_agency(
    agency_ids: Iterable[int], year: int
) -> dict[int, Counter[tuple[str, str]]]:
    """Table 四's raw figures of every given agency in one grouped query: (kind, result) → n
    as at 31 Dec, an appeal not concluded by then counted as 尚未审结."""
    jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    open_at_end = Q(concluded_on__isnull=True) | Q(concluded_on__gt=dec31)
    rows = (
        Appeal.objects.filter(application__agency_id__in=list(agency_ids), filed_on__lte=dec31)
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=jan1))
        .values("application__agency_id", "kind", "result")
        .annotate(done=Count("id", filter=~open_at_end), pending=Count("id", filter=open_at_end))
        .order_by()
    )
    out: dict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
    for row in rows:
        cells = out[row["application__agency_id"]]
        cells[(row["kind"], row["result"])] += row["done"]
        cells[(row["kind"], AppealResult.PENDING)] += row["pending"]
    return dict(out)


def review_table(counts: Counter[tuple[str, str]], fmt: formats.ReportFormat) -> ReviewTable:
    """Table 四 in `fmt` from the raw (kind, result) figures."""
    cells = dict.fromkeys(table4_columns(fmt.id), 0)
    for (kind, result), n in counts.items():
        cells[f"{APPEAL_GROUPS[kind]}_{APPEAL_RESULTS[result]}"] += n
    for group in APPEAL_GROUPS.values():
        cells[f"{group}_total"] = sum(cells[f"{group}_{r}"] for r in APPEAL_RESULTS.values())
    groups = {
        g.id: tuple(_counted(cells[f"{g.id}_{p.id}"], f"表四 {g.label}") for p in fmt.review_parts)
        for g in fmt.review_groups
    }
    return ReviewTable(groups)


def count_appeals(
    agencies: Iterable[Agency], year: int, report_format: str | None = None
) -> ReviewTable:
    """Table 四: 行政复议 / 直接起诉 / 复议后起诉 against the agencies' replies, as at
    31 Dec: filed by then and not concluded before the year; 尚未审结 = open on 31 Dec."""
    fmt = review_format(year, report_format)
    total: Counter[tuple[str, str]] = Counter()
    for counts in count_appeals_by_agency([a.pk for a in agencies], year).values():
        total.update(counts)
    return review_table(total, fmt)
