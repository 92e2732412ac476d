"""Upload form: a file or pasted text, checked by type and size before any parsing."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.core.forms import ChineseForm
from gongkai.core.limits import REPORT_BATCH_UPLOAD, REPORT_UPLOAD, help_text

from .batch import check_archive

ALLOWED_EXTENSIONS = {"html", "htm", "shtml", "docx", "pdf", "txt", "md", "tsv"}
MAX_PASTE_CHARS = 2 * 1024 * 1024


class UploadForm(ChineseForm):
    scope = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label=_("审查机关"),
        help_text=_("以哪个机关的主管部门或管理员身份审查；其上级也能看到结果。"),
    )
    file = forms.FileField(
        label=_("报告文件"),
        required=False,
        help_text=help_text(
            REPORT_UPLOAD,
            _("网页、Word、PDF 或纯文本；一批报告可打成 ZIP 压缩包一次上传，在后台逐份读取。"),
        ),
    )
    text = forms.CharField(
        label=_("或粘贴报告文字"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": _("可直接粘贴网页或 Word 中复制的报告正文与表格")}
        ),
    )

    def __init__(self, *args: Any, scopes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = scopes if scopes is not None else Agency.objects.none()  # type: ignore[attr-defined]
        if scopes is not None and scopes.count() == 1:
            self.fields["scope"].initial = scopes.first()

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension == "zip":
            REPORT_BATCH_UPLOAD.check_size(upload.name, upload.size)
            # From disk, where the upload handler streamed it; only the directory is read.
            path = getattr(upload, "temporary_file_path", None)
            check_archive(path() if path else upload)
            upload.seek(0)
            return upload
        if extension not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(REPORT_UPLOAD.wrong_type(upload.name))
        REPORT_UPLOAD.check_size(upload.name, upload.size)
        if upload.size == 0:
            raise forms.ValidationError(_("文件为空。"))
        return upload

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text", "")
        if len(text) > MAX_PASTE_CHARS:
            raise forms.ValidationError(_("粘贴的文字过长：请改为上传文件。"))
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "file" in self.errors:  # a file was chosen and refused: its own error says why
            return data
        if not data.get("file") and not data.get("text", "").strip():
            raise forms.ValidationError(_("请选择一个报告文件，或粘贴报告文字。"))
        if data.get("file") and data.get("text", "").strip():
            raise forms.ValidationError(_("请只提供一种：文件或粘贴的文字。"))
        return data

    def is_batch(self) -> bool:
        """A ZIP of many reports, read by one background job."""
        upload = self.cleaned_data.get("file")
        return upload is not None and upload.name.lower().endswith(".zip")

    def document(self) -> tuple[bytes, str]:
        """(bytes, filename) of what was submitted."""
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(), upload.name
        return self.cleaned_data["text"].encode("utf-8"), "粘贴的文字.txt"


class CompareForm(ChineseForm):
    METRICS: ClassVar[list[tuple[str, Any]]] = [
        ("new_received", _("本年新收申请")),
        ("carried_over", _("上年结转申请")),
        ("r_total", _("本年办理结果总计")),
        ("carry_next", _("结转下年度")),
        ("review", _("行政复议（总计）")),
        ("litigation", _("行政诉讼（总计）")),
        ("errors", _("差错数")),
    ]
    metric = forms.ChoiceField(label=_("指标"), choices=METRICS, required=False)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, years: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, str(y)) for y in years or [])]  # type: ignore[attr-defined]
