"""Table 二 (主动公开政府信息情况): five small tables in 2019, four in 2021.

Table 二 has no totals, so run-together digits in flattened text cannot be settled by
arithmetic. A split is then chosen by plausibility (an 本年增/减 is usually small, the stock
of documents in force is not smaller than this year's new ones …) and always reported as
such, so the cell is checked against the source by a person.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.translation import gettext as _

from ..formats import ACTIVE_ROWS, ActiveRow, Format
from ..model import ActiveRowData, ActiveTable, Cell, CellStatus, Finding, Method, Severity
from .blocks import Document
from .labelcheck import core, printed_label
from .labels import ACTIVE_2019_MARKERS, ACTIVE_2021_MARKERS, ACTIVE_PATTERNS, Hit, find_hits
from .reading import Reader, RowRead
from .requests import _merge, restamp


def detect_format(norm: str, start: int, end: int, fallback: Format) -> Format:
    """By the printed column headers (and the rows only the 2019 format has)."""
    text = norm[start:end]
    old = sum(1 for m in ACTIVE_2019_MARKERS if m.search(text))
    new = sum(1 for m in ACTIVE_2021_MARKERS if m.search(text))
    if old == new:
        return fallback
    return Format.F2019 if old > new else Format.F2021


def _number(cell: Cell) -> float | None:
    if not cell.is_number or cell.value is None:
        return None
    return float(cell.value)


def plausibility(fmt: Format, row: ActiveRow, cells: list[Cell]) -> tuple[float, ...]:
    """Lower is more plausible. Used only to choose among splits of run-together digits."""
    v = [_number(c) for c in cells]
    if any(x is None for x in v):
        return (99.0,)
    if row.table == "t2_art20_1":
        a, b, c = v  # type: ignore[misc]
        if fmt is Format.F2019:  # made ≈ published ≤ total published
            return (float((c < b) + (c < a)), abs(a - b))  # type: ignore[operator]
        return (float((c < a) + (c < b) + (b > a)), 0.0)  # type: ignore[operator]
    if row.table == "t2_art20_9":
        return (_amount_per_item(cells),)
    if fmt is Format.F2019 and len(v) >= 2:
        return (abs(v[1]),)  # type: ignore[arg-type]
    return (0.0,)


def _amount_per_item(cells: list[Cell]) -> float:
    """Distance of log10(元 per procurement project) from a typical 10^5.5 元."""
    count, amount = cells[0].value, cells[1].value
    if not isinstance(count, int) or not isinstance(amount, int | Decimal):
        return 99.0
    yuan = Decimal(amount) * (10000 if cells[1].unit == "万元" else 1)
    if count == 0 or yuan <= 0:
        return 0.0 if count == 0 and yuan == 0 else 50.0
    return abs(math.log10(float(yuan) / count) - 5.5)


def _choose(fmt: Format, row: ActiveRow, read: RowRead, findings: list[Finding]) -> list[Cell]:
    if read.settled:
        return read.options[0]
    scored = sorted((plausibility(fmt, row, o), i) for i, o in enumerate(read.options))
    best = [read.options[i] for s, i in scored if s == scored[0][0]]
    shown = " | ".join(c.display() for c in best[0])
    if len(best) == 1:
        message = _(
            "“%(label)s”的数字连在一起且本表没有合计可供核对，按常理推断拆分为 %(split)s，请对照原文核实。"
        )
        findings.append(_finding("split_prior", message, row, shown, read, Severity.WARNING))
        return restamp(best[0], Method.SPLIT_PRIOR)
    message = _(
        "“%(label)s”的数字连在一起，无法确定拆分（如 %(split)s），无法确定的单元格记为无法读取。"
    )
    findings.append(_finding("split_ambiguous", message, row, shown, read, Severity.WARNING))
    return _merge(best)


def _finding(
    code: str, message: str, row: ActiveRow, shown: str, read: RowRead, sev: Severity
) -> Finding:
    text = message % {"label": row.label, "split": shown}
    return Finding(code, text, sev, "active", row.id, None, read.locator)


def _template_row(fmt: Format, key: str) -> ActiveRow | None:
    return next((r for r in ACTIVE_ROWS[fmt] if r.id == key), None)


def _variant_finding(printed: str, row: ActiveRow, locator: str) -> Finding | None:
    if core(printed) == core(row.label):
        return None
    message = _("表二使用了标签“%(printed)s”，对应法定行“%(label)s”。")
    text = message % {"printed": printed, "label": row.label}
    return Finding("label_variant", text, Severity.INFO, "active", row.id, None, locator)


def _printed(doc: Document, hit: Hit, read: RowRead, row: ActiveRow) -> str:
    """The row label as printed: the label cell, or in a stream the matched variant only."""
    if read.method is Method.CELL:
        return printed_label(read.label or "") or row.label
    if row.id == "normative_docs":  # 规范性文件 vs 行政规范性文件 is a variant worth keeping
        return printed_label(doc.text[hit.keyword_start : hit.end])
    return row.label


def read_active(
    doc: Document, start: int, end: int, fallback: Format
) -> tuple[ActiveTable | None, list[Finding]]:
    """Table 二, or None when no row of it carries a value (no table here after all)."""
    fmt = detect_format(doc.norm, start, end, fallback)
    hits = find_hits(doc.norm, start, end, ACTIVE_PATTERNS)
    reader = Reader(doc, start, end, "active")
    strict = reader.is_row_mode(min_rows=2)
    table = ActiveTable(fmt)
    findings: list[Finding] = []
    for i, hit in enumerate(hits):
        row = _template_row(fmt, hit.key) if hit.kind == "row" else None
        if row is None or hit.key in table.rows:
            continue
        next_start = hits[i + 1].start if i + 1 < len(hits) else end
        kinds = [c.kind for c in row.columns]
        read = reader.read(hit, next_start, kinds, lambda parts: True, strict)
        if read is None:
            continue
        findings += read.findings
        cells = _choose(fmt, row, read, findings)
        printed = _printed(doc, hit, read, row)
        table.rows[row.id] = ActiveRowData(
            row.id,
            dict(zip((c.id for c in row.columns), cells, strict=True)),
            printed,
            read.source(),
        )
        variant = _variant_finding(printed, row, read.locator)
        findings += [variant] if variant else []
    if all(
        c.status is CellStatus.UNREADABLE for r in table.rows.values() for c in r.cells.values()
    ):
        return None, []
    for row in ACTIVE_ROWS[fmt]:
        if row.id not in table.rows:
            message = _("表二未找到“%(label)s”这一行，其单元格记为无法读取。") % {
                "label": row.label
            }
            findings.append(Finding("row_missing", message, Severity.WARNING, "active", row.id))
            table.rows[row.id] = ActiveRowData(
                row.id, {c.id: Cell.unreadable() for c in row.columns}
            )
    return table, findings
