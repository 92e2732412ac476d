"""HTML (UTF-8 or GBK, fragments or whole crawled pages) reduced to blocks.

Tables become rows of physical cells: colspan and rowspan are *not* expanded, because
published reports use different colspans in header and data rows (pub-004), and because
values are read from the end of a row, where row-spanning labels do not interfere. Text in
a cell is joined without separators: Word exports split labels over many spans and
paragraphs ('总' + '计'), and Chinese needs no spaces.
"""

from __future__ import annotations

import re

import lxml.etree
from django.utils.translation import gettext as _

from .base import MalformedDocument
from .blocks import Block, Document
from .decode import decode

_DROP = {"script", "style", "noscript", "iframe", "head", "template", "svg", "object", "select"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "pre", "header", "footer", "main", "center", "dd", "dt", "form", "caption",
    "ucapcontent", "body", "html", "tbody", "thead",
}  # fmt: skip
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_WS = re.compile(r"[ \t\r\n\u00a0\u3000]+")
# What lxml.html's text_content() does, on plain elements: lxml.html's own element classes
# cost a Python lookup for every node visited.
_STRING = lxml.etree.XPath("string()", smart_strings=False)
# What makes a cell's text differ from string(): subtrees dropped, <sup> marked, and nodes
# that are not elements (whose text the walk keeps and string() does not). The HTML parser
# gives lower-case tag names, so the C-level tag filter sees every one of them.
_SPECIAL = (*_DROP, "sup", lxml.etree.PI, lxml.etree.Comment, lxml.etree.Entity)
_CELL_TAGS = {"td", "th"}
_BREAKS = _BLOCK_TAGS | {"table", "tr", "td", "th", "br"}  # text before and after is apart


def _tag(el: lxml.etree._Element) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _plain(el: lxml.etree._Element) -> bool:
    """Nothing under `el` to drop or mark: its text is every text node joined, in C."""
    return next(el.iter(*_SPECIAL), None) is None


def _joined_text(el: lxml.etree._Element) -> str:
    text: str = lxml.etree.tostring(el, method="text", encoding=str, with_tail=False)
    return _WS.sub(" ", text).strip()


def cell_text(el: lxml.etree._Element, plain: bool | None = None) -> str:
    """Text of a cell: spans and paragraphs joined, <sup> kept as a visible marker.
    `plain`: the caller already knows whether `_plain(el)` holds (for a whole table)."""
    if plain or (plain is None and _plain(el)):
        return _joined_text(el)  # what the walk below gives, without a Python call per node
    parts: list[str] = []

    def walk(node: lxml.etree._Element) -> None:
        tag = _tag(node)
        if tag in _DROP:
            return
        if tag == "sup":
            parts.append(f"<sup>{_STRING(node)}</sup>")
        else:
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")
            return
        parts.append("")

    walk(el)
    return _WS.sub(" ", "".join(parts)).strip()


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.table_count = 0

    def flush(self) -> None:
        if not self.buffer:
            return
        text = _WS.sub(" ", "".join(self.buffer)).strip()
        self.buffer.clear()  # the same list: `walk` holds its append
        if text:
            self.blocks.append(Block("para", [text], f"第 {len(self.blocks) + 1} 段"))

    def walk(self, node: lxml.etree._Element) -> None:
        tag = node.tag
        if not isinstance(tag, str):
            return
        tag = tag.lower()
        if tag in _DROP:
            return
        if tag == "table" and next(node.iterdescendants("table"), None) is None:
            self.flush()
            self.table(node)
            return
        block = tag in _BREAKS
        if block:
            self.flush()
        append = self.buffer.append
        append(node.text or "")
        for child in node:
            self.walk(child)
            append(child.tail or "")
        if block and tag != "br":
            self.flush()

    def table(self, node: lxml.etree._Element) -> None:
        self.table_count += 1
        plain = True if _plain(node) else None  # else: asked again for each cell
        for r_index, tr in enumerate(node.xpath(".//tr"), start=1):
            cells = [cell_text(td, plain) for td in tr if _tag(td) in _CELL_TAGS]
            if cells:
                locator = f"表格 {self.table_count} 第 {r_index} 行"
                self.blocks.append(Block("row" if len(cells) > 1 else "para", cells, locator))


def html_document(data: bytes) -> Document:
    text, encoding = decode(data, html=True)
    text = _XML_DECL.sub("", text)
    try:
        parser = lxml.etree.HTMLParser(recover=True, no_network=True, remove_comments=True)
        root = lxml.etree.fromstring(text, parser)
        if root is None:  # as lxml.html.document_fromstring
            raise lxml.etree.ParserError("Document is empty")
    except (lxml.etree.ParserError, ValueError) as exc:
        raise MalformedDocument(_("网页无法解析：%(error)s") % {"error": exc}) from exc
    titles = root.xpath("//title")
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    title = _STRING(titles[0]).strip() if titles else None
    return Document(walker.blocks, "html", encoding, title)
