"""`build_annual_report(agency, year) -> AnnualReport`: the statutory report from the records.

Table 三 and table 四 are counted from the cases by `applications.reporting` (the one place
that counts them); table 二 reads the figures staff entered (`figures`); the six sections
are the staff's text, or drafts pre-filled from the records when nobody has written them.
The result is the same dataclass a parsed report lands in, so `reports.audit` checks both.
"""

from __future__ import annotations

from gongkai.agencies.models import Agency
from gongkai.applications.reporting import AppealTable, RequestTable, count_appeals, count_requests

from ..formats import REQUEST_ROWS, REVIEW_GROUPS, SECTION_TITLES, Format, format_for_year
from ..model import (
    AnnualReport,
    Cell,
    Method,
    Provenance,
    RequestRowData,
    RequestsTable,
    ReviewTable,
    Section,
)
from .figures import build_active_table
from .models import AgencyReport
from .narrative import draft_sections

REVIEW_PARTS = ("maintained", "corrected", "other", "pending", "total")


def _counted(value: int, where: str) -> Cell:
    return Cell.number(value, provenance=Provenance(where, method=Method.BUILDER))


def requests_table(counts: RequestTable, fmt: Format) -> RequestsTable:
    """The counted table 三 in the template's row order, every cell a number."""
    from ..formats import REQUEST_COLUMNS

    rows = []
    for row in REQUEST_ROWS[fmt]:
        values = counts.rows[row.id]
        cells = tuple(
            _counted(values[c.id], f"表三 {row.label} {c.label}") for c in REQUEST_COLUMNS
        )
        rows.append(RequestRowData(row.id, cells, row.label))
    return RequestsTable(fmt, rows)


def review_table(counts: AppealTable) -> ReviewTable:
    groups = {
        g.id: tuple(_counted(counts.cell(f"{g.id}_{p}"), f"表四 {g.label}") for p in REVIEW_PARTS)
        for g in REVIEW_GROUPS
    }
    return ReviewTable(groups)


def report_format(agency: Agency, year: int, override: Format | str | None = None) -> Format:
    """The template: the one given, the one chosen on the working copy, or the year's."""
    if override:
        return Format(override)
    chosen = (
        AgencyReport.objects.filter(agency=agency, year=year)
        .values_list("format", flat=True)
        .first()
    )
    return Format(chosen) if chosen else format_for_year(year)


def build_annual_report(agency: Agency, year: int, fmt: Format | str | None = None) -> AnnualReport:
    """The agency's report on `year` in the year's template (or `fmt`), from its records."""
    chosen = report_format(agency, year, fmt)
    report = AnnualReport(agency=agency.name, year=year, format=chosen)
    report.active = build_active_table(agency, year, chosen)
    report.requests = requests_table(count_requests([agency], year, chosen.value), chosen)
    report.review = review_table(count_appeals([agency], year))
    report.sections = sections(agency, year, report)
    return report


def sections(agency: Agency, year: int, report: AnnualReport) -> list[Section]:
    """Sections 一–六: what staff wrote, else the draft from the records."""
    written = (
        AgencyReport.objects.filter(agency=agency, year=year)
        .values_list("sections", flat=True)
        .first()
        or {}
    )
    drafts = draft_sections(agency, year, report)
    return [
        Section(number, title, key, written.get(number) or drafts[number])
        for key, (number, title) in enumerate(SECTION_TITLES)
    ]
