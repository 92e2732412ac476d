"""Synthetic sample reports in layouts the corpus does not cover (samples/make_samples.py).

Each `samples/<name>.<ext>` has `samples/<name>.json` in the corpus truth.json shape: every
value is asserted, "/" and blank (None) exactly, and the audit must report exactly the
arithmetic errors listed (computed independently in samples/values.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from reportcorpus import error_key, same_value

from gongkai.reports.audit import audit
from gongkai.reports.ingest import parse_bytes
from gongkai.reports.ingest.normalize import normalize
from gongkai.reports.serialization import truth_active, truth_requests, truth_review

SAMPLES = Path(__file__).resolve().parent / "samples"
NAMES = sorted(p.name for p in SAMPLES.iterdir() if p.suffix != ".json" and p.suffix != ".py")


def _expected(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / (name.rsplit(".", 1)[0] + ".json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=NAMES)
def parsed(request: pytest.FixtureRequest) -> tuple[Any, dict[str, Any]]:
    name = request.param
    return parse_bytes((SAMPLES / name).read_bytes(), name), _expected(name)


def test_sample_identity(parsed) -> None:
    report, expected = parsed
    assert (report.agency, report.year) == (expected["agency"], expected["year"])
    assert report.format is not None and report.format.value == expected["format"]


def test_sample_table_requests(parsed) -> None:
    report, expected = parsed
    got = truth_requests(report)
    assert [r["row"] for r in got] == [r["row"] for r in expected["table_requests"]]
    wrong = [
        (row["row"], row["values"], want["values"])
        for want, row in zip(expected["table_requests"], got, strict=True)
        if not all(same_value(g, w) for g, w in zip(row["values"], want["values"], strict=True))
    ]
    assert not wrong


def test_sample_table_review(parsed) -> None:
    report, expected = parsed
    got = truth_review(report)
    for group, values in expected["table_review"].items():
        assert all(same_value(g, w) for g, w in zip(got[group], values, strict=True)), (
            group,
            got[group],
            values,
        )


def test_sample_table_active(parsed) -> None:
    report, expected = parsed
    got = truth_active(report)
    wrong = []
    for printed, cells in expected["table_active"].items():
        assert printed in got, f"printed label {printed!r} not reproduced: {list(got)}"
        for column, value in cells.items():
            if not same_value(got[printed][column], value):
                wrong.append((printed, column, got[printed][column], value))
    assert not wrong


def test_sample_audit(parsed) -> None:
    report, expected = parsed
    found = {error_key(e) for e in audit(report).consistency_errors()}
    assert found == {error_key(e) for e in expected["consistency_errors"]}


def test_traditional_labels_are_printed_labels() -> None:
    """The traditional sample keys its table 二 by the printed (traditional) labels."""
    labels = _expected("town-2021-traditional.html")["table_active"]
    assert "行政規範性文件" in labels
    assert normalize("行政規範性文件", traditional=True) == "行政规范性文件"


def test_amount_with_thousands_separators_is_digits_and_unit() -> None:
    from gongkai.reports.ingest.cells import parse_cell
    from gongkai.reports.serialization import truth_value

    cell = parse_cell("75,394,432.52元", "表格 1 第 9 行 第 3 格", keep_unit=True)
    assert truth_value(cell) == "75394432.52元"
    assert truth_value(parse_cell("1,234", "")) == 1234
    assert truth_value(parse_cell("-8", "")) == -8
