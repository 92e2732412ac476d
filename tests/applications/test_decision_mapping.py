"""The one mapping table (decisions.DECISIONS) against the official report formats
(the format registry, ids of report-formats.json): every decision lands in exactly
one existing row of table 三 in each format, and every result row can be reached."""

from __future__ import annotations

import pytest

from gongkai.applications import reporting
from gongkai.applications.decisions import DECISIONS, Decision, Ground
from gongkai.applications.models import ApplicantType
from gongkai.applications.reportmodel.formats import report_row, request_row

FORMATS = ("2019", "2021")
ABANDONED = (Decision.ABANDONED_NO_CORRECTION, Decision.ABANDONED_NO_FEE, Decision.WITHDRAWN)


def test_every_decision_has_exactly_one_mapping():
    assert set(DECISIONS) == set(Decision)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_decision_maps_to_a_result_row_of_that_format(fmt):
    rows = reporting.result_rows(fmt)
    for decision in Decision:
        row = report_row(decision, fmt)
        assert isinstance(row, str)
        assert row in rows, (decision, fmt, row)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_result_row_of_the_format_is_reachable(fmt):
    reached = {report_row(d, fmt) for d in Decision}
    assert reached == set(reporting.result_rows(fmt))


def test_the_2019_format_collapses_abandonment_and_withdrawal_into_other_handling():
    assert {report_row(d, "2019") for d in ABANDONED} == {"r_other"}
    assert [report_row(d, "2021") for d in ABANDONED] == [
        "r_other_no_correction",
        "r_other_no_fee",
        "r_other_other",
    ]
    assert "r_other" not in reporting.table3_rows("2021")
    assert "r_other_no_fee" not in reporting.table3_rows("2019")


def test_both_formats_map_every_other_decision_to_the_same_row():
    for decision in set(Decision) - set(ABANDONED):
        assert report_row(decision, "2019") == report_row(decision, "2021")


def test_partial_disclosure_counts_only_as_partial_whatever_its_grounds():
    # Table 三 (二): 区分处理的，只计这一情形，不计其他情形.
    assert report_row(Decision.PARTIAL, "2021") == "r_partial"
    assert DECISIONS[Decision.PARTIAL].needs_grounds
    assert "只计这一情形" in request_row("2021", "r_partial").label


def test_each_denial_cites_the_ground_its_row_names():
    denials = {d: s for d, s in DECISIONS.items() if s.ground is not None}
    assert {s.ground for s in denials.values()} == set(Ground)
    assert len({s.row_2021 for s in denials.values()}) == len(denials)


def test_table_columns_are_the_applicant_types_plus_the_total():
    for fmt in FORMATS:
        assert reporting.table3_columns(fmt) == [
            *(reporting.APPLICANT_COLUMN[t] for t in ApplicantType.values),
            "total",
        ]


def test_table_four_has_three_groups_of_five_columns():
    cols = reporting.table4_columns()
    assert len(cols) == 15
    assert cols[:5] == [
        "review_maintained",
        "review_corrected",
        "review_other",
        "review_pending",
        "review_total",
    ]
