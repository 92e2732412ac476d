"""A letter's DOCX and PDF, rendered by a background job after the letter is issued.

Rendering takes 0.5–4.5 s per letter, too long for a request: `issue_letter`
creates the letter row and takes its number in the request, then queues
`render_files` with the letter's content as issued (not rebuilt later from a
case that may have moved on). Until the job ends the letter's files are empty
and every download shows 生成中; a failed render is a failed job, visible and
retryable on the 后台任务 page, and the letter keeps its number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gongkai.core import audit, jobs
from gongkai.core.actors import Actor

from ..models import Application, Letter
from .build import LetterContent
from .render import render_docx, render_pdf


def is_ready(letter: Letter) -> bool:
    return bool(letter.docx) and bool(letter.pdf)


def queue_rendering(letter: Letter, content: LetterContent, actor: Actor) -> jobs.Job:
    """Queue the files of a just-issued letter (inside the issuing transaction)."""
    return jobs.enqueue(
        render_files,
        title=_("生成文书：%(title)s（%(number)s）")
        % {"title": content.title, "number": content.doc_number},
        owner=actor,
        scope=letter.application.agency.path,
        letter_id=letter.pk,
        content=content_data(content),
    )


def render_files(run: jobs.JobRun, letter_id: int, content: dict[str, Any]) -> dict[str, str]:
    """Job handler: render both files and store them on the letter."""
    letter = Letter.objects.select_related("application").get(pk=letter_id)
    issued = content_from_data(content)
    run.progress(0, 2, _("正在生成 Word 文件"))
    docx = render_docx(issued)
    run.progress(1, 2, _("正在生成 PDF 文件"))
    pdf = render_pdf(issued)
    Letter.objects.filter(pk=letter.pk).update(docx=docx, pdf=pdf)
    run.progress(2, 2, _("文书已生成"))
    url = reverse("office:case", args=[letter.application_id])
    return {"url": url, "label": _("查看案件")}


def content_data(content: LetterContent) -> dict[str, Any]:
    data = dataclasses.asdict(content)
    data["issued_on"] = content.issued_on.isoformat()
    return data


def content_from_data(data: dict[str, Any]) -> LetterContent:
    fields = {f.name: f for f in dataclasses.fields(LetterContent)}
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in fields
    }
    values["issued_on"] = dt.date.fromisoformat(data["issued_on"])
    return LetterContent(**values)


def pending_response(letter: Letter) -> HttpResponse:
    """What a download shows while the files are being rendered: 生成中, refreshing itself."""
    html = render_to_string("letters/pending.html", {"title": letter.title})
    response = HttpResponse(html, status=202)
    response["Retry-After"] = "3"
    response["Cache-Control"] = "no-store"
    return response


TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def download_response(
    app: Application,
    letter: Letter,
    fmt: str,
    *,
    actor: Any,
    ip: str | None,
    channel: str,
    inline: bool = False,
) -> HttpResponse:
    """The letter's file for every entry point (office, staff API, tracking page, public
    API): 生成中 while it is rendered, else the file, never cached. A letter names the
    applicant, so every download is audited: who (None: the applicant with number and code),
    from where, through which channel."""
    if not is_ready(letter):
        return pending_response(letter)
    audit.record(
        actor, "personal_data.downloaded", app.number, ip=ip,
        file="letter", id=letter.pk, kind=letter.get_kind_display(), channel=channel,
    )  # fmt: skip
    response = HttpResponse(file_bytes(letter, fmt), content_type=TYPES[fmt])
    name = f"{app.number}-{letter.title}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(not inline, name) or ""
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_bytes(letter: Letter, fmt: str) -> bytes:
    """The letter's file as downloaded: as issued, or for a voided letter stamped 作废
    (with the reason and date) so no copy of it can pass for a letter in force."""
    data = bytes(letter.pdf if fmt == "pdf" else letter.docx)
    if not letter.voided:
        return data
    return (
        _void_pdf(data, void_note(letter)) if fmt == "pdf" else _void_docx(data, void_note(letter))
    )


def void_note(letter: Letter) -> str:
    assert letter.voided_at is not None
    return _("作废（%(on)s，理由：%(reason)s）") % {
        "on": timezone.localtime(letter.voided_at).strftime("%Y-%m-%d"),
        "reason": letter.void_reason,
    }


def _void_pdf(data: bytes, note: str) -> bytes:
    """Every page overlaid with a red 作废 and the note (WeasyPrint draws, pypdf merges)."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    html = render_to_string("letters/void_stamp.html", {"note": note})
    stamp = PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages[0]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        page.merge_page(stamp)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _void_docx(data: bytes, note: str) -> bytes:
    """A red 作废 line first in the document and in every page header."""
    from docx import Document
    from docx.shared import Pt, RGBColor

    doc = Document(io.BytesIO(data))
    first = doc.paragraphs[0].insert_paragraph_before() if doc.paragraphs else doc.add_paragraph()
    for paragraph in [first] + [s.header.add_paragraph() for s in doc.sections]:
        run = paragraph.add_run(note)
        run.bold = True
        run.font.size = Pt(16)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
