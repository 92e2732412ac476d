"""The audit on altered copies of corpus tables: real arithmetic errors are found, named in
Chinese, and blanks are never turned into 0."""

from __future__ import annotations

import copy

import pytest
from reportcorpus import corpus_params, require_corpus, truth

from gongkai.applications.reportmodel.model import Severity
from gongkai.reports.audit import CheckStatus, audit, audit_pair
from gongkai.reports.formats import Format
from gongkai.reports.ingest import parse_bytes
from gongkai.reports.serialization import from_truth


def _table(name: str) -> dict:
    require_corpus()
    return copy.deepcopy(truth(name))


def _row(data: dict, label_start: str) -> list:
    return next(r["values"] for r in data["table_requests"] if r["row"].startswith(label_start))


def _errors(data: dict) -> set[tuple[str, str]]:
    result = audit(from_truth(data))
    return {
        (e["type"], e.get("row") or e.get("column") or e.get("group"))
        for e in result.consistency_errors()
    }


@pytest.mark.parametrize("name", corpus_params())
def test_truth_tables_have_exactly_the_listed_errors(name: str) -> None:
    data = truth(name)
    expected = {
        (e["type"], e.get("row") or e.get("column") or e.get("group"))
        for e in data["consistency_errors"]
    }
    assert _errors(data) == expected


def test_a_wrong_row_total_is_found_with_its_sums() -> None:
    data = _table("seed-000")
    _row(data, "三、（一）予以公开")[6] = 141  # 130+9+0+0+1+0 = 140
    result = audit(from_truth(data))
    errors = result.consistency_errors()
    assert {"type": "row_total", "row": "三、（一）予以公开", "values": [130, 9, 0, 0, 1, 0, 141],
            "sum_of_applicant_columns": 140, "reported_total": 141} in errors  # fmt: skip
    # the wrong total also breaks the 总计 column's outcome sum (140 → 141)
    assert ("outcome_sum", "总计") in _errors(data)
    message = next(c.message for c in result.errors if c.rule == "row_total")
    assert "三、（一）予以公开" in message and "140" in message and "141" in message


def test_outcome_rows_adding_up_to_more_than_the_total_while_the_balance_holds() -> None:
    """The README's case: 一 + 二 = （七） + 四 still holds, the outcome rows do not."""
    data = _table("seed-001")
    row = _row(data, "三、（五）不予处理 2.重复申请")
    row[0], row[6] = row[0] + 2, row[6] + 2
    assert _errors(data) == {("outcome_sum", "自然人"), ("outcome_sum", "总计")}
    result = audit(from_truth(data))
    error = next(e for e in result.consistency_errors() if e["column"] == "自然人")
    assert error["difference"] == -2 and error["reported_（七）总计"] == 138


def test_a_broken_column_balance_is_found() -> None:
    data = _table("pub-003")
    carry = _row(data, "四、结转下年度继续办理")
    carry[0], carry[6] = 100, 100  # was 103: 一+二 = 3035 ≠ 2932 + 100
    assert ("column_balance", "自然人") in _errors(data)
    assert ("column_balance", "总计") in _errors(data)


def test_a_review_total_printed_as_zero_beside_parts_is_found() -> None:
    data = _table("pub-003")
    data["table_review"]["诉讼_复议后"][4] = 0
    errors = audit(from_truth(data)).consistency_errors()
    assert {"type": "review_total", "group": "诉讼_复议后", "values": [12, 1, 1, 6, 0],
            "sum_of_four_parts": 20, "reported_total": 0} in errors  # fmt: skip


def test_blank_total_is_undecidable_not_an_error() -> None:
    data = _table("pub-004")
    result = audit(from_truth(data))
    assert result.consistency_errors() == []
    check = next(c for c in result.undecidable if c.rule == "row_total" and c.row == "r_open")
    assert check.blank_zero == "fail"
    assert "空白" in check.message and "不是差错" in check.message


def test_an_error_beside_blanks_is_still_found() -> None:
    """Skipping every row that contains a blank would miss this one."""
    data = _table("pub-004")
    _row(data, "一、本年新收")[6] = 860  # 821+35+2+1 = 859, two blank columns
    # blank applicant cells make the row undecidable — but the 总计 column balance is all numbers
    assert ("column_balance", "总计") in _errors(data)


def test_slash_rows_are_undecidable() -> None:
    result = audit(from_truth(_table("seed-003")))
    assert result.errors == []
    assert any(c.rule == "row_total" and c.blank_zero is None for c in result.undecidable)


def test_negative_or_fractional_counts_are_errors() -> None:
    data = _table("seed-000")
    _row(data, "二、上年结转")[0] = -1
    rules = {c.rule for c in audit(from_truth(data)).errors}
    assert "non_negative" in rules


def test_errors_are_found_in_a_parsed_document_too() -> None:
    """The same audit on a parse: alter the printed source, not the data."""
    require_corpus()
    from reportcorpus import source_path

    text = source_path("seed-000").read_text(encoding="utf-8")
    text = text.replace(
        "(七) 总计\t246\t21\t2\t1\t4\t0\t274", "(七) 总计\t246\t21\t2\t1\t4\t0\t275"
    )
    report = parse_bytes(text.encode("utf-8"), "source.txt")
    keys = {
        (e["type"], e.get("row") or e.get("column")) for e in audit(report).consistency_errors()
    }
    assert keys == {
        ("row_total", "三、（七）总计"),
        ("column_balance", "总计"),
        ("outcome_sum", "总计"),
    }


# -- across years ----------------------------------------------------------------------------


def _year(data: dict, year: int, agency: str = "某市人民政府"):
    report = from_truth(data)
    report.year, report.agency = year, agency
    return report


def test_carry_over_must_match_last_years_carry_next() -> None:
    previous = _table("pub-003")
    current = copy.deepcopy(previous)
    _row(current, "二、上年结转")[:] = _row(previous, "四、结转下年度继续办理")
    ok = audit_pair(_year(previous, 2023), _year(current, 2024))
    assert [c for c in ok.checks if c.rule == "carry_over" and c.status is CheckStatus.FAIL] == []
    _row(current, "二、上年结转")[0] = 99
    warned = audit_pair(_year(previous, 2023), _year(current, 2024))
    failing = [c for c in warned.warnings if c.rule == "carry_over"]
    assert {c.column for c in failing} == {"natural_person"}
    assert failing[0].severity is Severity.WARNING and "103" in failing[0].message


def test_in_force_chain_of_the_2021_table_two() -> None:
    previous, current = _table("pub-003"), _table("pub-003")
    previous["table_active"]["行政规范性文件"]["现行有效件数"] = 84  # 84 + 8 − 26 = 66
    result = audit_pair(_year(previous, 2023), _year(current, 2024))
    chain = {c.row: c.status for c in result.checks if c.rule == "in_force_chain"}
    assert chain["normative_docs"] is CheckStatus.PASS
    assert chain["regulations"] is CheckStatus.FAIL  # 11 + 1 − 0 ≠ 11


def test_years_that_are_not_consecutive_are_not_compared() -> None:
    data = _table("pub-003")
    result = audit_pair(_year(data, 2020), _year(data, 2024))
    assert [c.status for c in result.checks] == [CheckStatus.UNDECIDABLE]


# -- labels --------------------------------------------------------------------------------


def test_label_typos_are_tolerated_and_reported() -> None:
    require_corpus()
    from reportcorpus import source_path

    text = source_path("seed-000").read_text(encoding="utf-8")
    text = text.replace("4.保护第三方合法权益", "4.保护第三方合法权利").replace(
        "8.属于行政查询事项", "8.属于行政査询事项"
    )
    report = parse_bytes(text.encode("utf-8"), "source.txt")
    assert report.requests.row("r_deny_third_party").cells[6].value == 2
    assert report.requests.row("r_deny_inquiry").cells[6].value == 3
    typos = [f for f in report.findings if f.code == "label_typo"]
    assert {f.row for f in typos} == {"r_deny_third_party", "r_deny_inquiry"}
    assert all("已按法定行识别" in f.message for f in typos)


def test_hybrid_format_is_detected_from_the_tables() -> None:
    """2021 table 二 with the 2019 single （六）其他处理 row: 23 rows, format hybrid."""
    data = _table("pub-003")
    rows = data["table_requests"]
    merged = [
        sum(v)
        for v in zip(*(r["values"] for r in rows if r["row"].startswith("三、（六）")), strict=True)
    ]
    data["table_requests"] = [r for r in rows if not r["row"].startswith("三、（六）")]
    data["table_requests"].insert(20, {"row": "三、（六）其他处理", "values": merged})
    import textfactory

    text = textfactory.tsv(data, "淮安市人民政府", 2024).replace("（六）其他处理", "（六）其他处理")
    report = parse_bytes(text.encode("utf-8"), "hybrid.txt")
    assert report.requests.format is Format.F2019 and report.active.format is Format.F2021
    assert report.format is Format.HYBRID
    assert len(report.requests.rows) == 23
    assert audit(report).consistency_errors() == []
    assert any(f.code == "format_hybrid" for f in report.findings)
