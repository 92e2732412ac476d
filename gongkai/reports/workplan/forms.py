"""Office forms of the work plans; the services validate again and own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.catalog.models import Item
from gongkai.core.forms import ChineseForm, DateInput, MultipleFileField
from gongkai.core.limits import DOCUMENT_UPLOAD, LongTextField, help_text

from .models import TaskStatus


class PlanForm(ChineseForm):
    agency = forms.ModelChoiceField(Agency.objects.none(), label=_("印发机关"))
    year = forms.IntegerField(label=_("年度"), min_value=2019)
    title = forms.CharField(label=_("标题"), max_length=200)
    doc_no = forms.CharField(label=_("文号"), max_length=60, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class TaskForm(ChineseForm):
    section = forms.CharField(label=_("所属部分"), max_length=100, required=False)
    title = forms.CharField(label=_("任务"), max_length=200)
    detail = LongTextField(label=_("任务内容"), rows=3)
    due_on = forms.DateField(label=_("完成时限"), widget=DateInput())
    evidence = forms.CharField(label=_("应提供的佐证材料"), max_length=300, required=False)
    agencies = forms.ModelMultipleChoiceField(
        Agency.objects.none(), label=_("责任单位"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]


class ReportForm(ChineseForm):
    status = forms.ChoiceField(
        label=_("进展"),
        choices=[
            (TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS.label),
            (TaskStatus.DONE, TaskStatus.DONE.label),
        ],
    )
    text = LongTextField(label=_("落实情况"), rows=5, required=True)
    link = forms.URLField(label=_("佐证链接"), required=False, assume_scheme="https")
    items = forms.ModelMultipleChoiceField(
        Item.objects.none(),
        label=_("佐证：本单位公开目录条目"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    evidence_files = MultipleFileField(
        label=_("佐证文件"),
        required=False,
        help_text=help_text(DOCUMENT_UPLOAD, _("可多选。")),
        accept=DOCUMENT_UPLOAD.accept,
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items  # type: ignore[attr-defined]
