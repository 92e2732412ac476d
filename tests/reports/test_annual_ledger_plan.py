"""The seed ledgers' plan: one case per counted application, dealt out so that counting the
plan the way `applications.reporting` counts cases gives the seed report's table 三."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from reportcorpus import truth as corpus_truth

from gongkai.applications.intake import clean_applicant
from gongkai.core.calendar import WorkCalendar
from gongkai.reports.annual.demo import ROW_DECISION, applicant, ledgers, plan
from gongkai.reports.formats import APPLICANT_COLUMNS, REQUEST_ROWS, Format

CAL = WorkCalendar.shipped()
SEEDS = {"TC": "seed-000", "SZBGS": "seed-001"}


def counted(cases, year):
    """Table 三 of a plan, as the reporting code counts cases (open / concluded in year)."""
    labels = {r.id: r.label for r in REQUEST_ROWS[Format.F2019]}
    cells: Counter = Counter()
    for case in cases:
        if case.received.year == year:
            cells[("new_received", case.column)] += 1
        else:
            cells[("carried_over", case.column)] += 1
        cells[(case.outcome or "carry_next", case.column)] += 1
        if case.outcome:
            cells[("r_total", case.column)] += 1
    columns = [c.id for c in APPLICANT_COLUMNS]
    rows = []
    for row_id, label in labels.items():
        values = [cells[(row_id, c)] for c in columns]
        rows.append({"row": label, "values": [*values, sum(values)]})
    return rows


@pytest.mark.parametrize("ledger", ledgers(), ids=lambda d: d["agency"])
def test_the_plan_counts_to_the_seed_reports_table_three(ledger):
    cases = plan(ledger, CAL)

    assert counted(cases, ledger["year"]) == corpus_truth(SEEDS[ledger["agency"]])["table_requests"]


@pytest.mark.parametrize("ledger", ledgers(), ids=lambda d: d["agency"])
def test_new_cases_arrive_on_working_days_of_the_year_in_time_to_be_answered(ledger):
    new = [c for c in plan(ledger, CAL) if c.received.year == ledger["year"]]

    assert all(CAL.is_workday(c.received) for c in new)
    assert max(c.received for c in new) <= dt.date(ledger["year"], 11, 29)


def test_the_ledger_data_is_the_corpus_truth():
    for ledger in ledgers():
        truth = corpus_truth(SEEDS[ledger["agency"]])
        for table in ("table_active", "table_requests", "table_review"):
            assert ledger[table] == truth[table]


def test_every_outcome_row_has_a_decision_or_is_a_withdrawal():
    outcome_rows = {r.id for r in REQUEST_ROWS[Format.F2019] if r.outcome}

    assert outcome_rows - set(ROW_DECISION) == {"r_other"}


@pytest.mark.parametrize("column", [c.id for c in APPLICANT_COLUMNS])
def test_every_kind_of_applicant_passes_the_intake_rules(column):
    for n in range(6):
        clean_applicant(applicant(column, n).data("2019年城市道路改造工程立项批复"))
