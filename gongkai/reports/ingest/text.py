"""Plain text in every shape seen in practice, reduced to blocks.

* markdown tables (`| a | b |`, separator lines dropped),
* tab-separated rows (a line with a tab between two cells),
* one cell per line, as text extracted from DOCX: tab-indented lines, a blank line between
  rows, tab-only lines for empty cells,
* everything else — headings, prose, web scrapes with one cell per paragraph, flattened text
  with run-together digits — is a paragraph per line; the interpreter reads those as a stream.
"""

from __future__ import annotations

import re

from .blocks import Block

_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PAGE_FOOTER = re.compile(r"^\s*(?:-\s*\d{1,3}\s*-|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)\s*$")


def _line_locator(n: int) -> str:
    return f"第 {n} 行"


def _markdown_cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return [c.strip() for c in body.split("|")]


def _is_docx_cell_line(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line[1:]


def text_blocks(text: str) -> tuple[list[Block], str]:
    """Blocks of a text document and the shape that dominated (for SourceInfo.form)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    shapes = {"markdown": 0, "tsv": 0, "docx": 0}
    i = 0
    while i < len(lines):
        line, n = lines[i], i + 1
        stripped = line.strip()
        if _is_docx_cell_line(line):
            j = i
            while j < len(lines) and _is_docx_cell_line(lines[j]):
                j += 1
            cells = [c.strip() for c in lines[i:j]]
            kind = "row" if len(cells) > 1 else "para"
            blocks.append(Block(kind, cells, f"第 {n}–{j} 行" if j - i > 1 else _line_locator(n)))
            shapes["docx"] += j - i > 1
            i = j
            continue
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if not _MD_SEPARATOR.match(stripped):
                blocks.append(Block("row", _markdown_cells(stripped), _line_locator(n)))
                shapes["markdown"] += 1
        elif "\t" in line.strip("\t") and len(line.split("\t")) > 1:
            blocks.append(Block("row", [c.strip() for c in line.split("\t")], _line_locator(n)))
            shapes["tsv"] += 1
        elif stripped and not _PAGE_FOOTER.match(stripped):
            blocks.append(Block("para", [stripped.lstrip("#").strip()], _line_locator(n)))
        i += 1
    shape = max(shapes, key=lambda k: shapes[k])
    return blocks, f"text-{shape}" if shapes[shape] >= 3 else "text"
