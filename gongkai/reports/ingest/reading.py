"""Reading the values that follow a row label, in whatever shape the source keeps them.

*Row mode*: the label sits in a table row; its values are the row's remaining cells, counted
from the end (row-spanning labels and stray fragments shift the start, never the end).
*Stream mode*: cell boundaries are gone (web scrapes, flattened text, PDF text); the values
are the numbers between this label and the next one. Run-together digits are split by
`split`, constrained by an equation the caller supplies (the row's own total).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from gongkai.applications.reportmodel.model import (
    Cell,
    CellStatus,
    Finding,
    Method,
    Provenance,
    Severity,
)

from .blocks import Document
from .cells import parse_cell
from .labels import Hit
from .split import candidates

TOKEN = re.compile(
    r"/|(?:(?<![.,])-[ \t]?(?=\d))?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[ \t]*(?:万元|元))?"
)  # a sign before a number (本年增/减 -8), also where flattened text glued it to the count
# before it ('214-85630' is 214 | -8… ); thousands separators (1,234)
_NOISE = re.compile(
    r"<sup>.*?</sup>|注[ \t]*\d+|\((?:其中|含)[^()]*\)|-[ \t]*\d{1,3}[ \t]*-(?=\s|$)|第[ \t]*\d+[ \t]*页",
    re.S,
)
MAX_OPTIONS = 64
_PEEK = 8
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")

Accept = Callable[[list[str]], bool]


@dataclass
class RowRead:
    """The values read for one row; several options when a split stays ambiguous."""

    key: str
    pos: int
    options: list[list[Cell]]
    label: str | None = None
    locator: str = ""
    method: Method = Method.CELL
    findings: list[Finding] = field(default_factory=list)
    snippet: str = ""  # the source text of the whole row

    def source(self) -> Provenance:
        return Provenance(self.locator, self.snippet, self.method)

    @property
    def settled(self) -> bool:
        return len(self.options) == 1


def _blank_like(cell: Cell) -> bool:
    return cell.status is CellStatus.BLANK


class Reader:
    def __init__(self, doc: Document, start: int, end: int, table: str) -> None:
        self.doc, self.start, self.end, self.table = doc, start, end, table
        self._numeric: dict[int, int] = {}  # block → numeric_cells, asked several times

    # -- shape of the region ---------------------------------------------------------

    def row_blocks(self) -> list[int]:
        first, _c = self.doc.where(self.start)
        last, _c = self.doc.where(max(self.end - 1, self.start))
        return [b for b in range(first, last + 1) if self.doc.blocks[b].is_row]

    def numeric_cells(self, b_index: int) -> int:
        count = self._numeric.get(b_index)
        if count is None:
            cells = self.doc.blocks[b_index].cells
            count = self._numeric[b_index] = sum(
                1 for c in cells if TOKEN.fullmatch(c.strip() or "x")
            )
        return count

    def is_row_mode(self, min_rows: int = 3) -> bool:
        return sum(1 for b in self.row_blocks() if self.numeric_cells(b) >= 2) >= min_rows

    # -- row mode ----------------------------------------------------------------------

    def cell(self, b_index: int, c_index: int, kind: str = "count") -> Cell:
        doc = self.doc
        block = doc.blocks[b_index]
        text = block.cells[c_index]
        start = doc.cell_start(b_index, c_index)
        norm = doc.norm[start : start + len(text)]
        locator = f"{block.locator} 第 {c_index + 1} 格"
        return parse_cell(norm, locator, text, Method.CELL, keep_unit=kind in ("amount", "fee"))

    def row_text(self, b_index: int) -> str:
        return " | ".join(c.strip() for c in self.doc.blocks[b_index].cells)[:300]

    def span_text(self, start: int, end: int) -> str:
        return " ".join(self.doc.text[start:end].split())[:300]

    def is_blank(self, b_index: int, c_index: int) -> bool:
        return not _SPACE.sub("", self.doc.blocks[b_index].cells[c_index])

    def row_cells(self, b_index: int, c_from: int, c_to: int, kinds: list[str]) -> list[Cell]:
        """The last len(kinds) cells of cells[c_from:c_to], empty padding trimmed."""
        indices = list(range(c_from, c_to))
        texts = self.doc.blocks[b_index].cells
        blanks = [not _SPACE.sub("", texts[i]) for i in indices]  # is_blank, for each
        while len(indices) > len(kinds) and blanks[-1]:
            indices.pop(), blanks.pop()
        while len(indices) > len(kinds) and blanks[0]:
            indices.pop(0), blanks.pop(0)
        indices = indices[-len(kinds) :]
        cells = [
            self.cell(b_index, i, k) for i, k in zip(indices, kinds[-len(indices) :], strict=False)
        ]
        missing = len(kinds) - len(cells)
        return [Cell.unreadable()] * missing + cells

    def label_text(self, hit: Hit) -> str:
        b_index, c_index = self.doc.where(hit.start)
        block = self.doc.blocks[b_index]
        if block.is_row:
            return block.cells[c_index]
        return self.doc.text[hit.start : hit.end]

    # -- stream mode -------------------------------------------------------------------

    def tokens(self, start: int, end: int) -> list[tuple[str, int]]:
        # noise is found a little beyond `end`: a label that begins right after a page footer
        # can be widened back over its '页', leaving '第 1' behind as a stray number
        span = _NOISE.sub(lambda m: " " * len(m.group(0)), self.doc.norm[start : end + _PEEK])
        return [
            (m.group(0).replace(" ", "").replace("\t", ""), start + m.start())
            for m in TOKEN.finditer(span, 0, end - start)
        ]

    def stream_cells(
        self, tokens: list[tuple[str, int]], kinds: list[str], method: Method
    ) -> list[Cell]:
        return [
            parse_cell(
                text,
                self.doc.locate(pos),
                self.doc.text[pos : pos + len(text)],
                method,
                kind in ("amount", "fee"),
            )
            for (text, pos), kind in zip(tokens, kinds, strict=False)
        ]

    def split_options(
        self, tokens: list[tuple[str, int]], kinds: list[str], accept: Accept, span: tuple[int, int]
    ) -> list[list[Cell]] | None:
        found = candidates([t for t, _p in tokens], len(kinds), accept, MAX_OPTIONS)
        if not found:
            return None
        locator = self.doc.locate(span[0])
        snippet = self.doc.text[span[0] : span[1]].strip()
        return [
            [
                parse_cell(part, locator, snippet, Method.SPLIT_TOTAL, kind in ("amount", "fee"))
                for part, kind in zip(parts, kinds, strict=True)
            ]
            for parts in found
        ]

    # -- one hit -----------------------------------------------------------------------

    def read(
        self, hit: Hit, next_start: int, kinds: list[str], accept: Accept, strict: bool
    ) -> RowRead | None:
        """Values for `hit`; None when the hit is a loose label without values.

        `strict` (row-mode regions): a label outside a table row counts only when exactly the
        expected number of values follows it, so detached labels of broken Markdown are
        ignored and their rows are placed by position instead.
        """
        b_index, c_index = self.doc.where(hit.start)
        block = self.doc.blocks[b_index]
        # label_text(hit), with the cell already located
        label = block.cells[c_index] if block.is_row else self.doc.text[hit.start : hit.end]
        if block.is_row:
            nb, nc = self.doc.where(next_start)
            c_to = nc if nb == b_index and next_start < self.end else len(block.cells)
            if c_to <= c_index + 1:
                return None
            cells = self.row_cells(b_index, c_index + 1, c_to, kinds)
            return RowRead(
                hit.key,
                hit.start,
                [cells],
                label,
                block.locator,
                Method.CELL,
                snippet=self.row_text(b_index),
            )
        return self.read_stream(hit, next_start, kinds, accept, strict, label)

    def next_row_start(self, offset: int, limit: int) -> int:
        """Where the next table row begins (its values belong to that row), or `limit`."""
        b_index, _c = self.doc.where(offset)
        for nb in range(b_index + 1, len(self.doc.blocks)):
            start = self.doc.cell_start(nb, 0)
            if start >= limit:
                break
            if self.doc.blocks[nb].is_row:
                return start
        return limit

    def read_stream(
        self, hit: Hit, next_start: int, kinds: list[str], accept: Accept, strict: bool, label: str
    ) -> RowRead | None:
        end = self.next_row_start(hit.start, next_start) if strict else next_start
        tokens = self.tokens(hit.end, end)
        locator = self.doc.locate(hit.start)
        n = len(kinds)
        if strict and len(tokens) != n:
            return None
        snippet = self.span_text(hit.start, end)
        if len(tokens) == n:
            cells = self.stream_cells(tokens, kinds, Method.STREAM)
            return RowRead(
                hit.key, hit.start, [cells], label, locator, Method.STREAM, snippet=snippet
            )
        if len(tokens) == 1 and tokens[0][0] == "/":
            cell = self.stream_cells(tokens, ["count"], Method.STREAM)[0]
            return RowRead(
                hit.key, hit.start, [[cell] * n], label, locator, Method.STREAM, snippet=snippet
            )
        if not tokens:
            return self.unreadable(hit, n, label, locator, "empty", snippet=snippet)
        if len(tokens) < n:
            options = self.split_options(tokens, kinds, accept, (hit.end, end))
            if options:
                return RowRead(
                    hit.key, hit.start, options, label, locator, Method.SPLIT_TOTAL, snippet=snippet
                )
        return self.unreadable(hit, n, label, locator, "count", len(tokens), snippet)

    def unreadable(
        self,
        hit: Hit,
        n: int,
        label: str,
        locator: str,
        why: str,
        count: int = 0,
        snippet: str = "",
    ) -> RowRead:
        from django.utils.translation import gettext as _

        if why == "empty":
            message = _(
                "“%(label)s”后没有任何数值（网页抓取可能丢弃了空单元格），本行记为无法读取。"
            )
        else:
            message = _(
                "“%(label)s”后有 %(count)s 个数值，应为 %(n)s 个，且无法确定各数值所属的列，本行记为无法读取。"
            )
        text = message % {"label": label.strip()[:40], "count": count, "n": n}
        finding = Finding(
            "row_unreadable", text, Severity.WARNING, self.table, hit.key, None, locator
        )
        cells = [Cell.unreadable(Provenance(locator, label.strip()[:200], Method.STREAM, text))] * n
        return RowRead(
            hit.key, hit.start, [cells], label, locator, Method.STREAM, [finding], snippet
        )


def blank_count(cells: list[Cell]) -> int:
    return sum(1 for c in cells if _blank_like(c))
