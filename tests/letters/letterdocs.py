"""Open an issued letter the way an applicant would: the DOCX in Word, the PDF in a reader."""

from __future__ import annotations

import io
import re


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for p in doc.paragraphs)


def pdf_text(data: bytes) -> str:
    """All pages' text with whitespace and the page numbers (— n —) removed, so a
    phrase broken over two lines or two pages still matches."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"—\d+—", "", re.sub(r"\s+", "", text))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)
