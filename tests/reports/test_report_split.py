"""Splitting run-together digits by the tables' own totals."""

from __future__ import annotations

from gongkai.reports.ingest import parse_bytes
from gongkai.reports.ingest.split import candidates, review_groups_ok, row_total_ok


def test_the_readme_example_has_one_split() -> None:
    assert candidates(["801000081"], 7, row_total_ok) == [["80", "1", "0", "0", "0", "0", "81"]]


def test_a_surviving_space_is_a_cell_boundary() -> None:
    assert candidates(["230", "000023"], 7, row_total_ok) == [["23", "0", "0", "0", "0", "0", "23"]]


def test_a_zero_never_leads_a_number() -> None:
    assert candidates(["0", "0", "00", "00", "0"], 7, row_total_ok) == [["0"] * 7]


def test_two_valid_splits_are_both_kept_for_the_column_totals() -> None:
    found = candidates(["270020130"], 7, row_total_ok)
    assert sorted(found) == sorted(
        [["27", "0", "0", "2", "0", "1", "30"], ["2", "7", "0", "0", "20", "1", "30"]]
    )


def test_the_review_run_splits_by_group_totals() -> None:
    found = candidates(["10203120001200000"], 15, review_groups_ok)
    assert found == [["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]]


def test_an_amount_keeps_its_decimals_and_unit() -> None:
    assert ["135", "75394432.52元"] in candidates(["13575394432.52元"], 2)


def test_a_hopeless_run_ends_within_the_budget() -> None:
    assert candidates(["1" * 200], 7, row_total_ok) is None or True  # returns, never hangs


def _flattened(row_a: str, row_total: str) -> bytes:
    """A 2021 table 三 whose rows run together; row （一） is ambiguous until the columns decide."""
    from gongkai.reports.formats import REQUEST_ROWS, Format

    given = {
        "new_received": "640020470", "r_open": row_a, "r_partial": "500000 5",
        "r_na_not_held": "2200003 25", "r_other_other": "1000001", "r_total": row_total,
        "carry_next": "1000001",
    }  # fmt: skip
    body = "".join(
        r.label.split(" ")[-1].removeprefix("三、") + given.get(r.id, "0000000")
        for r in REQUEST_ROWS[Format.F2021]
    )
    return f"某县2021年政府信息公开工作年度报告三、收到和处理政府信息公开申请情况{body}四、政府信息公开行政复议".encode()


def test_column_totals_settle_an_ambiguous_row() -> None:
    report = parse_bytes(_flattened("270020130", "630020469"), "flat.txt")
    row = report.requests.row("r_open")
    assert [c.value for c in row.cells] == [27, 0, 0, 2, 0, 1, 30]
    assert row.cells[0].provenance.method.value == "split_columns"
    assert any(f.code == "split_settled" and f.row == "r_open" for f in report.findings)


def test_a_split_the_totals_cannot_settle_stays_unreadable_and_is_reported() -> None:
    """With (七)总计 lost the columns cannot decide: no guess, unreadable cells, a warning."""
    report = parse_bytes(_flattened("270020130", "/"), "flat.txt")
    row = report.requests.row("r_open")
    assert [c.value for c in row.cells][5:] == [1, 30]  # the cells every split agrees on
    assert row.cells[0].status.value == "unreadable"
    assert any(f.code == "split_ambiguous" and f.row == "r_open" for f in report.findings)
