"""One test per corpus report: every truth.json value reproduced exactly, errors found, none
invented. Blank stays None, "/" stays "/", and detected agency, year and format match meta."""

from __future__ import annotations

import pytest
from reportcorpus import (
    agency_matches,
    corpus_params,
    error_key,
    meta,
    same_value,
    source_path,
    truth,
)

from gongkai.reports.audit import CheckStatus, audit
from gongkai.reports.formats import ACTIVE_ROWS, Format
from gongkai.reports.ingest import parse_bytes
from gongkai.reports.serialization import truth_active, truth_figures, truth_requests, truth_review


def _parse(name: str):
    path = source_path(name)
    return parse_bytes(path.read_bytes(), path.name)


def _assert_requests(report, expected: dict) -> None:
    got = truth_requests(report)
    assert [r["row"] for r in got] == [r["row"] for r in expected["table_requests"]]
    for want, row in zip(expected["table_requests"], got, strict=True):
        assert all(same_value(g, w) for g, w in zip(row["values"], want["values"], strict=True)), (
            row["row"], row["values"], want["values"]
        )  # fmt: skip


def _assert_active(report, expected: dict) -> None:
    got = truth_active(report)
    canonical = {r.label: r.id for fmt in ACTIVE_ROWS for r in ACTIVE_ROWS[fmt]}
    for printed, cells in expected["table_active"].items():
        assert printed in got, f"printed label {printed!r} not reproduced: {list(got)}"
        row_id = canonical.get(printed) or canonical["行政" + printed]
        assert report.active.rows[row_id].printed_label == printed
        for column, value in cells.items():
            assert same_value(got[printed][column], value), (
                printed,
                column,
                got[printed][column],
                value,
            )


def _assert_review(report, expected: dict) -> None:
    got = truth_review(report)
    for group, values in expected["table_review"].items():
        assert all(same_value(g, w) for g, w in zip(got[group], values, strict=True)), (
            group,
            got[group],
            values,
        )


def _assert_audit(report, expected: dict) -> None:
    result = audit(report)
    assert {error_key(e) for e in result.consistency_errors()} == {
        error_key(e) for e in expected["consistency_errors"]
    }
    undecidable = {
        (c.rule, c.details.get("row") or c.details.get("column") or c.details.get("group"))
        for c in result.undecidable
    }
    for issue in expected.get("blank_cell_issues", []):
        rule = issue["type"].split("_with")[0].replace("_blank", "").replace("_undecidable", "")
        rows = issue.get("rows") or [issue.get("row") or issue.get("column")]
        for where in rows:
            if where == "all seven":
                assert sum(1 for c in result.undecidable if c.rule == rule) == 7
            else:
                assert (rule, where) in undecidable, (rule, where)
    assert all(
        c.status is not CheckStatus.FAIL
        for c in result.checks
        if c.details.get("row") in _blank_rows(expected)
    )


def _blank_rows(expected: dict) -> set[str]:
    return {i.get("row") for i in expected.get("blank_cell_issues", []) if i.get("row")}


@pytest.mark.parametrize("name", corpus_params())
def test_corpus_report_reproduces_truth(name: str) -> None:
    expected, described = truth(name), meta(name)
    report = _parse(name)
    assert report.year == described["year"]
    assert agency_matches(report.agency, described["agency"]), (report.agency, described["agency"])
    assert report.format is not None and report.format.value == described["format"]
    if described["format"] == Format.PRE2019.value:
        assert truth_figures(report.figures) == expected["figures"]
        assert report.requests is None and report.active is None
    else:
        _assert_requests(report, expected)
        _assert_review(report, expected)
        _assert_active(report, expected)
    _assert_audit(report, expected)


@pytest.mark.parametrize("name", corpus_params())
def test_corpus_report_truth_export_is_exact(name: str) -> None:
    """The exported truth shape equals truth.json key by key (agency/year/format added)."""
    from gongkai.reports.serialization import to_truth

    expected = truth(name)
    exported = to_truth(_parse(name))
    for key in (
        "table_requests",
        "table_review",
        "table_requests_columns",
        "table_review_columns",
        "figures",
    ):
        if key in expected:
            assert exported[key] == expected[key], key
    assert exported["consistency_errors"] == expected["consistency_errors"]
    if "blank_cell_issues" in expected:
        assert {error_key(i) for i in exported["blank_cell_issues"]} == {
            error_key(i) for i in expected["blank_cell_issues"]
        }
