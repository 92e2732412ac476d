"""`build_annual_report(agency, year) -> AnnualReport`: the statutory report from the records.

Table 三 and table 四 are counted from the cases by `applications.reporting` (the one place
that counts them); table 二 reads the figures staff entered (`figures`); the six sections
are the staff's text, or drafts pre-filled from the records when nobody has written them.
The result is the same dataclass a parsed report lands in, so `reports.audit` checks both.
"""

from __future__ import annotations

from gongkai.agencies.models import Agency
from gongkai.applications.reporting import count_appeals, count_requests
from gongkai.applications.reportmodel.model import AnnualReport, Section

from .. import formats
from ..formats import SECTION_TITLES
from .figures import build_active_table
from .models import AgencyReport
from .narrative import draft_sections


def report_format(agency: Agency, year: int, override: str | None = None) -> str:
    """The format id: the one given, the one chosen on the working copy, or the year's
    (the registry's `format_for_year`). An unregistered id raises `formats.UnknownFormat`."""
    if override:
        return formats.get(override).id
    chosen = (
        AgencyReport.objects.filter(agency=agency, year=year)
        .values_list("format", flat=True)
        .first()
    )
    return formats.get(chosen).id if chosen else formats.format_for_year(year)


def build_annual_report(agency: Agency, year: int, fmt: str | None = None) -> AnnualReport:
    """The agency's report on `year` in the year's format (or `fmt`), from its records."""
    chosen = report_format(agency, year, fmt)
    report = AnnualReport(agency=agency.name, year=year, format=chosen)
    report.active = build_active_table(agency, year, chosen)
    report.requests = count_requests([agency], year, chosen)
    report.review = count_appeals([agency], year, chosen)
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
