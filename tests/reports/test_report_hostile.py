"""Malformed, truncated, hostile and huge input: a clear typed error, within a time bound."""

from __future__ import annotations

import contextlib
import time

import pytest
from reportcorpus import require_corpus, source_path

from gongkai.reports.ingest import (
    DocumentTooLarge,
    IngestError,
    IngestTimeout,
    MalformedDocument,
    NotAnAnnualReport,
    UnsupportedDocument,
    parse_bytes,
)
from gongkai.reports.ingest.base import MAX_BYTES
from gongkai.reports.ingest.guard import parse_guarded


def test_empty_file() -> None:
    with pytest.raises(MalformedDocument, match="为空"):
        parse_bytes(b"", "empty.txt")


def test_huge_file_is_refused_unread() -> None:
    with pytest.raises(DocumentTooLarge, match="过大"):
        parse_bytes(b"a" * (MAX_BYTES + 1), "huge.txt")


def test_binary_garbage_is_not_a_supported_document() -> None:
    with pytest.raises(UnsupportedDocument):
        parse_bytes(bytes(range(256)) * 40, "blob.bin")


def test_old_word_format_gets_advice() -> None:
    with pytest.raises(UnsupportedDocument, match=r"\.docx"):
        parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc")


def test_text_that_is_no_report() -> None:
    with pytest.raises(NotAnAnnualReport, match="未识别"):
        parse_bytes("今天天气很好。\n明天也不错。".encode(), "note.txt")


def test_truncated_pdf() -> None:
    require_corpus()
    data = source_path("pub-003").read_bytes()
    try:
        report = parse_bytes(data[: len(data) // 3], "cut.pdf")
    except IngestError as exc:
        assert str(exc)  # a message for the user
    else:  # pdfminer may recover the first pages: then the lost tables are said to be lost
        assert report.requests is None or any(f.code == "row_missing" for f in report.findings)


def test_pdf_header_without_a_pdf() -> None:
    with pytest.raises(MalformedDocument, match="PDF"):
        parse_bytes(b"%PDF-1.7\n" + b"garbage " * 100, "fake.pdf")


def test_deeply_nested_html_ends_cleanly() -> None:
    html = "<div>" * 50000 + "2019年某局政府信息公开工作年度报告" + "</div>" * 50000
    started = time.monotonic()
    with contextlib.suppress(IngestError):
        parse_bytes(html.encode(), "deep.html")
    assert time.monotonic() - started < 20


def test_a_table_of_a_million_digits_ends_within_the_budget() -> None:
    text = (
        "某局2021年政府信息公开工作年度报告\n本年新收政府信息公开申请数量"
        + "1" * 200_000
        + "\n上年结转"
        + "2" * 5000
    )
    started = time.monotonic()
    try:
        report = parse_bytes(text.encode(), "digits.txt")
        assert report.requests is not None
    except IngestError:
        pass
    assert time.monotonic() - started < 10


def test_guarded_parse_stops_a_document_that_overruns(monkeypatch: pytest.MonkeyPatch) -> None:
    import gongkai.reports.ingest.guard as guard

    def slow(data: bytes, filename: str | None = None):  # type: ignore[no-untyped-def]
        time.sleep(30)

    monkeypatch.setattr(guard, "parse_bytes", slow)
    started = time.monotonic()
    with pytest.raises(IngestTimeout, match="超时"):
        parse_guarded(b"anything", "slow.txt", timeout=0.5)
    assert time.monotonic() - started < 5


def test_guarded_parse_returns_the_report_and_keeps_error_types() -> None:
    require_corpus()
    report = parse_guarded(source_path("seed-001").read_bytes(), "source.txt", timeout=30)
    assert report.requests is not None and report.agency == "苏州市人民政府办公室"
    with pytest.raises(NotAnAnnualReport):
        parse_guarded("只是一段话。".encode(), "x.txt", timeout=30)


def test_a_reused_worker_is_replaced_after_an_overrun(monkeypatch: pytest.MonkeyPatch) -> None:
    """ingest_reports keeps one worker for the batch; a stuck document costs only itself."""
    require_corpus()
    import gongkai.reports.ingest.guard as guard

    real = guard.parse_bytes

    def sometimes_slow(data: bytes, filename: str | None = None):  # type: ignore[no-untyped-def]
        if filename == "slow.txt":
            time.sleep(30)
        return real(data, filename)

    monkeypatch.setattr(guard, "parse_bytes", sometimes_slow)
    data = source_path("seed-000").read_bytes()
    with guard.GuardedWorker(timeout=2) as worker:
        assert worker.parse(data, "a.txt").year == 2019
        first = worker.process.pid
        with pytest.raises(IngestTimeout):
            worker.parse(data, "slow.txt")
        assert worker.parse(data, "b.txt").year == 2019
        assert worker.process.pid != first


def test_a_pdf_without_a_text_layer_says_it_may_be_scanned() -> None:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(NotAnAnnualReport, match="扫描件"):
        parse_bytes(buffer.getvalue(), "scan.pdf")
