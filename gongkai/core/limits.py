"""Limits users meet — how long a text, how large and of what type a file — and the words
that state them, in one place, so a help text and the error it announces always agree.

Long texts are never cut: browsers silently truncate a paste at a ``maxlength`` attribute
(issue 9: "a 4,000-character limit that truncates silently"), so long-text fields carry no
``maxlength``; they are checked on the server with an error that names the field and the
count, and ``static/gongkai/charcount.js`` shows a live counter while typing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# 条例第二十九条 sets no length for the description of the information sought. 4,000
# characters is about three printed pages: room for a list of documents and their 文号,
# yet short enough to be quoted whole in the 答复告知书 and the 受理回执. The same bound
# serves every long free text staff or applicants write (补正内容, 意见内容, 答复理由).
LONG_TEXT_MAX = 4000

MB = 1024 * 1024


def char_count(text: str) -> int:
    """Characters as the applicant sees them: a line break counts once, though browsers
    submit it as CR LF (charcount.js counts the same way)."""
    return len(text.replace("\r\n", "\n"))


def too_long_message(label: StrOrPromise, count: int, limit: int = LONG_TEXT_MAX) -> str:
    """'申请内容描述不能超过4000字（现有4123字）。'"""
    return _("%(field)s不能超过%(limit)d字（现有%(count)d字）。") % {
        "field": label,
        "limit": limit,
        "count": count,
    }


@deconstructible
class LongTextValidator(MaxLengthValidator):
    """Refuses a text longer than ``limit`` characters, naming the field and the count.
    A MaxLengthValidator, so schema generators (drf-spectacular) show ``maxLength``."""

    code = "too_long"

    def __init__(self, label: StrOrPromise, limit: int = LONG_TEXT_MAX) -> None:
        super().__init__(limit)
        self.label, self.limit = label, limit

    def clean(self, x: Any) -> int:
        return char_count(x or "")

    def __call__(self, value: Any) -> None:
        count = self.clean(value)
        if count > self.limit:
            raise ValidationError(too_long_message(self.label, count, self.limit), code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LongTextValidator) and (self.label, self.limit) == (
            other.label,
            other.limit,
        )


def check_long_text(value: str, label: StrOrPromise, limit: int = LONG_TEXT_MAX) -> str:
    """The stripped text, or a ValidationError naming the field and the count."""
    value = (value or "").strip()
    LongTextValidator(label, limit)(value)
    return value


class LongTextField(forms.CharField):
    """A textarea with a visible limit: no ``maxlength`` (the browser would truncate a
    paste without a word), ``data-maxchars`` for the live counter, a server-side check."""

    def __init__(
        self, *, label: StrOrPromise, limit: int = LONG_TEXT_MAX, rows: int = 4, **kwargs: Any
    ) -> None:
        self.limit = limit
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        validators = [*kwargs.pop("validators", []), LongTextValidator(label, limit)]
        super().__init__(label=label, validators=validators, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs["data-maxchars"] = str(self.limit)
        # The counter's wording, translated with the page ({n}, {limit}, {over} filled in JS).
        attrs["data-count-text"] = gettext_lazy("已输入{n}字，最多{limit}字。")
        attrs["data-over-text"] = gettext_lazy(
            "已输入{n}字，超出上限{over}字（最多{limit}字），请删减。"
        )
        return attrs


# -- uploads -------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadRule:
    """What one upload field accepts. ``help_text`` and every error quote the same numbers."""

    max_bytes: int
    formats: tuple[str, ...]  # as users know them: "PDF", "JPG", "DOCX"
    max_files: int = 1

    @property
    def size_text(self) -> str:
        return f"{self.max_bytes // MB}MB"

    @property
    def formats_text(self) -> str:
        return "、".join(self.formats)

    @property
    def accept(self) -> str:
        """For ``<input type=file accept=…>``: a hint to the file picker, not a check."""
        exts = [f".{f.lower()}" for f in self.formats]
        if ".jpg" in exts:
            exts.insert(exts.index(".jpg") + 1, ".jpeg")
        return ",".join(exts)

    def wording(self) -> str:
        """'单个文件不超过10MB，支持PDF、JPG、PNG格式。'"""
        text = _("单个文件不超过%(size)s，支持%(formats)s格式") % {
            "size": self.size_text,
            "formats": self.formats_text,
        }
        if self.max_files > 1:
            text += _("，一次最多%(n)d个") % {"n": self.max_files}
        return text + "。"

    def too_large(self, name: str) -> str:
        return _("文件过大：%(name)s（单个文件不超过%(size)s）。") % {
            "name": name,
            "size": self.size_text,
        }

    def wrong_type(self, name: str) -> str:
        return _("不支持的文件类型：%(name)s（支持%(formats)s格式，扩展名须与内容一致）。") % {
            "name": name,
            "formats": self.formats_text,
        }

    def too_many(self) -> str:
        return _("每次最多上传%(n)d个文件。") % {"n": self.max_files}

    def check_size(self, name: str, size: int) -> None:
        if size > self.max_bytes:
            raise ValidationError(self.too_large(name), code="too_large")


def help_text(rule: UploadRule, before: StrOrPromise = "") -> StrOrPromise:
    """A lazy help text for a form field defined at import time (translated per request)."""
    return _lazy_wording(rule, before)


def _wording(rule: UploadRule, before: StrOrPromise = "") -> str:
    return f"{before}{rule.wording()}"


_lazy_wording = lazy(_wording, str)

# Case files (身份证明, 补正材料, proofs, scans): scans and photos, plus Word for staff.
CASE_UPLOAD = UploadRule(10 * MB, ("PDF", "JPG", "PNG", "DOCX"))
# An identity copy is a scan or a photo: no Word files.
IDENTITY_UPLOAD = UploadRule(10 * MB, ("PDF", "JPG", "PNG"))
# 网上补正: a handful of files per submission (MAX_FILES_PER_CASE bounds the case).
CORRECTION_UPLOAD = UploadRule(10 * MB, ("PDF", "JPG", "PNG", "DOCX"), max_files=5)
# Attachments of catalogue items and work-plan evidence: published documents, tables too.
DOCUMENT_UPLOAD = UploadRule(30 * MB, ("PDF", "DOCX", "XLSX", "JPG", "PNG"))
# A 政府公报 issue: its PDF edition only.
GAZETTE_UPLOAD = UploadRule(30 * MB, ("PDF",))
# A published annual report to check: a real one is < 10 MB; bigger is refused unread.
REPORT_UPLOAD = UploadRule(20 * MB, ("HTML", "DOCX", "PDF", "TXT", "MD", "TSV"))
# A province's reports in one ZIP (about 3,000 files of 10–100 KB), read by one job.
REPORT_BATCH_UPLOAD = UploadRule(500 * MB, ("ZIP",))
# What such a ZIP may unpack to, checked from its central directory before anything is read.
# Python's zipfile never returns more bytes for a member than its directory entry declares,
# so the declared sizes bound what the job will decompress: a ZIP bomb is refused up front.
# 3,000 reports of up to 100 KB are 300 MB; four times the ZIP limit leaves room for PDFs.
REPORT_BATCH_MAX_MEMBERS = 10_000
REPORT_BATCH_MAX_UNPACKED = 4 * REPORT_BATCH_UPLOAD.max_bytes
