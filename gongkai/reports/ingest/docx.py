"""Word (DOCX) reduced to blocks, reading the XML directly for merged cells.

A horizontally merged cell (gridSpan) is one cell, as in HTML. A vertically merged cell
continues in the rows below as an empty <w:tc> with <w:vMerge/>; a printed "/" spanning rows
means "/" for each of them, anything else in a continuation is left empty (a label that
spans rows is only needed in its first row).
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

from .base import DocumentTooLarge, MalformedDocument
from .blocks import Block, Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNZIPPED = 200 * 1024 * 1024  # refuse zip bombs before python-docx inflates them
MAX_RATIO = 200


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
    except zipfile.BadZipFile as exc:
        raise MalformedDocument(_("Word 文件已损坏或不完整（不是有效的 DOCX 压缩包）。")) from exc
    if "word/document.xml" not in names:
        raise MalformedDocument(_("不是 Word（DOCX）文档：缺少 word/document.xml。"))
    unzipped = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unzipped > MAX_UNZIPPED or unzipped / packed > MAX_RATIO:
        raise DocumentTooLarge(_("Word 文件解压后过大，疑似压缩炸弹，已拒绝处理。"))


def _text(el) -> str:  # type: ignore[no-untyped-def]
    return "".join(t.text or "" for t in el.iter(W + "t", W + "tab", W + "br") if t.tag == W + "t")


def _paragraph_text(p) -> str:  # type: ignore[no-untyped-def]
    return _text(p).strip()


def _cell_text(tc) -> str:  # type: ignore[no-untyped-def]
    return "".join(_paragraph_text(p) for p in tc.iter(W + "p"))


def _is_continuation(tc) -> bool:  # type: ignore[no-untyped-def]
    vmerge = tc.find(f"{W}tcPr/{W}vMerge")
    return vmerge is not None and vmerge.get(W + "val") in (None, "continue")


def _table_rows(tbl, t_index: int) -> list[Block]:  # type: ignore[no-untyped-def]
    blocks: list[Block] = []
    above: dict[int, str] = {}  # grid column -> text of the cell that starts a vertical merge
    for r_index, tr in enumerate(tbl.findall(W + "tr"), start=1):
        cells, grid = [], 0
        for tc in tr.findall(W + "tc"):
            span_el = tc.find(f"{W}tcPr/{W}gridSpan")
            span = int(span_el.get(W + "val", "1")) if span_el is not None else 1
            if _is_continuation(tc):
                text = above.get(grid, "")
                text = text if text.strip() in {"/", "／"} else ""
            else:
                text = _cell_text(tc)
                above[grid] = text
            cells.append(text)
            grid += span
        locator = f"表格 {t_index} 第 {r_index} 行"
        blocks.append(Block("row" if len(cells) > 1 else "para", cells or [""], locator))
    return blocks


def _is_layout(tbl) -> bool:  # type: ignore[no-untyped-def]
    """A table whose cells hold tables of their own (a page laid out in a one-cell table)."""
    return any(tc.find(W + "tbl") is not None for tc in tbl.iter(W + "tc"))


def docx_document(data: bytes) -> Document:
    _check_zip(data)
    try:
        import docx  # python-docx

        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise MalformedDocument(_("Word 文件无法读取：%(error)s") % {"error": exc}) from exc
    blocks: list[Block] = []
    tables = 0

    def walk(parent) -> None:  # type: ignore[no-untyped-def]
        nonlocal tables
        for child in parent:
            if child.tag == W + "p":
                text = _paragraph_text(child)
                if text:
                    blocks.append(Block("para", [text], f"第 {len(blocks) + 1} 段"))
            elif child.tag == W + "tbl" and _is_layout(child):
                for tr in child.findall(W + "tr"):
                    for tc in tr.findall(W + "tc"):
                        walk(tc)  # a layout table: its cells hold paragraphs and tables
            elif child.tag == W + "tbl":
                tables += 1
                blocks.extend(_table_rows(child, tables))
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    walk(content)

    walk(body)
    return Document(blocks, "docx", None)
