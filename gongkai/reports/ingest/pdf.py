"""PDF reduced to blocks: pdfplumber's ruled tables in reading order with the text around
them, and a text-only fallback for PDFs whose tables have no ruling lines.

Tables that run across a page break simply continue in the next page's blocks; a group label
cut in two ('（四）无' / '法提供') does not matter because values are tied to sub-row labels.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from .base import MalformedDocument
from .blocks import Block, Document

MAX_PAGES = 300


def _open(data: bytes):  # type: ignore[no-untyped-def]
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many exception types
        raise MalformedDocument(_("PDF 文件无法打开（已损坏、不完整或已加密）。")) from exc


def _inside(line: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    mid_x = (line["x0"] + line["x1"]) / 2
    mid_y = (line["top"] + line["bottom"]) / 2
    return any(x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in boxes)


def _page_blocks(page, number: int, with_tables: bool) -> list[Block]:  # type: ignore[no-untyped-def]
    items: list[tuple[float, list[Block]]] = []
    boxes = []
    if with_tables:
        for t_index, table in enumerate(page.find_tables(), start=1):
            boxes.append(table.bbox)
            rows = []
            for r_index, row in enumerate(table.extract(), start=1):
                cells = [c if c is not None else "" for c in row if c is not None]
                locator = f"第 {number} 页 表格 {t_index} 第 {r_index} 行"
                rows.append(Block("row" if len(cells) > 1 else "para", cells or [""], locator))
            items.append((table.bbox[1], rows))
    for line in page.extract_text_lines(return_chars=False):
        if line["text"].strip() and not _inside(line, boxes):
            items.append((line["top"], [Block("para", [line["text"]], f"第 {number} 页")]))
    items.sort(key=lambda item: item[0])
    return [block for _top, blocks in items for block in blocks]


def pdf_document(data: bytes, with_tables: bool = True) -> Document:
    with _open(data) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise MalformedDocument(
                _("PDF 页数过多（超过 %(n)s 页），不像年度报告。") % {"n": MAX_PAGES}
            )
        blocks: list[Block] = []
        try:
            for number, page in enumerate(pdf.pages, start=1):
                blocks.extend(_page_blocks(page, number, with_tables))
        except MalformedDocument:
            raise
        except Exception as exc:  # damaged content streams
            raise MalformedDocument(_("PDF 内容无法读取：%(error)s") % {"error": exc}) from exc
        title = (pdf.metadata or {}).get("Title")
    return Document(
        blocks, "pdf" if with_tables else "pdf-text", None, str(title) if title else None
    )
