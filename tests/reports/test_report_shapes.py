"""The shapes that lose cells on real reports (issue 10): each sample in samples/ made in that
shape (samples/make_shapes.py), with what the parser must make of it beyond the truth values
that test_report_samples.py already checks: how each cell was settled, and what stays open."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import call_command

from gongkai.applications.reportmodel.model import AnnualReport, CellStatus, Method
from gongkai.reports import presenters
from gongkai.reports.audit import audit
from gongkai.reports.ingest import parse_bytes
from gongkai.reports.ingest.active import settle_with_previous

SAMPLES = Path(__file__).resolve().parent / "samples"


def _parse(name: str) -> AnnualReport:
    return parse_bytes((SAMPLES / name).read_bytes(), name)


def _normative(report: AnnualReport) -> list:
    assert report.active is not None
    return [report.active.cell("normative_docs", c) for c in ("issued", "repealed", "in_force")]


def test_run_together_table_two_digits_are_split_by_the_counts_the_narrative_states() -> None:
    report = _parse("flat-2022-narrative.txt")
    cells = _normative(report)
    assert [c.value for c in cells] == [20, 2, 20]
    assert {c.provenance.method for c in cells} == {Method.SPLIT_CONTEXT}
    assert any(f.code == "split_stated" and "20 | 2 | 20" in f.message for f in report.findings)


def test_without_a_narrative_the_cells_are_unreadable_with_their_candidate_splits() -> None:
    report = _parse("flat-2023-silent.txt")
    cells = _normative(report)
    assert {c.status for c in cells} == {CellStatus.UNREADABLE}
    assert report.active.rows["normative_docs"].candidates == [["2", "0", "220"], ["20", "2", "20"]]
    [lost] = [u for u in presenters.unreadable_cells(report) if u.table == "二"]
    assert lost.columns == ["本年制发件数", "本年废止件数", "现行有效件数"]
    assert "2 | 0 | 220" in lost.note and "20 | 2 | 20" in lost.note
    assert presenters.headline(report, audit(report)).verdict == "incomplete"


def test_last_years_in_force_count_settles_the_split() -> None:
    previous, current = _parse("flat-2022-prior.txt"), _parse("flat-2023-silent.txt")
    [finding] = settle_with_previous(previous, current)
    assert finding.code == "split_previous_year"
    cells = _normative(current)
    assert [c.value for c in cells] == [20, 2, 20]
    assert all("上年报告现行有效 2 件" in c.provenance.note for c in cells)
    assert current.active.rows["normative_docs"].candidates == []


def test_a_previous_report_that_is_not_the_year_before_settles_nothing() -> None:
    previous, current = _parse("flat-2022-prior.txt"), _parse("flat-2023-silent.txt")
    previous.year = 2021
    assert settle_with_previous(previous, current) == []
    assert {c.status for c in _normative(current)} == {CellStatus.UNREADABLE}


def test_ingest_reports_settles_splits_with_the_previous_year_in_the_same_batch() -> None:
    out = io.StringIO()
    files = [str(SAMPLES / "flat-2023-silent.txt"), str(SAMPLES / "flat-2022-prior.txt")]
    call_command("ingest_reports", *files, "--format", "truth", "--no-progress", stdout=out)
    by_year = {d["year"]: d for d in map(json.loads, out.getvalue().splitlines())}
    assert by_year[2023]["table_active"]["行政规范性文件"] == {
        "本年制发件数": 20,
        "本年废止件数": 2,
        "现行有效件数": 20,
    }


def test_the_audit_page_settles_a_split_with_last_years_uploaded_report(
    client, supervisor, agencies
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(supervisor)
    for name in ("flat-2022-prior.txt", "flat-2023-silent.txt"):
        upload = SimpleUploadedFile(name, (SAMPLES / name).read_bytes())
        response = client.post(
            reverse("reports:upload"), {"scope": agencies["SZ"].pk, "file": upload}
        )
    page = client.get(response["Location"]).content.decode()
    assert "按上年报告现行有效 2 件" in page and 'id="h-unreadable"' not in page


def test_fifteen_run_together_digits_are_read_one_by_one_and_a_misprinted_total_is_reported() -> (
    None
):
    report = _parse("flat-2023-review-misprint.txt")
    assert report.review is not None
    first = report.review.groups["review"]
    assert [c.value for c in first] == [1, 0, 2, 0, 4]
    assert {c.provenance.method for c in first} == {Method.SPLIT_DIGITS}
    [error] = audit(report).errors
    assert error.rule == "review_total" and error.details["sum_of_four_parts"] == 3
    assert error.details["reported_total"] == 4


def test_flattened_2019_table_two_keeps_signs_and_units() -> None:
    report = _parse("flat-2020-format2019.txt")
    active = report.active
    assert active is not None
    assert active.cell("penalty", "delta").value == -18
    assert active.cell("penalty", "delta").provenance.method is Method.SPLIT_CONTEXT
    assert active.cell("admin_fees", "delta").value == -3
    amount = active.cell("central_procurement", "procurement_amount")
    assert (amount.text, amount.unit) == ("1314.91", "万元")
    assert active.cell("central_procurement", "procurement_items").value == 63


def test_a_signed_split_nothing_settles_stays_open_with_its_candidates() -> None:
    report = _parse("flat-2020-format2019.txt")
    assert report.active is not None
    licensing = report.active.rows["licensing"]
    assert licensing.cells["prev_items"].value == 214  # all candidates agree on it
    assert {licensing.cells[c].status for c in ("delta", "decisions")} == {CellStatus.UNREADABLE}
    assert licensing.candidates == [["214", "-8", "5630"], ["214", "-85", "630"]]


def test_markdown_table_two_split_between_small_tables_and_text_is_read_by_position() -> None:
    report = _parse("md-2022-split-table-two.md")
    assert [c.value for c in _normative(report)] == [42, 17, 1203]
    assert {c.provenance.method for c in _normative(report)} == {Method.POSITION}
    compulsion = report.active.cell("compulsion", "decisions")
    assert compulsion.value == 1094 and "表格下方" in compulsion.provenance.note
