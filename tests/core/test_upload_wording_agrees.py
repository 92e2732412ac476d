"""Issue 9: "upload messages that contradict each other". Every upload field's help text
and the error its check raises quote the same limit, taken from core.limits."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications import attachments as case_files
from gongkai.applications import forms as office
from gongkai.catalog import attachments as documents
from gongkai.catalog import forms as catalog_forms
from gongkai.core import limits
from gongkai.portal import forms as portal
from gongkai.portal.submission import check_correction_upload, check_identity_upload
from gongkai.reports import forms as report_forms
from gongkai.reports.workplan import forms as workplan_forms


class Huge(SimpleUploadedFile):
    """Says it is bigger than it is, so a limit can be met without writing 30 MB."""

    def __init__(self, name: str, size: int) -> None:
        super().__init__(name, b"%PDF-1.4 x")
        self.size = size


def _bytes(f: SimpleUploadedFile) -> bytes:
    """The catalogue's check takes bytes: a Huge file's claimed size made real."""
    data = f.read()
    return data + b"0" * (f.size - len(data))


def _message(check, *args) -> str:
    with pytest.raises(ValidationError) as caught:
        check(*args)
    return " ".join(caught.value.messages)


def test_the_wording_states_size_and_formats():
    assert limits.IDENTITY_UPLOAD.wording() == "单个文件不超过10MB，支持PDF、JPG、PNG格式。"
    assert limits.CORRECTION_UPLOAD.wording().endswith("一次最多5个。")


CASES = [
    (
        portal.ApplyForm.base_fields["identity_file"],
        limits.IDENTITY_UPLOAD,
        lambda f: check_identity_upload(f),
    ),
    (
        portal.CorrectionForm.base_fields["materials"],
        limits.CORRECTION_UPLOAD,
        lambda f: check_correction_upload(f),
    ),
    (
        office.RegisterForm.base_fields["identity_copy"],
        limits.IDENTITY_UPLOAD,
        lambda f: office.check_upload(f, limits.IDENTITY_UPLOAD),
    ),
    (
        office.AttachmentForm.base_fields["file"],
        limits.CASE_UPLOAD,
        lambda f: case_files.validate_upload(f),
    ),
    (
        catalog_forms.AttachmentForm.base_fields["file"],
        limits.DOCUMENT_UPLOAD,
        lambda f: documents.validate(f.name, _bytes(f)),
    ),
    (
        workplan_forms.ReportForm.base_fields["evidence_files"],
        limits.DOCUMENT_UPLOAD,
        lambda f: documents.validate(f.name, _bytes(f)),
    ),
]


@pytest.mark.parametrize("field, rule, check", CASES)
def test_help_text_and_size_error_quote_the_same_limit(field, rule, check):
    assert rule.size_text in str(field.help_text)
    assert rule.formats_text in str(field.help_text)
    error = _message(check, Huge("大文件.pdf", rule.max_bytes + 1))
    assert f"单个文件不超过{rule.size_text}" in error


@pytest.mark.parametrize("field, rule, check", CASES)
def test_help_text_and_type_error_name_the_same_formats(field, rule, check):
    error = _message(check, SimpleUploadedFile("程序.exe", b"MZ\x90\x00"))
    assert f"支持{rule.formats_text}格式" in error
    assert f"支持{rule.formats_text}格式" in str(field.help_text)


def test_the_report_upload_agrees_with_its_help_text():
    field = report_forms.UploadForm.base_fields["file"]
    rule = limits.REPORT_UPLOAD
    form = report_forms.UploadForm(files={"file": Huge("年报.pdf", rule.max_bytes + 1)})
    form.is_valid()
    assert rule.size_text in str(field.help_text)
    assert f"单个文件不超过{rule.size_text}" in " ".join(form.errors.get("file", []))


def test_the_upload_limit_is_no_longer_a_setting(settings):
    assert "UPLOAD_MAX_BYTES" not in settings.GONGKAI
