"""Consistency checks on an `AnnualReport` — parsed from a publication or built from records.

Four checks inside one report (corpus README, report-formats.json):

* row_total      表三 each row: 总计 = the six applicant columns            (T3_COL_TOTAL)
* column_balance 表三 each column: 一 + 二 = （七）总计 + 四 (printed note)   (T3_BALANCE)
* outcome_sum    表三 each column: （七）总计 = Σ outcome rows （一）…（六）  (T3_RESULT_TOTAL)
* review_total   表四 each group: 总计 = 维持 + 纠正 + 其他 + 尚未审结         (T4_GROUP_TOTAL)

and two across consecutive reports of one agency (warnings: restatements and mergers break
them legitimately): carry_over (上年结转 = last year's 结转下年度) and in_force_chain (2021
table 二: last year's 现行有效 + 本年制发 − 本年废止 = 现行有效).

A check fails only when every cell in it is a printed number. A blank, a "/" or an unreadable
cell makes it undecidable; for blanks we also say whether reading them as 0 would break it,
because that is exactly where a careless checker reports a false error.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import (
    AnnualReport,
    Cell,
    CellStatus,
    RequestRowData,
    RequestsTable,
    Severity,
)

from .formats import (
    ACTIVE_ROWS,
    APPLICANT_COLUMNS,
    REQUEST_COLUMNS,
    REQUEST_ROWS,
    REVIEW_GROUPS,
)

_STATUS_WORD = {
    CellStatus.BLANK: gettext_lazy("空白"),
    CellStatus.SLASH: gettext_lazy("“/”"),
    CellStatus.UNREADABLE: gettext_lazy("无法读取"),
}


class CheckStatus(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNDECIDABLE = "undecidable"


@dataclass
class CheckResult:
    rule: str
    status: CheckStatus
    message: str
    severity: Severity = Severity.ERROR
    table: str = "requests"
    row: str | None = None
    column: str | None = None
    cells: list[tuple[str, str, str]] = field(default_factory=list)  # (table, row id, column id)
    details: dict[str, Any] = field(default_factory=dict)
    blank_zero: str | None = None  # undecidable only by blanks: would blank-as-0 "pass" or "fail"?


_NUMBER = CellStatus.NUMBER
_NUMBER_OR_BLANK = {CellStatus.NUMBER, CellStatus.BLANK}


def _num(cell: Cell) -> int | None:
    value = cell.value
    return value if cell.status is _NUMBER and isinstance(value, int) else None


def _shown(cell: Cell) -> Any:
    if cell.status is _NUMBER:
        return cell.value if isinstance(cell.value, int) else float(cell.value or 0)
    return "/" if cell.status is CellStatus.SLASH else None


def _evaluate(left: list[Cell], right: list[Cell]) -> tuple[CheckStatus, int, int, str | None]:
    """Σleft vs Σright: status, the two sums (blank as 0), and the blank-as-0 verdict."""
    lnums = [_num(c) for c in left]
    rnums = [_num(c) for c in right]
    lsum = sum(n or 0 for n in lnums)
    rsum = sum(n or 0 for n in rnums)
    if None not in lnums and None not in rnums:
        return (CheckStatus.PASS if lsum == rsum else CheckStatus.FAIL), lsum, rsum, None
    cells = left + right
    only_blanks = {c.status for c in cells} <= _NUMBER_OR_BLANK
    verdict = ("pass" if lsum == rsum else "fail") if only_blanks else None
    return CheckStatus.UNDECIDABLE, lsum, rsum, verdict


@functools.lru_cache(maxsize=16)
def _texts(language: str | None) -> dict[str, str]:
    """The sentences of the in-report checks, translated once per language: an audit writes
    one per row, column and group, and gettext (a thread-local lookup) costs more than the
    check itself."""
    return {
        **{f"status:{status}": str(word) for status, word in _STATUS_WORD.items()},
        "why": _("%(name)s为%(status)s"),
        "comma": _("、"),
        "etc": _("等"),
        "row": _("表三“%(row)s”行"),
        "row_fail": _(
            "%(where)s：六类申请人之和为 %(sum)s，但“总计”列为 %(total)s（相差 %(diff)s）。"
        ),
        "row_pass": _("%(where)s：总计与六类申请人之和相符。"),
        "column": _("表三“%(col)s”列"),
        "balance_fail": _(
            "%(where)s：一（本年新收）%(a)s + 二（上年结转）%(b)s = %(l)s，但（七）总计 %(c)s + 四（结转下年度）%(d)s = %(r)s。"
        ),
        "balance_pass": _("%(where)s：一 + 二 = （七）总计 + 四，相符。"),
        "outcome_fail": _(
            "%(where)s：办理结果（一）至（六）各行之和为 %(sum)s，但（七）总计为 %(total)s（相差 %(diff)s）。"
        ),
        "outcome_pass": _("%(where)s：（七）总计与办理结果各行之和相符。"),
        "group": _("表四“%(group)s”"),
        "group_fail": _(
            "%(where)s：结果维持、结果纠正、其他结果、尚未审结之和为 %(sum)s，但总计为 %(total)s。"
        ),
        "group_pass": _("%(where)s：总计与四项之和相符。"),
        "undecidable": _("%(where)s：%(why)s，无法判断。"),
        "blank_zero": _(
            "若把空白当作 0，两边为 %(left)s 与 %(right)s，不相等——这不是差错，空白不等于 0。"
        ),
    }


def _why_undecidable(named: list[tuple[str, Cell]], texts: dict[str, str]) -> str:
    """Why a check could not be decided: the first six cells that were not numbers."""
    odd = [(name, c.status) for name, c in named if c.status in _STATUS_WORD]
    if not odd:
        return ""
    template = texts["why"]
    parts = [
        template % {"name": name, "status": texts[f"status:{status}"]} for name, status in odd[:6]
    ]
    return texts["comma"].join(parts) + (texts["etc"] if len(odd) > 6 else "")


def _labels(fmt: str) -> dict[str, str]:
    return {r.id: r.label for r in REQUEST_ROWS[fmt]}


# -- table 三 ----------------------------------------------------------------------------


def check_row_totals(table: RequestsTable) -> list[CheckResult]:
    labels = _labels(table.format)
    texts = _texts(get_language())
    results = []
    for row in table.rows:
        parts, total = list(row.cells[:6]), row.cells[6]
        status, lsum, _r, verdict = _evaluate(parts, [total])
        label = labels[row.row_id]
        details = {
            "row": label, "values": [_shown(c) for c in row.cells],
            "sum_of_applicant_columns": lsum, "reported_total": _shown(total),
        }  # fmt: skip
        where = texts["row"] % {"row": label}
        if status is CheckStatus.FAIL:
            message = texts["row_fail"] % {
                "where": where,
                "sum": lsum,
                "total": _num(total),
                "diff": (_num(total) or 0) - lsum,
            }
        elif status is CheckStatus.PASS:
            message = texts["row_pass"] % {"where": where}
        else:
            named = [(c.label, cell) for c, cell in zip(REQUEST_COLUMNS, row.cells, strict=True)]
            message = _undecidable(texts, where, named, verdict, lsum, _num(total) or 0)
        cells = [("requests", row.row_id, c.id) for c in REQUEST_COLUMNS]
        results.append(
            CheckResult(
                "row_total",
                status,
                message,
                row=row.row_id,
                cells=cells,
                details=details,
                blank_zero=verdict,
            )
        )
    return results


def _undecidable(
    texts: dict[str, str],
    where: str,
    named: list[tuple[str, Cell]],
    verdict: str | None,
    left: int,
    right: int,
) -> str:
    why = _why_undecidable(named, texts)
    message = texts["undecidable"] % {"where": where, "why": why}
    if verdict == "fail":
        message += texts["blank_zero"] % {"left": left, "right": right}
    return message


def _column(rows: dict[str, RequestRowData], row_id: str, col: int) -> Cell:
    """A cell of table 三 by row id; `rows` is `table.by_id()`, built once per table, not
    once per cell."""
    row = rows.get(row_id)
    return row.cells[col] if row is not None else Cell.unreadable()


def check_columns(table: RequestsTable) -> list[CheckResult]:
    results = []
    rows = table.by_id()
    texts = _texts(get_language())
    for col, column in enumerate(REQUEST_COLUMNS):
        results.append(_balance(texts, rows, col, column.id, column.label))
        results.append(_outcome_sum(texts, table, rows, col, column.id, column.label))
    return results


def _balance(
    texts: dict[str, str], rows: dict[str, RequestRowData], col: int, col_id: str, col_label: str
) -> CheckResult:
    keys = ("new_received", "carried_over", "r_total", "carry_next")
    a, b, c, d = (_column(rows, k, col) for k in keys)
    status, lsum, rsum, verdict = _evaluate([a, b], [c, d])
    details = {
        "column": col_label,
        "一": _shown(a),
        "二": _shown(b),
        "（七）总计": _shown(c),
        "四": _shown(d),
    }
    where = texts["column"] % {"col": col_label}
    values = {
        "where": where,
        "a": _num(a),
        "b": _num(b),
        "c": _num(c),
        "d": _num(d),
        "l": lsum,
        "r": rsum,
    }
    if status is CheckStatus.FAIL:
        message = texts["balance_fail"] % values
    elif status is CheckStatus.PASS:
        message = texts["balance_pass"] % values
    else:
        named = list(zip(["一", "二", "（七）总计", "四"], [a, b, c, d], strict=True))
        message = _undecidable(texts, where, named, verdict, lsum, rsum)
    cells = [("requests", k, col_id) for k in keys]
    return CheckResult(
        "column_balance",
        status,
        message,
        column=col_id,
        cells=cells,
        details=details,
        blank_zero=verdict,
    )


def _outcome_sum(
    texts: dict[str, str],
    table: RequestsTable,
    rows: dict[str, RequestRowData],
    col: int,
    col_id: str,
    col_label: str,
) -> CheckResult:
    outcome_ids = [r.id for r in REQUEST_ROWS[table.format] if r.outcome]
    parts = [_column(rows, k, col) for k in outcome_ids]
    total = _column(rows, "r_total", col)
    status, lsum, rsum, verdict = _evaluate(parts, [total])
    details = {
        "column": col_label,
        "sum_of_outcome_rows": lsum,
        "reported_（七）总计": _shown(total),
        "difference": rsum - lsum,
    }
    where = texts["column"] % {"col": col_label}
    if status is CheckStatus.FAIL:
        values = {"where": where, "sum": lsum, "total": rsum, "diff": rsum - lsum}
        message = texts["outcome_fail"] % values
    elif status is CheckStatus.PASS:
        message = texts["outcome_pass"] % {"where": where}
    else:
        labels = _labels(table.format)
        named = [(labels[k], c) for k, c in zip(outcome_ids, parts, strict=True)] + [
            ("（七）总计", total)
        ]
        message = _undecidable(texts, where, named, verdict, lsum, rsum)
    details["sum_treating_blank_as_0"] = lsum
    cells = [("requests", k, col_id) for k in [*outcome_ids, "r_total"]]
    return CheckResult(
        "outcome_sum",
        status,
        message,
        column=col_id,
        cells=cells,
        details=details,
        blank_zero=verdict,
    )


def check_integers(report: AnnualReport) -> list[CheckResult]:
    """Counts of applications and cases are non-negative integers (T3_NONNEG_INT)."""
    results = []
    labels = _labels(report.requests.format) if report.requests else {}
    for row in report.requests.rows if report.requests else []:
        for column, cell in zip(REQUEST_COLUMNS, row.cells, strict=True):
            if cell.is_number and (not isinstance(cell.value, int) or cell.value < 0):
                message = _("表三“%(row)s”行“%(col)s”列的值 %(value)s 不是非负整数。")
                text = message % {
                    "row": labels[row.row_id],
                    "col": column.label,
                    "value": cell.text,
                }
                results.append(
                    CheckResult(
                        "non_negative", CheckStatus.FAIL, text, row=row.row_id, column=column.id
                    )
                )
    return results


# -- table 四 ----------------------------------------------------------------------------


def check_review(report: AnnualReport) -> list[CheckResult]:
    if report.review is None:
        return []
    results = []
    texts = _texts(get_language())
    for group in REVIEW_GROUPS:
        cells = list(report.review.groups[group.id])
        status, lsum, rsum, verdict = _evaluate(cells[:4], [cells[4]])
        details = {
            "group": group.key,
            "values": [_shown(c) for c in cells],
            "sum_of_four_parts": lsum,
            "reported_total": _shown(cells[4]),
        }
        where = texts["group"] % {"group": group.label}
        if status is CheckStatus.FAIL:
            message = texts["group_fail"] % {"where": where, "sum": lsum, "total": rsum}
        elif status is CheckStatus.PASS:
            message = texts["group_pass"] % {"where": where}
        else:
            named = list(
                zip(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], cells, strict=True)
            )
            message = _undecidable(texts, where, named, verdict, lsum, rsum)
        refs = [
            ("review", group.id, part)
            for part in ("maintained", "corrected", "other", "pending", "total")
        ]
        results.append(
            CheckResult(
                "review_total",
                status,
                message,
                table="review",
                row=group.id,
                cells=refs,
                details=details,
                blank_zero=verdict,
            )
        )
    return results


# -- results ------------------------------------------------------------------------------


@dataclass
class AuditResult:
    checks: list[CheckResult]

    @property
    def errors(self) -> list[CheckResult]:
        return [
            c for c in self.checks if c.status is CheckStatus.FAIL and c.severity is Severity.ERROR
        ]

    @property
    def warnings(self) -> list[CheckResult]:
        return [
            c
            for c in self.checks
            if c.status is CheckStatus.FAIL and c.severity is not Severity.ERROR
        ]

    @property
    def undecidable(self) -> list[CheckResult]:
        return [c for c in self.checks if c.status is CheckStatus.UNDECIDABLE]

    def consistency_errors(self) -> list[dict[str, Any]]:
        """Errors in the corpus truth.json shape."""
        shapes = {"row_total", "column_balance", "outcome_sum", "review_total"}
        return [_truth_error(c) for c in self.errors if c.rule in shapes]

    def blank_cell_issues(self) -> list[dict[str, Any]]:
        return _blank_issues(self.undecidable)


_ERROR_KEYS = {
    "row_total": ("row", "values", "sum_of_applicant_columns", "reported_total"),
    "column_balance": ("column", "一", "二", "（七）总计", "四"),
    "outcome_sum": ("column", "sum_of_outcome_rows", "reported_（七）总计", "difference"),
    "review_total": ("group", "values", "sum_of_four_parts", "reported_total"),
}


def _truth_error(check: CheckResult) -> dict[str, Any]:
    return {"type": check.rule, **{k: check.details[k] for k in _ERROR_KEYS[check.rule]}}


def _blank_issues(checks: list[CheckResult]) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = []
    undecided: dict[str, list[CheckResult]] = {}
    for check in checks:
        if check.blank_zero == "fail":
            issues.append(_blank_issue(check))
        elif check.blank_zero is None:
            undecided.setdefault(check.rule, []).append(check)
    for rule, group in undecided.items():
        issues.extend(_undecidable_issues(rule, group))
    return issues


def _blank_issue(check: CheckResult) -> dict[str, Any]:
    d = check.details
    if check.rule == "row_total":
        return {"type": "row_total_blank", "row": d["row"], "applicant_values": d["values"][:6],
                "sum_of_applicant_columns": d["sum_of_applicant_columns"], "reported_total": d["reported_total"]}  # fmt: skip
    if check.rule == "outcome_sum":
        return {"type": "outcome_sum_with_blank_cells", "column": d["column"],
                "sum_treating_blank_as_0": d["sum_treating_blank_as_0"], "reported_（七）总计": d["reported_（七）总计"]}  # fmt: skip
    if check.rule == "column_balance":
        return {
            "type": "column_balance_with_blank_cells",
            **{k: d[k] for k in _ERROR_KEYS["column_balance"]},
        }
    return {"type": "review_total_blank", **{k: d[k] for k in _ERROR_KEYS["review_total"]}}


def _undecidable_issues(rule: str, checks: list[CheckResult]) -> list[dict[str, Any]]:
    if rule in ("row_total", "review_total"):
        by_reason: dict[str, list[str]] = {}
        for check in checks:
            key = "row" if rule == "row_total" else "group"
            by_reason.setdefault(_reason(check), []).append(check.details[key])
        field_name = "rows" if rule == "row_total" else "groups"
        return [
            {"type": f"{rule}_undecidable", field_name: names, "reason": reason}
            for reason, names in by_reason.items()
        ]
    columns = [c.details["column"] for c in checks]
    column = "all seven" if len(columns) == len(REQUEST_COLUMNS) else columns
    issue: dict[str, Any] = {
        "type": f"{rule}_undecidable",
        "column": column,
        "reason": _reason(checks[0]),
    }
    if rule == "column_balance" and len(columns) == len(REQUEST_COLUMNS):
        issue.update({k: checks[0].details[k] for k in ("一", "二", "（七）总计", "四")})
    return [issue]


def _reason(check: CheckResult) -> str:
    values = check.details.get("values")
    if values is not None and all(v == "/" for v in values):
        return "the row prints '/' in every cell, not numbers"
    if values is not None and all(v is None for v in values):
        return "the row prints no readable cell"
    return "cells involved are '/', blank or unreadable"


def audit(report: AnnualReport) -> AuditResult:
    """Every in-report check. The same function serves parsed and built reports."""
    checks: list[CheckResult] = []
    if report.requests is not None:
        checks += check_row_totals(report.requests)
        checks += check_columns(report.requests)
    checks += check_integers(report)
    checks += check_review(report)
    return AuditResult(checks)


# -- across two years -------------------------------------------------------------------


def audit_pair(previous: AnnualReport, current: AnnualReport) -> AuditResult:
    """Checks between consecutive reports of one agency (warnings, not errors)."""
    checks: list[CheckResult] = []
    if previous.year is not None and current.year is not None and current.year != previous.year + 1:
        message = _("两份报告不是相邻年度（%(a)s 与 %(b)s），跨年核对无法进行。")
        text = message % {"a": previous.year, "b": current.year}
        checks.append(CheckResult("carry_over", CheckStatus.UNDECIDABLE, text, Severity.WARNING))
        return AuditResult(checks)
    if previous.requests is not None and current.requests is not None:
        checks += _carry_over(previous.requests, current.requests, current.year)
    if previous.active is not None and current.active is not None:
        checks += _in_force_chain(previous, current)
    return AuditResult(checks)


def _carry_over(prev: RequestsTable, cur: RequestsTable, year: int | None) -> list[CheckResult]:
    results = []
    prev_rows, cur_rows = prev.by_id(), cur.by_id()
    for col, column in enumerate(REQUEST_COLUMNS):
        last = _column(prev_rows, "carry_next", col)
        this = _column(cur_rows, "carried_over", col)
        status, lsum, rsum, verdict = _evaluate([this], [last])
        where = _("表三“%(col)s”列") % {"col": column.label}
        if status is CheckStatus.FAIL:
            message = _(
                "%(where)s：本年“上年结转”为 %(this)s，但上年报告“结转下年度继续办理”为 %(last)s。"
            )
        elif status is CheckStatus.PASS:
            message = _("%(where)s：上年结转与上年报告的结转下年度相符。")
        else:
            message = _("%(where)s：上年结转或上年的结转下年度不是数字，无法核对。")
        text = message % {"where": where, "this": lsum, "last": rsum}
        details = {
            "column": column.label,
            "carried_over": _shown(this),
            "previous_carry_next": _shown(last),
            "year": year,
        }
        results.append(
            CheckResult(
                "carry_over",
                status,
                text,
                Severity.WARNING,
                column=column.id,
                details=details,
                blank_zero=verdict,
            )
        )
    return results


_CHAIN = {"issued", "repealed", "in_force"}


def _in_force_chain(previous: AnnualReport, current: AnnualReport) -> list[CheckResult]:
    """Table 二 rows whose format counts 制发 / 废止 / 现行有效 (any registered format that
    has those columns): last year's 现行有效 + 本年制发 − 本年废止 = 现行有效."""
    prev, cur = previous.active, current.active
    if prev is None or cur is None:
        return []
    chained = [r for r in ACTIVE_ROWS[cur.format] if {c.id for c in r.columns} >= _CHAIN]
    prev_chained = {
        r.id for r in ACTIVE_ROWS.get(prev.format, ()) if {c.id for c in r.columns} >= _CHAIN
    }
    if not chained:
        return []
    results = []
    for row in chained:
        before = prev.cell(row.id, "in_force") if row.id in prev_chained else Cell.unreadable()
        issued, repealed, now = (cur.cell(row.id, c) for c in ("issued", "repealed", "in_force"))
        cells = [before, issued, repealed, now]
        if all(_num(c) is not None for c in cells):
            expected = (_num(before) or 0) + (_num(issued) or 0) - (_num(repealed) or 0)
            status = CheckStatus.PASS if expected == _num(now) else CheckStatus.FAIL
        else:
            expected, status = 0, CheckStatus.UNDECIDABLE
        message = _(
            "表二“%(row)s”：上年现行有效 %(before)s + 本年制发 %(issued)s − 本年废止 %(repealed)s = %(expected)s，本年现行有效为 %(now)s。"
        )
        shown = {
            "row": row.label,
            "before": before.display(),
            "issued": issued.display(),
            "repealed": repealed.display(),
            "expected": expected,
            "now": now.display(),
        }
        if status is CheckStatus.UNDECIDABLE:
            message = _("表二“%(row)s”：现行有效件数的跨年关系缺少数字，无法核对。")
        results.append(
            CheckResult(
                "in_force_chain",
                status,
                message % shown,
                Severity.WARNING,
                table="active",
                row=row.id,
                details=shown,
            )
        )
    return results


__all__ = ["APPLICANT_COLUMNS", "AuditResult", "CheckResult", "CheckStatus", "audit", "audit_pair"]
