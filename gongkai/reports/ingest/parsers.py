"""The registered parsers, one per input form, and `parse_bytes` — the single entry point."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import AnnualReport, Cell, CellStatus

from .base import (
    IngestError,
    MalformedDocument,
    Source,
    UnsupportedDocument,
    check_size,
    parser_for,
    register,
)
from .blocks import Document
from .decode import decode
from .docx import docx_document
from .html import html_document
from .interpret import interpret
from .ocr import mark_read_by_ocr, needs_ocr, ocr_document, read_pages
from .pdf import pdf_document
from .text import text_blocks

log = logging.getLogger(__name__)

_HTML_EXT = {"html", "htm", "shtml", "xhtml", "jsp", "asp", "aspx", "php"}
_TEXT_EXT = {"txt", "text", "md", "markdown", "tsv", "csv"}
_HTML_MARKERS = (b"<html", b"<!doctype html", b"<table", b"<p", b"<div", b"<body", b"<span", b"<td")
_OLD_WORD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class HtmlParser:
    name = "html"

    def score(self, source: Source) -> int:
        head = source.data[:4096].lower()
        if source.extension in _HTML_EXT:
            return 90
        return 60 if any(m in head for m in _HTML_MARKERS) and b"\x00" not in head else 0

    def parse(self, source: Source) -> AnnualReport:
        return interpret(html_document(source.data), source)


class DocxParser:
    name = "docx"

    def score(self, source: Source) -> int:
        if not source.data.startswith(b"PK\x03\x04"):
            return 0
        return 95 if source.extension == "docx" else 70

    def parse(self, source: Source) -> AnnualReport:
        return interpret(docx_document(source.data), source)


def readable_cells(report: AnnualReport) -> int:
    tables: list[list[Cell]] = [
        list(r.cells) for r in (report.requests.rows if report.requests else [])
    ]
    tables += [list(cells) for cells in (report.review.groups.values() if report.review else [])]
    tables += [
        list(r.cells.values()) for r in (report.active.rows.values() if report.active else [])
    ]
    return sum(1 for cells in tables for c in cells if c.status is not CellStatus.UNREADABLE)


class PdfParser:
    name = "pdf"

    def score(self, source: Source) -> int:
        return 95 if b"%PDF-" in source.data[:1024] else 0

    def parse(self, source: Source) -> AnnualReport:
        """Ruled tables first; the text layer when that reads more cells (borderless tables);
        a scan (no text layer) by OCR."""
        if needs_ocr(source.data):
            return self.parse_scan(source)
        report = interpret(pdf_document(source.data, with_tables=True), source)
        if report.requests is not None and readable_cells(report) >= 23 * 7:
            return report
        fallback = interpret(pdf_document(source.data, with_tables=False), source)
        return fallback if readable_cells(fallback) > readable_cells(report) else report

    def parse_scan(self, source: Source) -> AnnualReport:
        """The OCR'd lines as table rows, and as plain lines; whichever reads more cells."""
        pages = read_pages(source.data)
        best: AnnualReport | None = None
        failure: IngestError | None = None
        for as_rows in (True, False):
            doc, confidence = ocr_document(pages, as_rows)
            try:
                report = interpret(doc, source)
            except IngestError as exc:
                failure = failure or exc
                continue
            mark_read_by_ocr(report, confidence)
            if best is None or readable_cells(report) > readable_cells(best):
                best = report
        if best is None:
            assert failure is not None
            raise failure
        return best


class TextParser:
    name = "text"

    def score(self, source: Source) -> int:
        head = source.data[:4096]
        if head.startswith(_OLD_WORD) or head.startswith(b"PK\x03\x04") or head.startswith(b"%PDF"):
            return 0
        if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return 0
        return 50 if source.extension in _TEXT_EXT else 10

    def parse(self, source: Source) -> AnnualReport:
        text, encoding = decode(source.data)
        blocks, form = text_blocks(text)
        return interpret(Document(blocks, form, encoding), source)


for _parser in (HtmlParser(), DocxParser(), PdfParser(), TextParser()):
    register(_parser)


def parse_bytes(data: bytes, filename: str | None = None) -> AnnualReport:
    """Parse one document. Every failure is an `IngestError` with a message for the user."""
    source = Source(data, filename)
    check_size(source)
    if data.startswith(_OLD_WORD):
        raise UnsupportedDocument(
            _("旧版 Word（.doc）或 Excel 文件无法读取：请另存为 .docx 后再上传。")
        )
    parser = parser_for(source)
    try:
        return parser.parse(source)
    except IngestError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise MalformedDocument(_("文件结构过深或过大，无法解析。")) from exc
    except Exception as exc:  # a bug must still end in a clear, typed error
        log.exception("unexpected failure parsing %s", filename)
        message = _("解析时发生内部错误（%(kind)s），请将该文件反馈给维护人员。")
        raise MalformedDocument(message % {"kind": type(exc).__name__}) from exc
