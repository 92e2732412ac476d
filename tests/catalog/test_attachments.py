"""Attachments: checked by bytes, stored privately, text extracted by a job per page."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from gongkai.catalog import attachments, checks
from gongkai.core.models import Job


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx(rows: list[list[str]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pdf(pages: list[str]) -> bytes:
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-after: always">{p}</p>' for p in pages)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def test_docx_text_is_extracted_by_a_job_and_stored_privately(draft, clerk, settings):
    att = attachments.add_attachment(clerk, draft, "要点.docx", _docx("联系人电话13912345678"))
    att.refresh_from_db()
    assert att.extract_state == "done"
    assert "13912345678" in att.text
    job = Job.objects.get()
    assert job.state == "done" and job.done == job.total == 1
    path = Path(settings.PRIVATE_MEDIA_ROOT) / "catalog" / att.stored_name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    [found] = [f for f in checks.run_checks(draft) if f.check == "personal_data"]
    assert found.place == "附件《要点.docx》第1页第6字"


def test_xlsx_sheets_are_pages(draft, clerk):
    att = attachments.add_attachment(
        clerk, draft, "名单.xlsx", _xlsx([["姓名", "单位"], ["张三", "办公室"]])
    )
    att.refresh_from_db()
    assert att.pages == ["姓名\t单位\n张三\t办公室"]


def test_pdf_pages_are_kept_apart(draft, clerk):
    att = attachments.add_attachment(
        clerk, draft, "公告.pdf", _pdf(["第一页内容", "邮箱 a@example.com"])
    )
    att.refresh_from_db()
    assert len(att.pages) == 2
    [found] = [f for f in checks.run_checks(draft) if f.check == "personal_data"]
    assert found.page == 2


@pytest.mark.parametrize(
    ("name", "data"),
    [("a.pdf", b"not a pdf"), ("a.exe", b"MZ\x90\x00"), ("a.docx", b"%PDF-1.4 x"), ("a.pdf", b"")],
)
def test_bad_files_are_refused_and_nothing_is_stored(draft, clerk, name, data):
    with pytest.raises(ValidationError):
        attachments.add_attachment(clerk, draft, name, data)
    assert not draft.attachments.exists()


def test_other_agency_clerk_may_not_attach(draft, other_clerk):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        attachments.add_attachment(other_clerk, draft, "a.docx", _docx("x"))
