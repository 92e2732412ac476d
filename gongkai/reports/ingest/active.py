"""Table 二 (主动公开政府信息情况): five small tables in 2019, four in 2021.

Table 二 has no totals, so run-together digits in flattened text cannot be settled by
arithmetic. A split is then chosen by plausibility (an 本年增/减 is usually small, the stock
of documents in force is not smaller than this year's new ones …) and always reported as
such, so the cell is checked against the source by a person.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import (
    ActiveRowData,
    ActiveTable,
    AnnualReport,
    Cell,
    CellStatus,
    Finding,
    Method,
    Provenance,
    Severity,
)

from .. import formats
from ..formats import ACTIVE_ROWS, ActiveRow
from .blocks import Document
from .labelcheck import core, printed_label
from .labels import ACTIVE_PATTERNS, Hit, find_hits, present_markers
from .reading import TOKEN, Reader, RowRead
from .requests import _merge, restamp
from .stated import Stated, stated_counts


def detect_format(norm: str, start: int, end: int, fallback: str) -> str:
    """By the printed column headers and rows, scored over the registered formats' table 二
    markers; when they decide nothing, the format of table 三 (or of the year)."""
    found = present_markers(norm, start, end, "active")
    detected = formats.detect(found, "active")
    return detected if detected is not None and detected in ACTIVE_ROWS else fallback


def _number(cell: Cell) -> float | None:
    if not cell.is_number or cell.value is None:
        return None
    return float(cell.value)


def plausibility(fmt: str, row: ActiveRow, cells: list[Cell]) -> tuple[float, ...]:
    """Lower is more plausible. Used only to choose among splits of run-together digits."""
    v = [_number(c) for c in cells]
    if any(x is None for x in v):
        return (99.0,)
    if row.table == "t2_art20_1":
        a, b, c = v
        if row.columns[0].id == "new_made":  # 2019: made ≈ published ≤ total published
            return (float((c < b) + (c < a)), abs(a - b))  # type: ignore[operator]
        return (float((c < a) + (c < b) + (b > a)), 0.0)  # type: ignore[operator]
    if row.table == "t2_art20_9":
        return (_amount_per_item(cells),)
    if any(x < 0 for x, c in zip(v, row.columns, strict=True) if c.kind != "delta"):  # type: ignore[operator]
        return (99.0,)  # only 本年增/减 can be negative
    if [c.id for c in row.columns[:2]] == ["prev_items", "delta"]:  # 2019: stock and change
        prev, delta = v[0], v[1]
        if prev + delta < 0:  # type: ignore[operator]
            return (99.0,)  # more items dropped than there were
        # no change is by far the commonest 本年增/减; between two non-zero changes the
        # table has nothing to choose by, so they tie and the cell stays open
        return (float(delta != 0),)
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


@dataclass
class Choice:
    cells: list[Cell]
    candidates: list[list[str]] = field(default_factory=list)  # left open: all shown


def _shown(cells: list[Cell]) -> str:
    return " | ".join(c.display() for c in cells)


def _by_stated(row: ActiveRow, options: list[list[Cell]], stated: Stated) -> list[list[Cell]]:
    """The splits that agree with every count the narrative states for this row."""
    ids = [c.id for c in row.columns]
    known = {ids.index(col): n for (rid, col), n in stated.items() if rid == row.id and col in ids}
    kept = [o for o in options if all(o[i].value == n for i, n in known.items())]
    return kept or options  # a narrative that fits no split counts something else


def _choose(
    fmt: str,
    row: ActiveRow,
    read: RowRead,
    findings: list[Finding],
    stated: Callable[[], Stated],
) -> Choice:
    if read.settled:
        return Choice(read.options[0])
    options = _by_stated(row, read.options, stated())
    if len(options) == 1:
        message = _("“%(label)s”的数字连在一起，按报告正文所述件数确定拆分为 %(split)s。")
        split = _shown(options[0])
        findings.append(_finding("split_stated", message, row, split, read, Severity.INFO))
        return Choice(restamp(options[0], Method.SPLIT_CONTEXT, _("按报告正文所述件数确定")))
    scored = sorted((plausibility(fmt, row, o), i) for i, o in enumerate(options))
    best = [options[i] for s, i in scored if s == scored[0][0]]
    if len(best) == 1:
        message = _(
            "“%(label)s”的数字连在一起且本表没有合计可供核对，按常理推断拆分为 %(split)s，请对照原文核实。"
        )
        findings.append(
            _finding("split_prior", message, row, _shown(best[0]), read, Severity.WARNING)
        )
        return Choice(restamp(best[0], Method.SPLIT_PRIOR))
    shown = "；".join(_shown(o) for o in best[:6])
    message = _(
        "“%(label)s”的数字连在一起，无法确定拆分（候选：%(split)s），无法确定的单元格记为无法读取。"
    )
    findings.append(_finding("split_ambiguous", message, row, shown, read, Severity.WARNING))
    note = _("连写数字的候选拆分：%(split)s") % {"split": shown}
    merged = [_with_note(c, note) if c.status is CellStatus.UNREADABLE else c for c in _merge(best)]
    return Choice(merged, [[c.display() for c in o] for o in best])


def _with_note(cell: Cell, note: str) -> Cell:
    prov = cell.provenance or Provenance("")
    return cell.with_provenance(Provenance(prov.locator, prov.snippet, prov.method, note))


def _finding(
    code: str, message: str, row: ActiveRow, shown: str, read: RowRead, sev: Severity
) -> Finding:
    text = message % {"label": row.label, "split": shown}
    return Finding(code, text, sev, "active", row.id, None, read.locator)


def _template_row(fmt: str, key: str) -> ActiveRow | None:
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
    doc: Document, start: int, end: int, fallback: str
) -> tuple[ActiveTable | None, list[Finding]]:
    """Table 二, or None when no row of it carries a value (no table here after all)."""
    fmt = detect_format(doc.norm, start, end, fallback)
    hits = find_hits(doc.norm, start, end, ACTIVE_PATTERNS)
    reader = Reader(doc, start, end, "active")
    strict = reader.is_row_mode(min_rows=2)
    table = ActiveTable(fmt)
    findings: list[Finding] = []
    # read only when a split is in doubt: most reports never need it
    stated = functools.cache(lambda: stated_counts(doc.norm[:start] + "\n" + doc.norm[end:]))
    for i, hit in enumerate(hits):
        row = _template_row(fmt, hit.key) if hit.kind == "row" else None
        if row is None or hit.key in table.rows:
            continue
        next_start = hits[i + 1].start if i + 1 < len(hits) else end
        kinds = [c.kind for c in row.columns]
        read = reader.read(hit, next_start, kinds, lambda parts: True, strict)
        if read is None and strict:
            read = _loose_label(reader, hit, next_start, kinds)
        if read is None:
            continue
        if strict and read.method is Method.CELL:
            read = _blank_filled_from_below(reader, hit, read, next_start, kinds)
        findings += read.findings
        choice = _choose(fmt, row, read, findings, stated)
        printed = _printed(doc, hit, read, row)
        table.rows[row.id] = ActiveRowData(
            row.id,
            dict(zip((c.id for c in row.columns), choice.cells, strict=True)),
            printed,
            read.source(),
            choice.candidates,
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


# -- Markdown converted from PDF: labels and values come apart ------------------------------


def _loose_label(reader: Reader, hit: Hit, next_start: int, kinds: list[str]) -> RowRead | None:
    """A row label left as a line of text above a label-less table row of its values
    (`行政规范性文件` then `| 42 | 17 | 1203 |`): the first table row after it with any value,
    if it holds exactly the row's number of values and nothing else."""
    doc = reader.doc
    b_label, _c = doc.where(hit.start)
    if doc.blocks[b_label].is_row:
        return None
    for b_index in range(b_label + 1, len(doc.blocks)):
        if doc.cell_start(b_index, 0) >= next_start:
            return None
        block = doc.blocks[b_index]
        if not block.is_row or reader.numeric_cells(b_index) == 0:
            continue
        filled = [i for i in range(len(block.cells)) if not reader.is_blank(b_index, i)]
        if len(filled) != len(kinds) or reader.numeric_cells(b_index) != len(kinds):
            return None
        cells = [reader.cell(b_index, i, k) for i, k in zip(filled, kinds, strict=True)]
        cells = restamp(cells, Method.POSITION, _("行标签与数值被拆开，按位置归入"))
        return RowRead(hit.key, hit.start, [cells], reader.label_text(hit), block.locator,
                       Method.POSITION, snippet=reader.row_text(b_index))  # fmt: skip
    return None


def _blank_filled_from_below(
    reader: Reader, hit: Hit, read: RowRead, next_start: int, kinds: list[str]
) -> RowRead:
    """A one-value row left blank in the last row of its table, its value printed as a line of
    text right under the table (`| 行政强制 |  |` then `1094`): the value is that line."""
    cells = read.options[0]
    if len(cells) != 1 or cells[0].status is not CellStatus.BLANK:
        return read
    doc = reader.doc
    b_row, _c = doc.where(hit.start)
    below = b_row + 1
    if below >= len(doc.blocks) or doc.blocks[below].is_row:
        return read
    text = doc.blocks[below].cells[0].strip()
    start = doc.cell_start(below, 0)
    if start >= next_start or not TOKEN.fullmatch(text.replace(" ", "")):
        return read
    cell = reader.cell(below, 0, kinds[0])
    note = _("表格中此格为空，数值印在表格下方")
    fixed = restamp([cell], Method.POSITION, note)
    return RowRead(read.key, read.pos, [fixed], read.label, read.locator, Method.POSITION,
                   read.findings, read.snippet + " / " + text)  # fmt: skip


def _counts_in_force(fmt: str) -> bool:
    """The format's table 二 has 制发 / 废止 / 现行有效 columns (the 2021 format does)."""
    return any({"issued", "repealed", "in_force"} <= {c.id for c in r.columns}
               for r in ACTIVE_ROWS.get(fmt, ()))  # fmt: skip


def settle_with_previous(previous: AnnualReport, current: AnnualReport) -> list[Finding]:
    """Splits left open in `current` settled by the 现行有效 chain with last year's report.

    2021 table 二: last year's 现行有效 + 本年制发 − 本年废止 = 现行有效. A candidate that
    breaks the chain is dropped; when one remains, its cells are filled in (marked as settled
    by context) and the candidates cleared. Returns what was settled, for the findings list.
    """
    if (
        previous.active is None
        or current.active is None
        or not _counts_in_force(current.active.format)
        or not _counts_in_force(previous.active.format)
        or previous.year is None
        or current.year != previous.year + 1
    ):
        return []
    findings = []
    for row_id, data in current.active.rows.items():
        before = previous.active.cell(row_id, "in_force")
        if not data.candidates or not (before.is_number and isinstance(before.value, int)):
            continue
        fitting = [c for c in data.candidates if _chain_holds(before.value, c)]
        if len(fitting) == 1:
            findings.append(_settle(current.active.template(), data, fitting[0], before.value))
    current.findings += findings
    return findings


def _chain_holds(before: int, split: list[str]) -> bool:
    if len(split) != 3 or not all(part.isdigit() for part in split):
        return False
    issued, repealed, in_force = (int(p) for p in split)
    return before + issued - repealed == in_force


def _settle(
    template: tuple[ActiveRow, ...], data: ActiveRowData, split: list[str], before: int
) -> Finding:
    row = next(r for r in template if r.id == data.row_id)
    note = _("按上年报告现行有效 %(n)s 件确定") % {"n": before}
    for column, part in zip(row.columns, split, strict=True):
        prov = data.cells[column.id].provenance or data.source or Provenance("")
        settled = Provenance(prov.locator, prov.snippet, Method.SPLIT_CONTEXT, note)
        data.cells[column.id] = Cell.number(int(part), part, provenance=settled)
    data.candidates = []
    message = _(
        "“%(label)s”的数字连在一起，按上年报告现行有效 %(n)s 件（上年 + 制发 − 废止 = 现行有效）确定拆分为 %(split)s。"
    )
    text = message % {"label": row.label, "n": before, "split": " | ".join(split)}
    return Finding("split_previous_year", text, Severity.INFO, "active", row.id)
