"""Forms of the catalogue's office pages: they validate input; services save it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.core.forms import ChineseForm, DateInput, DateTimeLocalInput
from gongkai.core.limits import DOCUMENT_UPLOAD, GAZETTE_UPLOAD, LongTextField, help_text

from . import taxonomy
from .models import Check, IndexCode, InterpretationForm, Item, Validity


def _blank(choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", "——"), *choices]


class ItemForm(ChineseForm):
    title = forms.CharField(label=_("名称"), max_length=300)
    doc_no = forms.CharField(
        label=_("文号"), max_length=100, required=False, help_text=_("如 太政办〔2019〕112号")
    )
    publisher = forms.CharField(label=_("发布机构"), max_length=200, required=False)
    written_on = forms.DateField(label=_("成文日期"), required=False, widget=DateInput())
    effective_on = forms.DateField(label=_("实施日期"), required=False, widget=DateInput())
    category = forms.ChoiceField(label=_("公开类别"))
    subject = forms.ChoiceField(label=_("主题分类"), required=False)
    genre = forms.ChoiceField(label=_("体裁分类"), required=False)
    keywords = forms.CharField(label=_("关键词"), max_length=200, required=False)
    summary = LongTextField(label=_("内容概述"), rows=3)
    body = forms.CharField(
        label=_("正文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("可粘贴带格式的文字；保存时会清除脚本与样式。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _blank(taxonomy.category_choices())  # type: ignore[attr-defined]
        self.fields["subject"].choices = _blank(taxonomy.subject_choices())  # type: ignore[attr-defined]
        self.fields["genre"].choices = _blank(taxonomy.genre_choices())  # type: ignore[attr-defined]


class NewItemForm(ItemForm):
    agency: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("机关"), queryset=Agency.objects.none()
    )
    field_order = ["agency"]

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class RevisionForm(ItemForm):
    """A correction of a published item: the item's fields, prefilled, and why they change."""

    reason = forms.CharField(
        label=_("更正理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：更正正文错别字；实施日期调整。审核通过后将显示更新日期。"),
    )
    remove_attachments = forms.TypedMultipleChoiceField(
        label=_("删除或替换的附件"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_file = forms.FileField(
        label=_("新附件"),
        required=False,
        help_text=_("PDF、DOCX、XLSX、JPG、PNG，30MB以内；更正生效后才在门户显示。"),
    )
    field_order = ["reason"]

    def __init__(self, *args: Any, item: Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        files = [(a.pk, a.name) for a in item.attachments.all()]
        self.fields["remove_attachments"].choices = files  # type: ignore[attr-defined]
        if not files:
            del self.fields["remove_attachments"]


class RevisionWithdrawForm(ChineseForm):
    reason = forms.CharField(label=_("撤销说明"), max_length=300, required=False)


class ReviewForm(ChineseForm):
    decision = forms.ChoiceField(
        label=_("审核意见"),
        choices=[("approve", _("通过")), ("reject", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RevisionReviewForm(ReviewForm):
    """A correction is approved or not: a rejected one is closed, a new one can be proposed."""

    decision = forms.ChoiceField(
        label=_("审核意见"),
        choices=[("approve", _("通过")), ("reject", _("不通过"))],
        widget=forms.RadioSelect,
    )


class PublishForm(ChineseForm):
    at = forms.DateTimeField(
        label=_("定时发布时间"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("留空则立即发布。"),
    )


class WithdrawForm(ChineseForm):
    reason = forms.CharField(label=_("撤回原因"), max_length=300)


class ValidityForm(ChineseForm):
    validity = forms.ChoiceField(
        label=_("有效性"), choices=[(Validity.EXPIRED, _("失效")), (Validity.REPEALED, _("废止"))]
    )
    on = forms.DateField(label=_("失效/废止日期"), widget=DateInput())
    reason = forms.CharField(label=_("原因"), max_length=300)


class AttachmentForm(ChineseForm):
    file = forms.FileField(
        label=_("附件"),
        help_text=help_text(DOCUMENT_UPLOAD),
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_UPLOAD.accept}),
    )


class InterpretationLinkForm(ChineseForm):
    policy: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("所解读的政策文件"), queryset=Item.objects.none()
    )
    form = forms.ChoiceField(label=_("解读形式"), choices=InterpretationForm.choices)

    def __init__(self, *args: Any, policies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies  # type: ignore[attr-defined]


class GuideForm(ChineseForm):
    arrangement = forms.CharField(
        label=_("主动公开信息的分类与编排体系"), widget=forms.Textarea(attrs={"rows": 5})
    )
    how_to_obtain = forms.CharField(label=_("获取方式"), widget=forms.Textarea(attrs={"rows": 4}))
    application = forms.CharField(
        label=_("依申请公开的受理与办理"), widget=forms.Textarea(attrs={"rows": 5})
    )
    remedies = forms.CharField(label=_("监督和救济"), widget=forms.Textarea(attrs={"rows": 3}))
    office_name = forms.CharField(label=_("政府信息公开工作机构"), max_length=100)
    address = forms.CharField(label=_("办公地址"), max_length=200)
    office_hours = forms.CharField(label=_("办公时间"), max_length=100)
    phone = forms.CharField(label=_("联系电话"), max_length=50)
    fax = forms.CharField(label=_("传真"), max_length=50, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    website = forms.URLField(label=_("网站"), required=False, assume_scheme="https")


class GazetteForm(ChineseForm):
    year = forms.IntegerField(label=_("年份"), min_value=1990, max_value=2100)
    number = forms.IntegerField(label=_("期号"), min_value=1, max_value=99)
    published_on = forms.DateField(label=_("出版日期"), widget=DateInput())
    pdf = forms.FileField(
        label=_("电子版（PDF）"),
        help_text=help_text(GAZETTE_UPLOAD),
        widget=forms.ClearableFileInput(attrs={"accept": GAZETTE_UPLOAD.accept}),
    )
    contents: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("目录（已发布的条目）"),
        queryset=Item.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contents"].queryset = items  # type: ignore[attr-defined]


class ImportForm(ChineseForm):
    file = forms.FileField(
        label=_("导入文件"),
        help_text=_("CSV、XLSX或JSON；第一行为表头（索引号、名称、文号、发布日期、公开类别……）。"),
    )


class SettingsForm(ChineseForm):
    index_code = forms.ChoiceField(label=_("索引号前段码"), choices=IndexCode.choices)
    blocking = forms.MultipleChoiceField(
        label=_("阻止发布的检查项"),
        choices=Check.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("未勾选的检查项只作提示，不阻止复核通过与发布。"),
    )
