"""`manage.py build_annual_report`: by code or name, in every output format."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from gongkai.applications import services as cases
from gongkai.reports.ingest import parse_bytes


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("build_annual_report", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_truth_shape_plus_sections(agencies, clerk, applicant_data):
    cases.register(clerk, agencies["TCBGS"], applicant_data, "in_person", dt.date(2024, 5, 6))

    data = json.loads(run("--agency", "TCBGS", "--year", "2024"))

    assert data["format"] == "2021" and data["agency"] == "太仓市人民政府办公室"
    assert data["table_requests_columns"][-1] == "总计"
    assert data["table_requests"][0]["values"] == [1, 0, 0, 0, 0, 0, 1]
    assert set(data["table_review"]) == {"复议", "诉讼_未经复议", "诉讼_复议后"}
    assert [s["number"] for s in data["sections"]] == ["一", "二", "三", "四", "五", "六"]
    assert data["consistency_errors"] == [] and data["failed_rules"] == []


def test_the_agency_may_be_named_and_the_template_chosen(agencies):
    data = json.loads(
        run("--agency", "太仓市人民政府办公室", "--year", "2021", "--template", "2019")
    )

    assert data["format"] == "2019" and len(data["table_requests"]) == 23


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_documents_are_written_to_the_output_and_read_back(agencies, tmp_path, fmt):
    target = tmp_path / f"report.{fmt}"
    run("--agency", "TCBGS", "--year", "2024", "--format", fmt, "--output", str(target))

    report = parse_bytes(target.read_bytes(), target.name)

    assert report.requests is not None and len(report.requests.rows) == 25


def test_xlsx_is_written(agencies, tmp_path):
    target = tmp_path / "report.xlsx"
    run("--agency", "TCBGS", "--year", "2024", "--format", "xlsx", "--output", str(target))

    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency", "XX", "--year", "2024"], "找不到机关"),
        (["--agency", "TCBGS", "--year", "2017"], "2019 年以前"),
        (["--agency", "TCBGS", "--year", "2024", "--format", "pdf"], "--output"),
    ],
)
def test_bad_input_ends_in_a_clear_error(agencies, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
