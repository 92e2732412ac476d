"""The AnnualReport dataclasses: cell reading, stored JSON round trip, the truth shape back and
forth, and a report assembled the way the future builder will assemble it."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from reportcorpus import corpus_params, source_path, truth

from gongkai.applications.reportmodel.model import (
    AnnualReport,
    Cell,
    CellStatus,
    Method,
    Provenance,
    RequestRowData,
    RequestsTable,
    ReviewTable,
)
from gongkai.reports.audit import audit
from gongkai.reports.formats import REQUEST_ROWS, REVIEW_GROUPS, Format
from gongkai.reports.ingest import parse_bytes
from gongkai.reports.ingest.cells import parse_cell
from gongkai.reports.serialization import from_json, from_truth, to_json, to_truth


@pytest.mark.parametrize(
    ("text", "status", "value", "unit", "note"),
    [
        ("12", CellStatus.NUMBER, 12, None, ""),
        ("0 <sup>注1</sup>", CellStatus.NUMBER, 0, None, "注1"),
        ("12(其中依申请公开3件)", CellStatus.NUMBER, 12, None, "(其中依申请公开3件)"),
        ("309338 万元", CellStatus.NUMBER, 309338, "万元", ""),
        ("75394432.52元", CellStatus.NUMBER, Decimal("75394432.52"), "元", ""),
        ("-8", CellStatus.NUMBER, -8, None, ""),
        ("3,985,758", CellStatus.NUMBER, 3985758, None, ""),
        ("/", CellStatus.SLASH, None, None, ""),
        ("-", CellStatus.SLASH, None, None, ""),
        ("", CellStatus.BLANK, None, None, ""),
        ("   ", CellStatus.BLANK, None, None, ""),
        ("约十件", CellStatus.UNREADABLE, None, None, ""),
    ],
)
def test_one_printed_cell(
    text: str, status: CellStatus, value: object, unit: str | None, note: str
) -> None:
    cell = parse_cell(text, "第 1 行", text, keep_unit=True)
    assert (cell.status, cell.value, cell.unit) == (status, value, unit)
    assert cell.provenance is not None and cell.provenance.note == note


def test_blank_is_never_zero() -> None:
    blank = Cell.blank()
    assert blank.value is None and not blank.is_number and blank.display() == ""


@pytest.mark.parametrize("name", corpus_params())
def test_stored_json_reads_back_to_the_same_report(name: str) -> None:
    path = source_path(name)
    report = parse_bytes(path.read_bytes(), path.name)
    stored = json.loads(json.dumps(to_json(report), ensure_ascii=False))
    assert from_json(stored) == report


@pytest.mark.parametrize("name", corpus_params())
def test_truth_shape_reads_back(name: str) -> None:
    expected = truth(name)
    report = from_truth(expected)
    exported = to_truth(report)
    for key in ("table_requests", "table_review", "figures"):
        if key in expected:
            assert exported[key] == expected[key]


def test_a_built_report_is_audited_like_a_parsed_one() -> None:
    """The builder will produce this dataclass from case records; one audit serves both."""
    source = Provenance("办件记录", method=Method.BUILDER)

    def row(row_id: str, *values: int) -> RequestRowData:
        return RequestRowData(row_id, tuple(Cell.number(v, provenance=source) for v in values))

    zero = (0,) * 7
    rows = [row(r.id, *zero) for r in REQUEST_ROWS[Format.F2021]]
    rows[0] = row("new_received", 3, 0, 0, 0, 1, 0, 4)
    rows[2] = row("r_open", 3, 0, 0, 0, 1, 0, 4)
    rows[-2] = row("r_total", 3, 0, 0, 0, 1, 0, 4)
    review = ReviewTable({g.id: tuple(Cell.number(0) for _ in range(5)) for g in REVIEW_GROUPS})
    built = AnnualReport(
        agency="太仓市人民政府办公室",
        year=2025,
        requests=RequestsTable(Format.F2021, rows),
        review=review,
    )
    built.format = built.overall_format()
    assert audit(built).errors == []
    rows[2] = row("r_open", 3, 0, 0, 0, 1, 0, 5)
    assert {c.rule for c in audit(built).errors} == {"row_total", "outcome_sum"}
