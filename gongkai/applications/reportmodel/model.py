"""The annual report as data: one dataclass family for parsed and for built reports.

A published report parsed by `reports.ingest` and a report built from gongkai's own records
land in the same `AnnualReport`, so one audit serves both (STYLE.md, habit 5). Every table
cell says what it is — a number, a printed "/", a blank, or unreadable — and where it came
from. Blank is never turned into 0: that distinction decides whether a check is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .formats import (
    ACTIVE_ROWS,
    REQUEST_COLUMNS,
    REQUEST_ROWS,
    REVIEW_GROUPS,
    REVIEW_PARTS,
    Format,
)


class CellStatus(StrEnum):
    NUMBER = "number"
    SLASH = "slash"  # printed "/": the reporter's "not applicable", neither 0 nor blank
    BLANK = "blank"  # printed empty (&nbsp;, <o:p> </o:p>, spaces)
    UNREADABLE = "unreadable"  # lost or ambiguous in this source


class Method(StrEnum):
    """How a value was obtained — shown beside every cell in the back office."""

    CELL = "cell"  # read from its own table cell
    STREAM = "stream"  # read from text after its row label (cell boundaries absent)
    POSITION = "position"  # row label lost: assigned by the row's position in the table
    SPLIT_TOTAL = "split_total"  # run-together digits split by the row's own total
    SPLIT_COLUMNS = "split_columns"  # ... and settled by the table's column totals
    SPLIT_PRIOR = "split_prior"  # ... settled only by plausibility: verify by hand
    SPLIT_CONTEXT = "split_context"  # ... settled by the narrative or last year's report
    SPLIT_DIGITS = "split_digits"  # ... as many digits as cells: one digit each, the only split
    BUILDER = "builder"  # computed from gongkai's own case records


@dataclass(frozen=True)
class Provenance:
    locator: str  # where in the source: "表格 2 第 5 行 第 3 格", "第 120 行", "第 4 页 …"
    snippet: str = ""  # the source text the value was read from
    method: Method = Method.CELL
    note: str = ""  # dropped footnote, sub-count, reason for a split
    ocr_confidence: float | None = None  # read from a scan by OCR: the recogniser's confidence


@dataclass(frozen=True)
class Cell:
    status: CellStatus
    value: int | Decimal | None = None
    unit: str | None = None  # "元" / "万元" when printed beside an amount
    text: str = ""  # the number as printed (sign, digits, decimals), without its unit
    provenance: Provenance | None = None

    @classmethod
    def number(
        cls, value: int | Decimal, text: str = "", unit: str | None = None, **kw: Any
    ) -> Cell:
        return cls(CellStatus.NUMBER, value, unit, text or str(value), kw.get("provenance"))

    @classmethod
    def blank(cls, provenance: Provenance | None = None) -> Cell:
        return cls(CellStatus.BLANK, provenance=provenance)

    @classmethod
    def slash(cls, provenance: Provenance | None = None) -> Cell:
        return cls(CellStatus.SLASH, text="/", provenance=provenance)

    @classmethod
    def unreadable(cls, provenance: Provenance | None = None) -> Cell:
        return cls(CellStatus.UNREADABLE, provenance=provenance)

    @property
    def is_number(self) -> bool:
        return self.status is CellStatus.NUMBER

    def with_provenance(self, provenance: Provenance) -> Cell:
        return Cell(self.status, self.value, self.unit, self.text, provenance)

    def read_by_ocr(self, confidence: float) -> Cell:
        prov = self.provenance or Provenance("")
        return self.with_provenance(replace(prov, ocr_confidence=confidence))

    def display(self) -> str:
        """How the cell reads in a table: the number, "/", "" or "?"."""
        if self.status is CellStatus.NUMBER:
            return f"{self.text}{self.unit or ''}"
        return {"slash": "/", "blank": "", "unreadable": "?"}[self.status.value]


@dataclass
class ActiveRowData:
    row_id: str
    cells: dict[str, Cell]  # column id -> cell
    printed_label: str | None = None
    source: Provenance | None = None  # the whole source row: where, and its text
    # run-together digits that could not be split: every split still possible, as printed
    candidates: list[list[str]] = field(default_factory=list)


@dataclass
class ActiveTable:
    """Table 二 (主动公开政府信息情况), in the template it was printed in."""

    format: str  # a registered format id (formats.get)
    rows: dict[str, ActiveRowData] = field(default_factory=dict)

    def cell(self, row_id: str, column_id: str) -> Cell:
        row = self.rows.get(row_id)
        return row.cells.get(column_id, Cell.unreadable()) if row else Cell.unreadable()

    def template(self) -> tuple:
        return ACTIVE_ROWS[self.format]


@dataclass
class RequestRowData:
    row_id: str
    cells: tuple[Cell, ...]  # seven cells in REQUEST_COLUMNS order
    printed_label: str | None = None
    source: Provenance | None = None  # the whole source row: where, and its text


@dataclass
class RequestsTable:
    """Table 三 (收到和处理政府信息公开申请情况); 23 rows in 2019, 25 in 2021."""

    format: str  # a registered format id (formats.get)
    rows: list[RequestRowData] = field(default_factory=list)

    def by_id(self) -> dict[str, RequestRowData]:
        return {r.row_id: r for r in self.rows}

    def row(self, row_id: str) -> RequestRowData:
        return next(r for r in self.rows if r.row_id == row_id)

    def has_row(self, row_id: str) -> bool:
        return any(r.row_id == row_id for r in self.rows)

    def template(self) -> tuple:
        return REQUEST_ROWS[self.format]

    @staticmethod
    def columns() -> tuple:
        return REQUEST_COLUMNS

    def value(self, row_id: str, column_id: str = "total") -> int | Decimal | None:
        """The number in a cell (None when it is not a number)."""
        return self.values(row_id)[column_id]

    def values(self, row_id: str) -> dict[str, int | Decimal | None]:
        """{column id: number} of one row."""
        cells = self.row(row_id).cells
        return {c.id: (cell.value if cell.is_number else None)
                for c, cell in zip(self.columns(), cells, strict=False)}  # fmt: skip

    def imbalances(self) -> list[str]:
        """Columns where 一 + 二 ≠ 三(七)总计 + 四 (empty when consistent or incomplete)."""
        out = []
        for column in self.columns():
            left = [self.value(r, column.id) for r in ("new_received", "carried_over")]
            right = [self.value(r, column.id) for r in ("r_total", "carry_next")]
            if None in left or None in right:
                continue
            if sum(left) != sum(right):  # type: ignore[arg-type]
                out.append(f"{column.id}: {sum(left)} ≠ {sum(right)}")  # type: ignore[arg-type]
        return out


@dataclass
class ReviewTable:
    """Table 四: three groups of five cells (维持, 纠正, 其他, 尚未审结, 总计)."""

    groups: dict[str, tuple[Cell, ...]] = field(default_factory=dict)
    source: Provenance | None = None  # the source row of fifteen numbers

    @staticmethod
    def group_ids() -> list[str]:
        return [g.id for g in REVIEW_GROUPS]

    def value(self, column_id: str) -> int | Decimal | None:
        """The number in a cell by its report-formats.json id, e.g. "lit_after_pending"."""
        for group in REVIEW_GROUPS:
            prefix = f"{group.id}_"
            if column_id.startswith(prefix):
                parts = [p.id for p in REVIEW_PARTS]
                cell = self.groups[group.id][parts.index(column_id.removeprefix(prefix))]
                return cell.value if cell.is_number else None
        raise KeyError(column_id)


@dataclass
class Section:
    number: str | None  # as printed: "一", "五" …
    title: str  # as printed
    key: int | None  # index into formats.SECTION_TITLES when recognised
    text: str = ""


@dataclass(frozen=True)
class Figure:
    """A figure stated in prose (pre-2019 narrative reports)."""

    value: int | Decimal
    unit: str | None
    phrase: str  # exact substring of the source, as printed
    qualifier: str | None = None
    locator: str = ""


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    """Something the parser noticed: a label typo, an ambiguous split, a lost row …"""

    code: str
    message: str
    severity: Severity = Severity.INFO
    table: str | None = None  # "active" | "requests" | "review" | None
    row: str | None = None
    column: str | None = None
    locator: str = ""


@dataclass(frozen=True)
class SourceInfo:
    filename: str | None
    form: str  # html | docx | pdf | pdf-text | text-markdown | text-tsv | text-docx | text-web …
    size: int = 0
    sha256: str = ""
    encoding: str | None = None


@dataclass
class AnnualReport:
    agency: str | None = None
    year: int | None = None
    format: str | None = None  # a registered format id, "hybrid", or None: 未识别
    active: ActiveTable | None = None
    requests: RequestsTable | None = None
    review: ReviewTable | None = None
    sections: list[Section] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)  # name -> Figure | {name: Figure}
    findings: list[Finding] = field(default_factory=list)
    source: SourceInfo | None = None

    def map_cells(self, change: Callable[[Cell], Cell]) -> None:
        """Replace every cell of the three tables by `change(cell)` (cells are frozen)."""
        for arow in self.active.rows.values() if self.active else ():
            arow.cells = {col: change(cell) for col, cell in arow.cells.items()}
        for rrow in self.requests.rows if self.requests else ():
            rrow.cells = tuple(change(cell) for cell in rrow.cells)
        if self.review:
            self.review.groups = {
                g: tuple(change(cell) for cell in cells) for g, cells in self.review.groups.items()
            }

    def overall_format(self) -> str | None:
        """2019 / 2021 when the tables agree, hybrid when they don't."""
        formats = {t.format for t in (self.active, self.requests) if t is not None}
        if not formats:
            return self.format
        return formats.pop() if len(formats) == 1 else Format.HYBRID
