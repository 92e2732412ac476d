"""`build_annual_reports(agencies, year)`: the statutory reports of many agencies from the records.

Every figure is counted for all the given agencies at once, by a fixed number of grouped
queries (GROUP BY agency, applicant type, decision …), whatever the number of agencies:
table 三 and 四 by `applications.reporting`, table 二's 规章 / 规范性文件 by the catalogue
ledger (`catalog.ledger`) beside the figures staff entered (`figures`), and the facts the
section drafts quote (`narrative`). Each agency's counts are then laid out in its format by
the same functions that lay out a single report, so `build_annual_report(agency, year)` is
the one-agency case of the same code. The result is the dataclass a parsed report lands in,
so `reports.audit` checks both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from gongkai.agencies.models import Agency
from gongkai.applications.reporting import (
    CaseCounts,
    count_appeals_by_agency,
    count_cases_by_agency,
    requests_table,
    review_table,
)
from gongkai.applications.reportmodel.model import AnnualReport, Section
from gongkai.catalog.ledger import build_ledgers

from .. import formats
from ..formats import SECTION_TITLES
from .figures import active_table, entered_figures, ledger_cells
from .models import AgencyReport
from .narrative import RecordFacts, draft_sections, record_facts


def report_format(agency: Agency, year: int, override: str | None = None) -> str:
    """The format id: the one given, the one chosen on the working copy, or the year's
    (the registry's `format_for_year`). An unregistered id raises `formats.UnknownFormat`."""
    working = _working_copies([agency.pk], year).get(agency.pk, {})
    return _chosen_format(year, override, working.get("format"))


def _chosen_format(year: int, override: str | None, chosen: str | None) -> str:
    if override:
        return formats.get(override).id
    return formats.get(chosen).id if chosen else formats.format_for_year(year)


def _working_copies(agency_ids: list[int], year: int) -> dict[int, dict[str, Any]]:
    rows = AgencyReport.objects.filter(agency_id__in=agency_ids, year=year)
    return {r["agency_id"]: dict(r) for r in rows.values("agency_id", "format", "sections")}


@dataclass
class _Records:
    """Everything the reports of a set of agencies read, counted once for all of them."""

    working: dict[int, dict[str, Any]]
    figures: dict[int, dict[tuple[str, str], Any]]
    ledgers: dict[int, Any]
    cases: dict[int, CaseCounts]
    appeals: dict[int, Counter[tuple[str, str]]]
    facts: dict[int, RecordFacts]


def _records(agency_ids: list[int], year: int) -> _Records:
    """Nine queries, for three agencies or three thousand."""
    return _Records(
        working=_working_copies(agency_ids, year),
        figures=entered_figures(agency_ids, year),
        ledgers=build_ledgers(agency_ids, year),
        cases=count_cases_by_agency(agency_ids, year),
        appeals=count_appeals_by_agency(agency_ids, year),
        facts=record_facts(agency_ids, year),
    )


def build_annual_reports(
    agencies: Iterable[Agency], year: int, fmt: str | None = None
) -> dict[int, AnnualReport]:
    """Every agency's report on `year` (by agency id), each in the year's format, the one
    chosen on its working copy, or `fmt`; the same reports as `build_annual_report` one by one."""
    agencies = list(agencies)
    ids = [a.pk for a in agencies]
    if fmt:
        formats.get(fmt)  # an unknown format fails before any counting
    records = _records(ids, year)
    return {agency.pk: _report(agency, year, fmt, records) for agency in agencies}


def build_annual_report(agency: Agency, year: int, fmt: str | None = None) -> AnnualReport:
    """The agency's report on `year` in the year's format (or `fmt`), from its records."""
    return build_annual_reports([agency], year, fmt)[agency.pk]


def _report(agency: Agency, year: int, fmt: str | None, records: _Records) -> AnnualReport:
    working = records.working.get(agency.pk, {})
    chosen = _chosen_format(year, fmt, working.get("format"))
    layout = formats.get(chosen)
    report = AnnualReport(agency=agency.name, year=year, format=chosen)
    counted = ledger_cells(records.ledgers.get(agency.pk), chosen)
    report.active = active_table(chosen, records.figures.get(agency.pk, {}), counted)
    report.requests = requests_table(records.cases.get(agency.pk, CaseCounts()), layout)
    report.review = review_table(records.appeals.get(agency.pk, Counter()), layout)
    facts = records.facts.get(agency.pk, RecordFacts())
    report.sections = sections(agency, year, report, working.get("sections") or {}, facts)
    return report


def sections(
    agency: Agency, year: int, report: AnnualReport, written: dict[str, str], facts: RecordFacts
) -> list[Section]:
    """Sections 一–六: what staff wrote, else the draft from the records."""
    drafts = draft_sections(agency, year, report, facts)
    return [
        Section(number, title, key, written.get(number) or drafts[number])
        for key, (number, title) in enumerate(SECTION_TITLES)
    ]
