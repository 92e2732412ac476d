"""Attachments of catalogue items: checked by their bytes, stored privately, text extracted
by a background job (core.jobs) page by page, so checks can name the page of a finding and
search can find the words.

Parsers know nothing of the ORM: bytes in, list of page texts out, `ExtractError` on failure.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core import jobs
from gongkai.core.actors import Actor, signed_in
from gongkai.core.limits import DOCUMENT_UPLOAD
from gongkai.core.private_files import write_private
from gongkai.core.workflow import require

from . import search
from .models import Attachment, EventKind, ExtractState, Item, ItemEvent
from .services import edit_blocker

MAX_BYTES = DOCUMENT_UPLOAD.max_bytes
PDF, DOCX, XLSX = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
JPEG, PNG = "image/jpeg", "image/png"
EXTENSIONS = {
    PDF: {".pdf"},
    DOCX: {".docx"},
    XLSX: {".xlsx"},
    JPEG: {".jpg", ".jpeg"},
    PNG: {".png"},
}


class ExtractError(Exception):
    """A file whose text cannot be read; the message is Chinese."""


def sniff(data: bytes) -> str | None:
    """The content type by the file's own bytes (names lie)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


def validate(name: str, data: bytes) -> str:
    if not data:
        raise ValidationError(_("文件为空。"))
    DOCUMENT_UPLOAD.check_size(name, len(data))
    kind = sniff(data)
    if kind is None or Path(name).suffix.lower() not in EXTENSIONS[kind]:
        raise ValidationError(DOCUMENT_UPLOAD.wrong_type(name))
    return kind


def _folder() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "catalog"


@transaction.atomic
def add_attachment(actor: Actor, item: Item, name: str, data: bytes) -> Attachment:
    """Store a file of a draft privately and queue the extraction of its text."""
    perm.require(perm.can_draft_item(actor, item.agency))
    require(edit_blocker(item))
    att = store(actor, item, name, data)
    ItemEvent.objects.create(
        item=item, actor=signed_in(actor), kind=EventKind.ATTACHED, data={"name": att.name}
    )
    return att


def store(actor: Actor, item: Item, name: str, data: bytes, **extra: Any) -> Attachment:
    """Validate and store a file of `item` privately, and queue the extraction of its text.
    The caller has checked permission and state (a draft, or a correction: revisions.py)."""
    kind = validate(name, data)
    stored = secrets.token_hex(16) + sorted(EXTENSIONS[kind])[0]
    write_private(_folder() / stored, data)
    att = Attachment.objects.create(
        item=item,
        name=Path(name).name[:200],
        content_type=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        stored_name=stored,
        **extra,
    )
    jobs.enqueue(
        extract_text,
        title=_("提取附件文字：%(n)s") % {"n": att.name},
        owner=actor,
        scope=item.agency.path,
        attachment_id=att.pk,
    )
    return att


def read_bytes(att: Attachment) -> bytes:
    return (_folder() / att.stored_name).read_bytes()


def extract_text(run: Any, attachment_id: int) -> dict[str, str]:
    """Job handler: the attachment's text per page, with progress."""
    att = Attachment.all_objects.get(pk=attachment_id)  # a correction's file is not current yet
    try:
        pages = PARSERS[att.content_type](read_bytes(att), run.progress)
    except ExtractError as exc:
        Attachment.all_objects.filter(pk=att.pk).update(
            extract_state=ExtractState.FAILED, extract_error=str(exc)[:300]
        )
        raise
    with transaction.atomic():
        Attachment.all_objects.filter(pk=att.pk).update(
            pages=pages, extract_state=ExtractState.DONE
        )
        search.index_item(Item.objects.get(pk=att.item_id))  # a no-op unless published
    return {"label": _("已提取%(n)s页文字") % {"n": len(pages)}}


Progress = Callable[..., None]


def pdf_pages(data: bytes, progress: Progress) -> list[str]:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            out = []
            for i, page in enumerate(pdf.pages, start=1):
                out.append(page.extract_text() or "")
                progress(i, len(pdf.pages), _("第%(n)s页") % {"n": i})
            return out
    except Exception as exc:  # pdfminer raises many kinds; all mean "unreadable"
        raise ExtractError(_("PDF文件无法读取：%(e)s") % {"e": exc}) from exc


def docx_pages(data: bytes, progress: Progress) -> list[str]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ExtractError(_("Word文件无法读取：%(e)s") % {"e": exc}) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += ["\t".join(c.text for c in row.cells) for row in table.rows]
    progress(1, 1)
    return ["\n".join(lines)]


def xlsx_pages(data: bytes, progress: Progress) -> list[str]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ExtractError(_("Excel文件无法读取：%(e)s") % {"e": exc}) from exc
    out = []
    for i, sheet in enumerate(book.worksheets, start=1):
        rows = sheet.iter_rows(values_only=True)
        out.append("\n".join("\t".join("" if v is None else str(v) for v in r) for r in rows))
        progress(i, len(book.worksheets))
    return out


def image_pages(data: bytes, progress: Progress) -> list[str]:
    """OCR with the models inside the rapidocr wheel (nothing downloaded)."""
    try:
        from rapidocr_onnxruntime import RapidOCR

        result, _elapsed = RapidOCR()(data)
    except Exception as exc:
        raise ExtractError(_("图片文字识别失败：%(e)s") % {"e": exc}) from exc
    progress(1, 1)
    return ["\n".join(str(line[1]) for line in result or [])]


PARSERS: dict[str, Callable[[bytes, Progress], list[str]]] = {
    PDF: pdf_pages,
    DOCX: docx_pages,
    XLSX: xlsx_pages,
    JPEG: image_pages,
    PNG: image_pages,
}
