"""Table 三 (收到和处理政府信息公开申请情况): rows by label, then by position, then by totals.

The template (23 rows in 2019, 25 in 2021) is decided by the table itself: the three
sub-rows of （六）其他处理 exist only in the 2021 format, whatever the year or table 二 say.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import (
    Cell,
    CellStatus,
    Finding,
    Method,
    Provenance,
    RequestRowData,
    RequestsTable,
    Severity,
)

from .. import formats
from ..formats import REQUEST_ROWS
from .blocks import Document
from .labelcheck import best_match, label_finding
from .labels import REQUEST_PATTERNS, Hit, find_hits, present_markers
from .reading import TOKEN, Reader, RowRead
from .split import row_total_ok

ORPHAN = "?"
KINDS = ["count"] * 7
MAX_COMBOS = 4096


@dataclass
class Outcome:
    table: RequestsTable
    findings: list[Finding] = field(default_factory=list)


def restamp(cells: list[Cell], method: Method, note: str = "") -> list[Cell]:
    result = []
    for cell in cells:
        prov = cell.provenance or Provenance("")
        joined = "；".join(filter(None, [prov.note, note]))
        result.append(cell.with_provenance(Provenance(prov.locator, prov.snippet, method, joined)))
    return result


def detect_format(norm: str, start: int, end: int) -> str | None:
    """Scored over the registered formats' table 三 markers (the sub-rows of （六）其他处理
    exist only in the 2021 format, whatever the year or table 二 say); None: no format fits."""
    detected = formats.detect(present_markers(norm, start, end, "requests"), "requests")
    return detected if detected in REQUEST_ROWS else None


def _unrecognised(fallback: str) -> Finding:
    message = _(
        "未识别的格式：表三不符合任何已登记的报告格式，暂按 %(format)s 读取，请对照原文核实。"
    )
    name = formats.get(fallback).name
    return Finding("format_unrecognised", message % {"format": name}, Severity.WARNING, "requests")


def _reads_from_hits(reader: Reader, hits: list[Hit], fmt: str, strict: bool) -> list[RowRead]:
    reads = []
    hits = list(hits) if strict else _rows_broken_over_pages(reader, hits)
    for i, hit in enumerate(hits):
        key = hit.key
        if hit.kind == "group" or (hit.kind == "six" and not _has_row(fmt, "r_other")):
            continue
        if hit.kind == "six":
            key = "r_other"
        next_start = hits[i + 1].start if i + 1 < len(hits) else reader.end
        read = reader.read(
            Hit(hit.start, hit.end, key, hit.kind), next_start, KINDS, row_total_ok, strict
        )
        if read is not None:
            reads.append(read)
    return reads


def _has_row(fmt: str, row_id: str) -> bool:
    """（六）其他处理 is one row ("r_other") in some formats, a group of sub-rows in others."""
    return any(r.id == row_id for r in REQUEST_ROWS[fmt])


def _rows_broken_over_pages(reader: Reader, hits: list[Hit]) -> list[Hit]:
    """A row cut by a page break can leave its seven values on the page before its label,
    right after the previous row's seven: that row then shows 14 values, the next none. Each
    half adding up to its own total confirms the cut; the next row then reads the second half
    (its hit moved back to where its values are printed)."""
    width = len(KINDS)
    result = list(hits)
    rows = [i for i, h in enumerate(result) if h.kind != "group"]  # group labels hold no values
    for this, nxt, after in zip(rows, rows[1:], [*rows[2:], None], strict=False):
        hit, following = result[this], result[nxt]
        end = result[after].start if after is not None else reader.end
        tokens = reader.tokens(hit.end, following.start)
        if (
            len(tokens) != 2 * width
            or reader.tokens(following.end, end)
            or not all(
                row_total_ok([t for t, _p in half]) for half in (tokens[:width], tokens[width:])
            )
        ):
            continue
        cut = tokens[width][1]
        result[nxt] = Hit(cut, cut, following.key, following.kind, cut)
        for i in range(this + 1, nxt):  # a group label between them no longer ends the row
            result[i] = Hit(cut, cut, result[i].key, result[i].kind, cut)
    return result


def _orphans(reader: Reader, hits: list[Hit], fmt: str) -> list[RowRead]:
    """Rows of numbers whose label was lost (broken Markdown, cut PDF rows)."""
    hit_blocks = {reader.doc.where(h.start)[0] for h in hits}
    canon = {r.id: r.label for r in REQUEST_ROWS[fmt]}
    reads = []
    for b_index in reader.row_blocks():
        block = reader.doc.blocks[b_index]
        if b_index in hit_blocks or reader.numeric_cells(b_index) < 5:
            continue
        cells = reader.row_cells(b_index, 0, len(block.cells), KINDS)
        words = "".join(c for c in block.cells if c.strip() and not TOKEN.fullmatch(c.strip()))
        key = best_match(words, canon) if words else None
        pos = reader.doc.cell_start(b_index, 0)
        reads.append(
            RowRead(
                key or ORPHAN,
                pos,
                [cells],
                words or None,
                block.locator,
                Method.CELL,
                snippet=reader.row_text(b_index),
            )
        )
    return reads


def _assign(reads: list[RowRead], fmt: str, findings: list[Finding]) -> dict[str, RowRead]:
    ids = [r.id for r in REQUEST_ROWS[fmt]]
    assigned: dict[str, RowRead] = {}
    cursor = 0
    for read in sorted(reads, key=lambda r: r.pos):
        if read.key == ORPHAN:
            while cursor < len(ids) and ids[cursor] in assigned:
                cursor += 1
            if cursor >= len(ids):
                continue
            read.key = ids[cursor]
            read.options = [restamp(o, Method.POSITION) for o in read.options]
            read.method = Method.POSITION
            findings.append(_position_finding(fmt, read))
        if read.key not in ids:
            continue
        if read.key in assigned and not (_empty(assigned[read.key]) and not _empty(read)):
            continue  # the first occurrence wins, unless it carried nothing (a header's 总计)
        if read.key in assigned:
            findings[:] = [f for f in findings if f not in assigned[read.key].findings]
        assigned[read.key] = read
        cursor = ids.index(read.key) + 1
    return assigned


def _empty(read: RowRead) -> bool:
    return all(c.status is CellStatus.UNREADABLE for o in read.options for c in o)


def _position_finding(fmt: str, read: RowRead) -> Finding:
    label = next(r.label for r in REQUEST_ROWS[fmt] if r.id == read.key)
    message = _("%(where)s的一行数字没有行标签，按其在表中的位置归入“%(label)s”。")
    text = message % {"where": read.locator, "label": label}
    return Finding("row_by_position", text, Severity.INFO, "requests", read.key, None, read.locator)


def _values(cells: list[Cell]) -> list[int | None]:
    return [c.value if c.is_number and isinstance(c.value, int) else None for c in cells]


def _failures(rows: dict[str, list[Cell]], fmt: str) -> int:
    """How many column equations (一+二=七+四, 七=Σ结果) fail, counting only decidable ones."""
    outcome = [r.id for r in REQUEST_ROWS[fmt] if r.outcome]
    table = {k: _values(v) for k, v in rows.items()}
    failures = 0
    for col in range(7):

        def get(key: str, col: int = col) -> int | None:
            return table[key][col] if key in table else None

        balance = [get(k) for k in ("new_received", "carried_over", "r_total", "carry_next")]
        if None not in balance:
            failures += balance[0] + balance[1] != balance[2] + balance[3]  # type: ignore[operator]
        parts = [get(k) for k in outcome]
        total = get("r_total")
        if total is not None and None not in parts:
            failures += sum(parts) != total  # type: ignore[arg-type]
    return failures


def _resolve(assigned: dict[str, RowRead], fmt: str, findings: list[Finding]) -> None:
    """Choose among ambiguous digit splits with the column equations of the whole table."""
    ambiguous = [k for k, r in assigned.items() if not r.settled]
    if not ambiguous:
        return
    fixed = {k: r.options[0] for k, r in assigned.items() if r.settled}
    combos = list(itertools.islice(
        itertools.product(*(assigned[k].options for k in ambiguous)), MAX_COMBOS + 1
    ))  # fmt: skip
    scored = []
    if len(combos) <= MAX_COMBOS:
        scored = [
            (_failures({**fixed, **dict(zip(ambiguous, c, strict=True))}, fmt), c) for c in combos
        ]
    best = min((s for s, _c in scored), default=None)
    winners = [c for s, c in scored if s == best]
    for index, key in enumerate(ambiguous):
        read = assigned[key]
        options = [w[index] for w in winners] or read.options
        if all(o == options[0] for o in options):
            read.options = [restamp(options[0], Method.SPLIT_COLUMNS)]
            findings.append(_split_finding(read, "settled", options[0]))
        else:
            read.options = [_merge(options)]
            findings.append(_split_finding(read, "ambiguous", options[0], options))


def _merge(options: list[list[Cell]]) -> list[Cell]:
    """Cells on which all remaining splits agree; the others are unreadable."""
    merged = []
    for cells in zip(*options, strict=True):
        same = all(c.value == cells[0].value and c.status == cells[0].status for c in cells)
        prov = cells[0].provenance
        merged.append(cells[0] if same else Cell.unreadable(prov))
    return merged


def _split_finding(
    read: RowRead, how: str, chosen: list[Cell], options: list[list[Cell]] | None = None
) -> Finding:
    shown = " | ".join(c.display() for c in chosen)
    if how == "settled":
        message = _(
            "“%(label)s”的数字连在一起，拆分有多种可能，已由各列的合计关系确定为 %(split)s。"
        )
        severity = Severity.INFO
    else:
        message = _(
            "“%(label)s”的数字连在一起，拆分仍有歧义（候选：%(split)s），无法确定的单元格记为无法读取。"
        )
        shown = "；".join(" | ".join(c.display() for c in o) for o in (options or [])[:4])
        severity = Severity.WARNING
    label = (read.label or read.key).strip()[:30]
    text = message % {"label": label, "split": shown}
    return Finding(f"split_{how}", text, severity, "requests", read.key, None, read.locator)


# words only the table's header has: a "label" containing one is the header printed again
# after a page break (its 总计 is not the （七）总计 row), and values never follow it
_HEADER_AGAIN = re.compile(r"申请人情况|勾稽关系|法人或其他组织")


def read_requests(doc: Document, start: int, end: int, fallback: str | None = None) -> Outcome:
    """Table 三 in the format its markers show; when they fit no registered format, in
    `fallback` (the year's format) with a 未识别的格式 warning, never silently."""
    hits = [
        h
        for h in find_hits(doc.norm, start, end, REQUEST_PATTERNS)
        if not _HEADER_AGAIN.search(doc.norm, h.start, h.end)
    ]
    detected = detect_format(doc.norm, start, end)
    fmt = detected or fallback or formats.buildable()[-1].id
    reader = Reader(doc, start, end, "requests")
    strict = reader.is_row_mode()
    reads = _reads_from_hits(reader, hits, fmt, strict)
    if strict:
        reads += _orphans(reader, hits, fmt)
    findings: list[Finding] = [f for r in reads for f in r.findings]
    if detected is None:
        findings.append(_unrecognised(fmt))
    assigned = _assign(reads, fmt, findings)
    _resolve(assigned, fmt, findings)
    rows = []
    for row in REQUEST_ROWS[fmt]:
        read = assigned.get(row.id)
        if read is None:
            findings.append(_missing_finding(row.id, row.label))
            rows.append(RequestRowData(row.id, tuple([Cell.unreadable()] * 7)))
            continue
        rows.append(RequestRowData(row.id, tuple(read.options[0]), _printed(read), read.source()))
        if read.label and read.options[0] and read.options[0][0].provenance:
            method = read.options[0][0].provenance.method
            if method is Method.CELL:
                finding = label_finding(read.label, row.label, "requests", row.id, read.locator)
                findings.extend([finding] if finding else [])
    return Outcome(RequestsTable(fmt, rows), findings)


def _printed(read: RowRead) -> str | None:
    return " ".join(read.label.split()) if read.label else None


def _missing_finding(row_id: str, label: str) -> Finding:
    message = _("表三未找到“%(label)s”这一行，其单元格记为无法读取。") % {"label": label}
    return Finding("row_missing", message, Severity.WARNING, "requests", row_id)
