"""The annual report in and out of files: the full JSON (with provenance) and the corpus `truth.json` shape both ways, and CSV and XLSX rows out.

The truth shape is the corpus contract: table_active keyed by printed row label and template
column label; table_requests as canonical rows of seven values; table_review as three groups
of five; values are ints, numbers, "251000元"-style strings, "/" or null — blank never 0.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from decimal import Decimal
from typing import Any

from gongkai.applications.reportmodel.model import (
    ActiveRowData,
    ActiveTable,
    AnnualReport,
    Cell,
    CellStatus,
    Figure,
    Finding,
    Method,
    Provenance,
    RequestRowData,
    RequestsTable,
    ReviewTable,
    Section,
    Severity,
    SourceInfo,
)
from gongkai.core.spreadsheet import csv_safe, xlsx_row

from . import formats
from .audit import AuditResult, audit
from .formats import (
    ACTIVE_ROWS,
    REQUEST_COLUMNS,
    REQUEST_ROWS,
    REVIEW_GROUPS,
    TRUTH_REVIEW_COLUMNS,
    Format,
)

TRUTH_REQUEST_COLUMNS = [c.label for c in REQUEST_COLUMNS]


def truth_value(cell: Cell) -> Any:
    """A cell as corpus truth.json writes it."""
    if cell.status is CellStatus.SLASH:
        return "/"
    if cell.status is not CellStatus.NUMBER or cell.value is None:
        return None
    if cell.unit:
        return f"{cell.text.replace(',', '')}{cell.unit}"  # "75394432.52元": digits and unit
    if isinstance(cell.value, Decimal):
        return (
            int(cell.value)
            if cell.value == cell.value.to_integral_value() and "." not in cell.text
            else float(cell.value)
        )
    return cell.value


def is_narrative(format_id: str | None) -> bool:
    """A registered format without statutory tables (the pre-2019 narrative reports)."""
    return (
        format_id is not None
        and formats.is_registered(format_id)
        and not formats.get(format_id).has_tables
    )


def format_id(value: str) -> str:
    """A stored format id: the registered format's own id, or "hybrid"; else UnknownFormat."""
    if formats.is_registered(value):
        return formats.get(value).id
    if value == Format.HYBRID:
        return Format.HYBRID
    raise formats.UnknownFormat(value)


def _labels(report: AnnualReport) -> dict[str, str]:
    fmt = report.requests.format if report.requests else None
    return {r.id: r.label for r in REQUEST_ROWS[fmt]} if fmt else {}


def truth_active(report: AnnualReport) -> dict[str, dict[str, Any]]:
    if report.active is None:
        return {}
    result = {}
    for row in report.active.template():
        data = report.active.rows.get(row.id)
        label = (data.printed_label if data and data.printed_label else None) or row.label
        result[label] = {
            c.label: truth_value(report.active.cell(row.id, c.id)) for c in row.columns
        }
    return result


def truth_requests(report: AnnualReport) -> list[dict[str, Any]]:
    if report.requests is None:
        return []
    labels = _labels(report)
    return [
        {"row": labels[row.row_id], "values": [truth_value(c) for c in row.cells]}
        for row in report.requests.rows
    ]


def truth_review(report: AnnualReport) -> dict[str, list[Any]]:
    if report.review is None:
        return {}
    return {g.key: [truth_value(c) for c in report.review.groups[g.id]] for g in REVIEW_GROUPS}


def _figure(fig: Figure) -> dict[str, Any]:
    value: Any = float(fig.value) if isinstance(fig.value, Decimal) else fig.value
    data: dict[str, Any] = {"value": value, "unit": fig.unit, "phrase": fig.phrase}
    if fig.qualifier:
        data["qualifier"] = fig.qualifier
    return data


def truth_figures(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        key: _figure(value) if isinstance(value, Figure) else truth_figures(value)
        for key, value in figures.items()
    }


def to_truth(report: AnnualReport, result: AuditResult | None = None) -> dict[str, Any]:
    """The report in exactly the shape of corpus truth.json, plus agency, year and format."""
    result = result or audit(report)
    data: dict[str, Any] = {
        "agency": report.agency,
        "year": report.year,
        "format": str(report.format) if report.format else None,
    }
    if is_narrative(report.format):
        data["figures"] = truth_figures(report.figures)
    else:
        data["table_active"] = truth_active(report)
        data["table_requests"] = truth_requests(report)
        data["table_requests_columns"] = TRUTH_REQUEST_COLUMNS
        data["table_review"] = truth_review(report)
        data["table_review_columns"] = TRUTH_REVIEW_COLUMNS
        data["blank_cell_issues"] = result.blank_cell_issues()
    data["consistency_errors"] = result.consistency_errors()
    data["observations"] = [f.message for f in report.findings]
    return data


# -- full JSON ----------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """`asdict` and Decimal → str in one pass, without `asdict`'s deep copies: a report has
    tens of thousands of values, and copying them was half the time of keeping a report."""
    if isinstance(value, Decimal):
        return str(value)
    names = _FIELDS.get(type(value))
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: _jsonable(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


_FIELDS: dict[type, tuple[str, ...]] = {}


def checks_json(result: AuditResult) -> list[dict[str, Any]]:
    return [_jsonable(c) for c in result.checks]


def to_json(report: AnnualReport, result: AuditResult | None = None) -> dict[str, Any]:
    """Everything: cells with status and provenance, findings, audit results."""
    result = result or audit(report)
    data = _jsonable(report)
    data["format"] = str(report.format) if report.format else None
    data["audit"] = checks_json(result)
    data["consistency_errors"] = result.consistency_errors()
    return data


# -- tables: summary and cells ----------------------------------------------------------

SUMMARY_FIELDS = [
    "file", "agency", "year", "format", "new_received", "carried_over", "r_total", "carry_next",
    "review_total", "lit_direct_total", "lit_after_total", "errors", "undecidable",
    "unreadable_cells", "findings", "status",
]  # fmt: skip


def _total(report: AnnualReport, row_id: str) -> Any:
    if report.requests is None or not report.requests.has_row(row_id):
        return None
    return truth_value(report.requests.row(row_id).cells[6])


def _review_total(report: AnnualReport, group: str) -> Any:
    return truth_value(report.review.groups[group][4]) if report.review else None


def summary_row(name: str, report: AnnualReport, result: AuditResult) -> dict[str, Any]:
    return {
        "file": name,
        "agency": report.agency,
        "year": report.year,
        "format": str(report.format) if report.format else None,
        **{k: _total(report, k) for k in ("new_received", "carried_over", "r_total", "carry_next")},
        "review_total": _review_total(report, "review"),
        "lit_direct_total": _review_total(report, "lit_direct"),
        "lit_after_total": _review_total(report, "lit_after"),
        "errors": len(result.errors),
        "undecidable": len(result.undecidable),
        "unreadable_cells": sum(
            1 for c in iter_cells(report) if c[-1].status is CellStatus.UNREADABLE
        ),
        "findings": len(report.findings),
        "status": "ok",
    }


def failed_row(name: str, message: str) -> dict[str, Any]:
    return {**dict.fromkeys(SUMMARY_FIELDS), "file": name, "status": message}


CELL_FIELDS = [
    "file",
    "agency",
    "year",
    "table",
    "row",
    "column",
    "value",
    "status",
    "method",
    "locator",
    "snippet",
]


def iter_cells(report: AnnualReport) -> list[tuple[str, str, str, Cell]]:
    """(table, row label, column label, cell) for every cell of the three tables."""
    out: list[tuple[str, str, str, Cell]] = []
    if report.active:
        for row in report.active.template():
            for col in row.columns:
                out.append(("二", row.label, col.label, report.active.cell(row.id, col.id)))
    labels = _labels(report)
    for req in report.requests.rows if report.requests else []:
        for col, cell in zip(REQUEST_COLUMNS, req.cells, strict=True):
            out.append(("三", labels[req.row_id], col.label, cell))
    for group in REVIEW_GROUPS if report.review else ():
        for part, cell in zip(TRUTH_REVIEW_COLUMNS, report.review.groups[group.id], strict=True):  # type: ignore[union-attr]
            out.append(("四", group.label, part, cell))
    return out


def cell_rows(name: str, report: AnnualReport) -> list[dict[str, Any]]:
    rows = []
    for table, row, column, cell in iter_cells(report):
        prov = cell.provenance
        rows.append({
            "file": name, "agency": report.agency, "year": report.year, "table": table,
            "row": row, "column": column, "value": truth_value(cell), "status": cell.status.value,
            "method": prov.method.value if prov else "", "locator": prov.locator if prov else "",
            "snippet": prov.snippet if prov else "",
        })  # fmt: skip
    return rows


FINDING_FIELDS = [
    "file",
    "kind",
    "severity",
    "code",
    "table",
    "row",
    "column",
    "message",
    "locator",
]


def finding_rows(
    name: str,
    report: AnnualReport,
    result: AuditResult,
    cross_year: list[AuditResult] | None = None,
) -> list[dict[str, Any]]:
    """Parser findings, failed and undecidable checks, cross-year warnings: one row each."""
    rows = [
        {"file": name, "kind": "parse", "severity": f.severity.value, "code": f.code, "table": f.table,
         "row": f.row, "column": f.column, "message": f.message, "locator": f.locator}
        for f in report.findings
    ]  # fmt: skip
    checks = [c for c in result.checks if c.status.value != "pass"]
    checks += [c for r in cross_year or [] for c in r.checks if c.status.value != "pass"]
    rows += [
        {"file": name, "kind": c.status.value, "severity": c.severity.value, "code": c.rule,
         "table": c.table, "row": c.row, "column": c.column, "message": c.message, "locator": ""}
        for c in checks
    ]  # fmt: skip
    return rows


def to_csv(rows: list[dict[str, Any]], fields: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: csv_safe(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def to_xlsx(sheets: dict[str, tuple[list[str], list[dict[str, Any]]]]) -> bytes:
    """One workbook, one sheet per (fields, rows) entry."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, (fields, rows) in sheets.items():
        sheet = book.create_sheet(title[:31])
        sheet.append(xlsx_row(sheet, list(fields)))
        for row in rows:
            sheet.append(xlsx_row(sheet, [_cell_value(row.get(f)) for f in fields]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_value(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str):
        return value
    return str(value)


# -- from the truth shape (hand-checked data, tests) ----------------------------------------

_AMOUNT = re.compile(r"^(?P<num>-?\d+(?:\.\d+)?)(?P<unit>万元|元)$")


def cell_from_truth(value: Any) -> Cell:
    """The inverse of `truth_value`: null is a blank cell, never 0."""
    prov = Provenance("truth.json", str(value), Method.CELL)
    if value is None:
        return Cell.blank(prov)
    if value == "/":
        return Cell.slash(prov)
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Cell.number(value, provenance=prov)
    if isinstance(value, float):
        return Cell.number(Decimal(str(value)), str(value), provenance=prov)
    match = _AMOUNT.match(str(value).replace(" ", ""))
    if not match:
        raise ValueError(f"not a truth cell value: {value!r}")
    number = match["num"]
    parsed: int | Decimal = Decimal(number) if "." in number else int(number)
    return Cell.number(parsed, number, match["unit"], provenance=prov)


def _truth_format(printed: set[str], templates: Any, labels: Any, table: str) -> str:
    """The registered format whose table has every printed label, the fewest unused first;
    a table no registered format has is 未识别的格式 (ValueError), never the nearest."""
    fitting = []
    for fmt_id in templates:
        known = {label for row in templates[fmt_id] for label in labels(row)}
        if all(p in known or any(k.endswith(p) for k in known) for p in printed):
            fitting.append((len(known - printed), fmt_id))
    if not fitting:
        raise ValueError(f"未识别的格式：{table}的行列不属于任何已登记的报告格式")
    return min(fitting)[1]


def _active_from_truth(table: dict[str, dict[str, Any]]) -> ActiveTable:
    columns = {c for cols in table.values() for c in cols}
    fmt = _truth_format(columns, ACTIVE_ROWS, lambda r: [c.label for c in r.columns], "表二")
    active = ActiveTable(fmt)
    for printed, cells in table.items():
        row = next(r for r in ACTIVE_ROWS[fmt] if r.label == printed or r.label.endswith(printed))
        values = {c.id: cell_from_truth(cells.get(c.label)) for c in row.columns}
        active.rows[row.id] = ActiveRowData(row.id, values, printed)
    return active


def _requests_from_truth(rows: list[dict[str, Any]]) -> RequestsTable:
    printed = {r["row"] for r in rows}
    fmt = _truth_format(printed, REQUEST_ROWS, lambda r: [r.label], "表三")
    by_label = {r.label: r.id for r in REQUEST_ROWS[fmt]}
    data = [
        RequestRowData(by_label[r["row"]], tuple(cell_from_truth(v) for v in r["values"]))
        for r in rows
    ]
    return RequestsTable(fmt, data)


def _figures_from_truth(figures: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in figures.items():
        if "phrase" in value:
            result[key] = Figure(
                value["value"], value["unit"], value["phrase"], value.get("qualifier")
            )
        else:
            result[key] = _figures_from_truth(value)
    return result


def from_truth(truth: dict[str, Any]) -> AnnualReport:
    """An AnnualReport from data in the truth.json shape (hand-checked or exported)."""
    report = AnnualReport(agency=truth.get("agency"), year=truth.get("year"))
    if is_narrative(truth.get("format")):
        report.format = formats.get(truth["format"]).id
        report.figures = _figures_from_truth(truth.get("figures", {}))
        return report
    if truth.get("table_active"):
        report.active = _active_from_truth(truth["table_active"])
    if truth.get("table_requests"):
        report.requests = _requests_from_truth(truth["table_requests"])
    if truth.get("table_review"):
        groups = {
            g.id: tuple(cell_from_truth(v) for v in truth["table_review"][g.key])
            for g in REVIEW_GROUPS
        }
        report.review = ReviewTable(groups)
    report.format = report.overall_format()
    return report


# -- back from the full JSON (stored results) -----------------------------------------------


def _number(value: Any) -> int | Decimal | None:
    if value is None or isinstance(value, int):
        return value
    return Decimal(str(value))


def _prov(prov: dict[str, Any] | None) -> Provenance | None:
    if not prov:
        return None
    return Provenance(
        prov["locator"],
        prov.get("snippet", ""),
        Method(prov.get("method", "cell")),
        prov.get("note", ""),
    )


def _cell_from_json(data: dict[str, Any]) -> Cell:
    prov = data.get("provenance")
    provenance = (
        Provenance(
            prov["locator"],
            prov.get("snippet", ""),
            Method(prov.get("method", "cell")),
            prov.get("note", ""),
        )
        if prov
        else None
    )
    status = CellStatus(data["status"])
    return Cell(
        status, _number(data.get("value")), data.get("unit"), data.get("text", ""), provenance
    )


def _figures_from_json(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        key: Figure(
            _number(v["value"]) or 0,
            v.get("unit"),
            v["phrase"],
            v.get("qualifier"),
            v.get("locator", ""),
        )
        if "phrase" in v
        else _figures_from_json(v)
        for key, v in figures.items()
    }


def from_json(data: dict[str, Any]) -> AnnualReport:
    """The inverse of `to_json`: a stored result back as an AnnualReport."""
    report = AnnualReport(
        data.get("agency"),
        data.get("year"),
        format_id(data["format"]) if data.get("format") else None,
    )
    if data.get("active"):
        active = data["active"]
        rows = {
            key: ActiveRowData(
                row["row_id"],
                {c: _cell_from_json(v) for c, v in row["cells"].items()},
                row.get("printed_label"),
                _prov(row.get("source")),
                row.get("candidates") or [],
            )
            for key, row in active["rows"].items()
        }
        report.active = ActiveTable(format_id(active["format"]), rows)
    if data.get("requests"):
        requests = data["requests"]
        report.requests = RequestsTable(
            format_id(requests["format"]),
            [
                RequestRowData(
                    r["row_id"],
                    tuple(map(_cell_from_json, r["cells"])),
                    r.get("printed_label"),
                    _prov(r.get("source")),
                )
                for r in requests["rows"]
            ],
        )
    if data.get("review"):
        report.review = ReviewTable(
            {
                g: tuple(map(_cell_from_json, cells))
                for g, cells in data["review"]["groups"].items()
            },
            _prov(data["review"].get("source")),
        )
    report.sections = [
        Section(s["number"], s["title"], s["key"], s.get("text", ""))
        for s in data.get("sections", [])
    ]
    report.figures = _figures_from_json(data.get("figures") or {})
    report.findings = [
        Finding(
            f["code"],
            f["message"],
            Severity(f["severity"]),
            f.get("table"),
            f.get("row"),
            f.get("column"),
            f.get("locator", ""),
        )
        for f in data.get("findings", [])
    ]
    if data.get("source"):
        report.source = SourceInfo(**data["source"])
    return report
