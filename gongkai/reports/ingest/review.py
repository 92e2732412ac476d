"""Table 四 (行政复议、行政诉讼): one row of fifteen numbers under a three-row header."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import (
    Cell,
    Finding,
    Method,
    Provenance,
    ReviewTable,
    Severity,
)

from ..formats import REVIEW_GROUPS
from .blocks import Document
from .labels import REVIEW_HEADER
from .reading import TOKEN, Reader
from .requests import _merge
from .split import review_groups_ok

KINDS = ["count"] * 15


def _value_rows(reader: Reader) -> list[int]:
    """The rows holding the fifteen values: normally one; when the table is split over rows
    (行政复议 in one, 行政诉讼 in the next), the consecutive value rows that give fifteen."""
    rows = list(_value_row_iter(reader))
    if not rows:
        return []
    count = 0
    for n, b_index in enumerate(rows):
        count += len(_trimmed(reader, b_index))
        if count >= 15:
            return rows[: n + 1] if count == 15 and n > 0 else rows[:1]
    return rows[:1]


def _trimmed(reader: Reader, b_index: int) -> list[int]:
    """Cell indices of a value row without empty padding at either end."""
    indices = list(range(len(reader.doc.blocks[b_index].cells)))
    while indices and reader.is_blank(b_index, indices[-1]):
        indices.pop()
    while indices and reader.is_blank(b_index, indices[0]):
        indices.pop(0)
    return indices


def _value_row_iter(reader: Reader) -> Iterator[int]:
    """Table rows made only of values (numbers, "/", blanks) with a number in it."""
    for b_index in reader.row_blocks():
        cells = [c.strip() for c in reader.doc.blocks[b_index].cells]
        start = reader.doc.cell_start(b_index, 0)
        norm = reader.doc.norm[start : start + sum(len(c) + 1 for c in cells)]
        if REVIEW_HEADER.search(norm) or len(cells) < 5:
            continue
        if all(not c or TOKEN.fullmatch(c.replace(" ", "")) for c in cells) and any(cells):
            yield b_index


def _header_end(reader: Reader) -> int:
    """Where the table's header ends: after the longest run of header words with no number
    between them. Figures in a sentence before the table ('被申请行政复议33件') are skipped."""
    norm = reader.doc.norm
    best, best_end = 0, reader.start
    run, last_end = 0, None
    for match in REVIEW_HEADER.finditer(norm, reader.start, reader.end):
        between = norm[last_end : match.start()] if last_end is not None else ""
        run = (
            run + 1
            if last_end is not None
            and not reader.tokens(last_end, match.start())
            and len(between) < 40
            else 1
        )
        last_end = match.end()
        if run > best:
            best, best_end = run, match.end()
    return best_end if best >= 3 else reader.start


def _from_tokens(reader: Reader, findings: list[Finding]) -> list[Cell]:
    tokens = reader.tokens(_header_end(reader), reader.end)
    if not tokens:
        tokens = reader.tokens(reader.start, reader.end)
    locator = reader.doc.locate(tokens[0][1]) if tokens else reader.doc.locate(reader.start)
    if len(tokens) >= 15:
        if len(tokens) > 15:
            message = _("表四附近有 %(n)s 个数值，取紧随表头的 15 个。") % {"n": len(tokens)}
            findings.append(
                Finding(
                    "review_extra_values", message, Severity.INFO, "review", None, None, locator
                )
            )
        return reader.stream_cells(tokens[:15], KINDS, Method.STREAM)
    digits = "".join(text for text, _pos in tokens)
    if digits.isdigit() and len(digits) == 15:
        return _digit_by_digit(reader, tokens, findings, locator)
    options = (
        reader.split_options(tokens, KINDS, review_groups_ok, (reader.start, reader.end))
        if tokens
        else None
    )
    if not options:
        message = _("表四的 15 个数值无法读取（找到 %(n)s 个）。") % {"n": len(tokens)}
        findings.append(
            Finding("row_unreadable", message, Severity.WARNING, "review", None, None, locator)
        )
        return [Cell.unreadable()] * 15
    if len(options) == 1:
        return options[0]
    message = _("表四的数字连在一起，拆分仍有歧义，无法确定的单元格记为无法读取。")
    findings.append(
        Finding("split_ambiguous", message, Severity.WARNING, "review", None, None, locator)
    )
    return _merge(options)


def _digit_by_digit(
    reader: Reader, tokens: list[tuple[str, int]], findings: list[Finding], locator: str
) -> list[Cell]:
    """Fifteen digits for fifteen cells: each digit is a cell, whatever the totals say.

    The split is the only one possible, so a total that does not add up is the report's own
    error, for the audit to report, not a reason to read the row another way."""
    snippet = reader.span_text(tokens[0][1], tokens[-1][1] + len(tokens[-1][0]))
    prov = Provenance(locator, snippet, Method.SPLIT_DIGITS)
    message = _("表四的 15 个数字连在一起，恰好 15 位，逐位读作 15 个单元格。")
    findings.append(Finding("split_digits", message, Severity.INFO, "review", None, None, locator))
    return [Cell.number(int(d), d, provenance=prov) for text, _pos in tokens for d in text]


def read_review(doc: Document, start: int, end: int) -> tuple[ReviewTable | None, list[Finding]]:
    """Table 四, or None when the region holds no value at all."""
    reader = Reader(doc, start, end, "review")
    findings: list[Finding] = []
    rows = _value_rows(reader)
    b_index = rows[0] if rows else None
    if len(rows) > 1:
        cells = [reader.cell(b, i) for b in rows for i in _trimmed(reader, b)]
    elif b_index is not None:
        cells = reader.row_cells(b_index, 0, len(doc.blocks[b_index].cells), KINDS)
    elif not reader.tokens(start, end):
        return None, []
    else:
        cells = _from_tokens(reader, findings)
    groups = {g.id: tuple(cells[i * 5 : i * 5 + 5]) for i, g in enumerate(REVIEW_GROUPS)}
    if b_index is not None:
        text = " / ".join(reader.row_text(b) for b in rows)
        source = Provenance(doc.blocks[b_index].locator, text, Method.CELL)
    else:
        first = next((c.provenance for c in cells if c.provenance), None)
        where = first.locator if first else doc.locate(start)
        source = Provenance(where, reader.span_text(start, end), Method.STREAM)
    return ReviewTable(groups, source), findings
