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
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core import jobs
from gongkai.core.actors import Actor

from ..models import Letter
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
