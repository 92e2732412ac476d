"""The form-independent intermediate: a document as paragraphs and table rows.

Every input form (HTML, DOCX, PDF, the many shapes of text) is reduced to a list of blocks.
The blocks are then laid out as one string in which cells are separated by U+001F and rows
end with U+001E, so labels can be found by regular expressions across all forms while each
offset still leads back to its block and cell (provenance).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from .normalize import looks_traditional, normalize

CELL_SEP = "\x1f"
ROW_END = "\x1e"


@dataclass
class Block:
    kind: str  # "para" | "row"
    cells: list[str]
    locator: str  # "第 12 行", "表格 2 第 5 行", "第 4 页 表格 1 第 3 行"

    @property
    def is_row(self) -> bool:
        return self.kind == "row" and len(self.cells) > 1


@dataclass
class Document:
    blocks: list[Block]
    form: str
    encoding: str | None = None
    title_hint: str | None = None  # <title>, PDF metadata …
    _starts: list[int] = field(default_factory=list, repr=False)
    _where: list[tuple[int, int]] = field(default_factory=list, repr=False)
    _first: list[int] = field(default_factory=list, repr=False)  # block → its first cell's entry

    @cached_property
    def text(self) -> str:
        parts: list[str] = []
        starts, where, first = self._starts, self._where, self._first
        offset = 0
        for b_index, block in enumerate(self.blocks):
            first.append(len(starts))
            for c_index, cell in enumerate(block.cells):
                starts.append(offset)
                where.append((b_index, c_index))
                offset += len(cell) + 1  # its separator, or the row end that replaces it
            joined = CELL_SEP.join(block.cells)
            tail = ROW_END + "\n" if block.kind == "row" else "\n"
            parts.append(joined + tail)
            offset += len(tail) - (1 if block.cells else 0)
        return "".join(parts)

    @cached_property
    def traditional(self) -> bool:
        return looks_traditional(self.text)

    @cached_property
    def norm(self) -> str:
        """Normalised twin of `text` (same length): half-width, simplified."""
        return normalize(self.text, self.traditional)

    def where(self, offset: int) -> tuple[int, int]:
        """(block index, cell index) holding the character at `offset`."""
        _ = self.text
        i = max(bisect.bisect_right(self._starts, offset) - 1, 0)
        return self._where[i] if self._where else (0, 0)

    def cell_start(self, block_index: int, cell_index: int) -> int:
        _ = self.text
        if block_index >= 0 and 0 <= cell_index < len(self.blocks[block_index].cells):
            return self._starts[self._first[block_index] + cell_index]
        i = bisect.bisect_left(self._where, (block_index, cell_index))
        return self._starts[i]

    def locate(self, offset: int) -> str:
        b_index, c_index = self.where(offset)
        block = self.blocks[b_index]
        if block.is_row:
            return f"{block.locator} 第 {c_index + 1} 格"
        return block.locator

    def block_span(self, block_index: int) -> tuple[int, int]:
        start = self.cell_start(block_index, 0)
        block = self.blocks[block_index]
        return start, start + sum(len(c) for c in block.cells) + len(block.cells) - 1


def paragraphs(lines: list[str], locator: str = "第 {n} 行") -> list[Block]:
    return [Block("para", [line], locator.format(n=i + 1)) for i, line in enumerate(lines)]
