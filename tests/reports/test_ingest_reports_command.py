"""The ingest_reports command, through call_command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from reportcorpus import CORPUS, corpus_params, require_corpus, same_value, source_path, truth


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest_reports", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", corpus_params())
def test_format_truth_writes_the_truth_json_shape(name: str) -> None:
    out, _err = _run(str(source_path(name)), "--format", "truth")
    got, expected = json.loads(out), truth(name)
    assert {"agency", "year", "format"} <= set(got)
    for key in ("table_requests", "table_review", "figures", "consistency_errors"):
        if key in expected:
            assert got[key] == expected[key], key
    for row, cells in expected.get("table_active", {}).items():
        assert all(same_value(got["table_active"][row][c], v) for c, v in cells.items())


def test_a_directory_gives_one_summary_table_and_a_bad_document_does_not_stop_it(
    tmp_path: Path,
) -> None:
    require_corpus()
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    out, err = _run(str(CORPUS), str(tmp_path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    by_file = {Path(r["file"]).parent.name + "/" + Path(r["file"]).name: r for r in rows}
    assert by_file["seed-000/source.txt"]["r_total"] == "274"
    assert by_file["pub-003/source.pdf"]["review_total"] == "351"
    broken = next(r for r in rows if r["file"].endswith("broken.pdf"))
    assert "PDF" in broken["status"] and "broken.pdf" in err
    assert sum(1 for r in rows if r["status"] == "ok") == len(
        [p for p in CORPUS.iterdir() if p.is_dir()]
    )
    assert "失败" in err


def test_xlsx_has_summary_cells_and_findings(tmp_path: Path) -> None:
    require_corpus()
    from openpyxl import load_workbook

    target = tmp_path / "out.xlsx"
    _run(str(CORPUS / "pub-004"), str(CORPUS / "pub-007"), "--format", "xlsx", "--out", str(target))
    book = load_workbook(target)
    assert book.sheetnames == ["汇总", "单元格", "发现"]
    assert book["汇总"].max_row == 3
    values = [row for row in book["单元格"].iter_rows(values_only=True)]
    assert ("三", "三、（一）予以公开", "总计") in {r[3:6] for r in values}
    messages = [r[7] for r in book["发现"].iter_rows(values_only=True)]
    assert any(m and "空白" in m for m in messages)


def test_json_carries_provenance_and_status() -> None:
    require_corpus()
    out, _err = _run(str(source_path("pub-004")), "--format", "json")
    data = json.loads(out)
    first = data["requests"]["rows"][0]["cells"][2]
    assert first["status"] == "blank" and first["provenance"]["locator"].startswith("表格 2")
    assert data["consistency_errors"] == []


def test_cells_csv_and_out_file(tmp_path: Path) -> None:
    require_corpus()
    target = tmp_path / "cells.csv"
    _run(str(source_path("seed-003")), "--format", "csv", "--cells", "--out", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    slash = [r for r in rows if r["row"] == "一、本年新收政府信息公开申请数量"]
    assert {r["value"] for r in slash} == {"/"} and {r["status"] for r in slash} == {"slash"}


def test_several_documents_in_truth_format_are_json_lines() -> None:
    require_corpus()
    out, _err = _run(str(source_path("pub-010")), str(source_path("pub-012")), "--format", "truth")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["year"] for line in lines] == [2019, 2021]
    assert all(line["source"].endswith("source.txt") for line in lines)


def test_cross_year_checks_run_within_a_batch(tmp_path: Path) -> None:
    require_corpus()
    text = source_path("seed-000").read_text(encoding="utf-8")
    (tmp_path / "2019.txt").write_text(text, encoding="utf-8")
    next_year = text.replace("2019", "2020").replace(
        "上年结转政府信息公开申请数量\t1\t", "上年结转政府信息公开申请数量\t5\t"
    )
    (tmp_path / "2020.txt").write_text(next_year, encoding="utf-8")
    out, _err = _run(str(tmp_path), "--format", "csv")
    rows = {Path(r["file"]).name: r for r in csv.DictReader(io.StringIO(out))}
    # 上年结转 5 (自然人) and 1 (总计) against last year's 结转下年度 0 and 0
    assert rows["2020.txt"]["cross_year_warnings"] == "2"
    assert rows["2019.txt"]["cross_year_warnings"] == "0"


def test_xlsx_needs_an_output_file() -> None:
    with pytest.raises(CommandError):
        call_command("ingest_reports", ".", "--format", "xlsx")


def test_a_batch_in_which_every_file_failed_exits_with_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 not really")
    (tmp_path / "b.docx").write_bytes(b"not a zip at all")
    err = io.StringIO()
    with pytest.raises(CommandError, match="全部 2 份报告都未能读取"):
        call_command(
            "ingest_reports", str(tmp_path), "--format", "csv", "--no-progress", stderr=err
        )
    assert "失败 2 份" in err.getvalue()


def test_a_batch_with_one_good_file_still_succeeds(tmp_path: Path) -> None:
    require_corpus()
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 not really")
    out, err = _run(str(tmp_path), str(source_path("seed-000")), "--format", "csv")
    assert "失败 1 份" in err and "seed-000" in out
