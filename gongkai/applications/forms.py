"""Back-office forms. They convert and pre-check input; the services decide.

Field names match the keyword names the services use in their CaseError
dictionaries, so a service's Chinese message lands on the right field.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.core.forms import ChineseForm, DateInput
from gongkai.core.limits import (
    CASE_UPLOAD,
    IDENTITY_UPLOAD,
    LongTextField,
    UploadRule,
    help_text,
)

from .attachments import validate_upload
from .decisions import DECISIONS, REPLY_DECISIONS, Decision, Ground
from .intake import APPLICANT_FIELDS, clean_applicant
from .models import (
    NEEDS_CONFIRMATION,
    AppealKind,
    AppealResult,
    ApplicantType,
    Application,
    AttachmentKind,
    Channel,
    ConsultationKind,
    DeliveryMethod,
    FeeMethod,
    IdType,
    LetterKind,
    Opinion,
    ProvisionMode,
    Status,
)
from .preconditions import issuable_letters


def date_field(label: Any, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
        initial=timezone.localdate if required else None,
    )


def char(label: Any, required: bool = False, max_length: int = 200, **kw: Any) -> forms.CharField:
    """A text field. A textarea gets the visible limit of LongTextField (a live counter, a
    message naming the field and the count) instead of ``maxlength``, with which the browser
    cuts a paste off silently (issue 9)."""
    widget = kw.get("widget")
    if isinstance(widget, forms.Textarea):
        rows = int(widget.attrs.get("rows", 4))
        kw.pop("widget")
        return LongTextField(label=label, required=required, limit=max_length, rows=rows, **kw)
    return forms.CharField(label=label, required=required, max_length=max_length, **kw)


def choice(label: Any, choices: Any, required: bool = True, **kw: Any) -> forms.ChoiceField:
    blank = [("", _("—— 请选择 ——"))] if not required or kw.pop("blank", False) else []
    return forms.ChoiceField(label=label, choices=blank + list(choices), required=required, **kw)


def check_upload(f: Any, rule: UploadRule = CASE_UPLOAD) -> Any:
    """Byte-sniff an upload now, so a bad file is reported before anything is saved."""
    if f:
        validate_upload(f, rule)
        f.seek(0)
    return f


# -- registration --------------------------------------------------------------------


class RegisterForm(ChineseForm):
    """Every intake field of 条例第二十九条; clean_applicant validates them."""

    agency = forms.ModelChoiceField(label=_("受理机关"), queryset=Agency.objects.none())
    channel = choice(
        _("申请方式"),
        [c for c in Channel.choices if c[0] != Channel.ONLINE],
        help_text=_("网上申请由申请人在门户网站提交，在“待确认收到”中确认。"),
    )
    arrived_on = date_field(
        _("到达日期"), help_text=_("申请送达本机关之日（邮件签收、传真到达之日等）。")
    )
    confirmed_on = date_field(
        _("双方确认日期"),
        required=False,
        help_text=_(
            "条例第三十一条：当面提交的，以提交之日为收到申请之日；以邮政挂号等需签收方式邮寄的，"
            "以签收之日为准；以平信邮寄的，以双方确认之日为准；通过传真、电子邮件等方式提交的，"
            "以双方确认之日为准。平信、传真、电子邮件须填写此项。"
        ),
    )
    not_yet_confirmed = forms.BooleanField(
        label=_("尚未与申请人确认收到（登记后在“待确认收到”中确认，确认前不计算答复期限）"),
        required=False,
    )
    applicant_type = choice(_("申请人类型"), ApplicantType.choices, blank=True)
    applicant_name = char(_("姓名/名称"), max_length=100)
    id_type = choice(_("证件类型"), IdType.choices, required=False)
    id_number = char(_("证件号码"), max_length=40)
    credit_code = char(_("统一社会信用代码"), max_length=18)
    legal_representative = char(_("法定代表人/负责人"), max_length=50)
    contact_person = char(_("联系人"), max_length=50)
    phone = char(_("联系电话"), max_length=30)
    email = char(_("电子邮箱"), max_length=254)
    address = char(_("通信地址"))
    postcode = char(_("邮政编码"), max_length=6)
    description = LongTextField(label=_("所需政府信息的名称、文号或便于查询的其他特征性描述"))
    doc_number_sought = char(_("所需信息文号"), max_length=100)
    requested_form = choice(
        _("指定提供载体形式"), ProvisionMode.choices, initial=ProvisionMode.PAPER
    )
    requested_delivery = choice(
        _("获取信息方式"), DeliveryMethod.choices, initial=DeliveryMethod.POST
    )
    identity_copy = forms.FileField(
        label=_("身份证明复印件"),
        required=False,
        help_text=help_text(IDENTITY_UPLOAD, _("仅本机关工作人员可查看。")),
    )
    form_scan = forms.FileField(
        label=_("申请表扫描件"), required=False, help_text=help_text(CASE_UPLOAD)
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = agencies if agencies is not None else Agency.objects.none()
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = qs
        if len(qs) == 1:
            agency_field.initial = qs[0]
        # clean_applicant decides what is required; mark what it always requires.
        for name in ("applicant_type", "applicant_name", "phone", "description"):
            self.fields[name].show_required = True  # type: ignore[attr-defined]

    def clean_identity_copy(self) -> Any:
        return check_upload(self.cleaned_data.get("identity_copy"), IDENTITY_UPLOAD)

    def clean_form_scan(self) -> Any:
        return check_upload(self.cleaned_data.get("form_scan"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_applicant(data)
        channel, confirmed = data.get("channel"), data.get("confirmed_on")
        if channel in NEEDS_CONFIRMATION and not confirmed and not data.get("not_yet_confirmed"):
            self.add_error(
                "confirmed_on",
                _(
                    "以平信、传真、电子邮件提交的申请，请填写双方确认日期，或勾选“尚未与申请人确认”。"
                ),
            )
        if channel not in NEEDS_CONFIRMATION:
            data["confirmed_on"] = None
        return data

    def _check_applicant(self, data: dict[str, Any]) -> None:
        """Report every intake error at once (the service validates again on save)."""
        try:
            clean_applicant({k: data.get(k, "") for k in APPLICANT_FIELDS})
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, messages)


# -- case actions ------------------------------------------------------------------
# Each takes the case as `app` so choices can be limited to the case's own records.


class CaseForm(ChineseForm):
    def __init__(self, *args: Any, app: Application, **kwargs: Any) -> None:
        self.app = app
        super().__init__(*args, **kwargs)


class ConfirmReceiptForm(CaseForm):
    confirmed_on = date_field(_("双方确认收到申请之日"), help_text=_("条例第三十一条。"))


class RequestCorrectionForm(CaseForm):
    items = char(
        _("需要补正的事项"),
        required=True,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("条例第三十条：一次性告知需要补正的事项和合理的补正期限。"),
    )
    notice_on = date_field(_("告知日期"))
    period_days = forms.IntegerField(
        label=_("补正期限（工作日）"), min_value=1, max_value=60, required=False
    )


class ReceiveCorrectionForm(CaseForm):
    received_on = date_field(
        _("收到补正之日"), help_text=_("答复期限自该日起重新计算（条例第三十条）。")
    )
    content = LongTextField(label=_("补正内容"), rows=3)


class StartConsultationForm(CaseForm):
    kind = choice(_("征求对象类型"), ConsultationKind.choices)
    party = char(_("征求对象"), required=True)
    party_address = char(_("对象地址"))
    matter = char(_("征求意见事项"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    sent_on = date_field(_("发函日期"))


class RecordOpinionForm(CaseForm):
    consultation = forms.ChoiceField(label=_("征求意见"))
    opinion = choice(
        _("意见"),
        [(o, label) for o, label in Opinion.choices if o != Opinion.PENDING],
    )
    answered_on = date_field(_("答复日期"), required=False, help_text=_("逾期未答复的无需填写。"))
    text = LongTextField(label=_("意见内容"), rows=3)

    def __init__(self, *args: Any, app: Application, **kwargs: Any) -> None:
        super().__init__(*args, app=app, **kwargs)
        pending = app.consultations.filter(opinion=Opinion.PENDING)
        field = self.fields["consultation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (
                c.pk,
                _("%(party)s（%(sent)s发函，%(due)s前答复）")
                % {
                    "party": c.party,
                    "sent": f"{c.sent_on:%Y-%m-%d}",
                    "due": f"{c.answer_due:%Y-%m-%d}",
                },
            )
            for c in pending
        ]

    def clean_consultation(self) -> Any:
        return self.app.consultations.get(pk=self.cleaned_data["consultation"])


class RequestExtensionForm(CaseForm):
    days = forms.IntegerField(
        label=_("延长工作日"),
        min_value=1,
        max_value=20,
        initial=20,
        help_text=_("条例第三十三条：延长的期限最长不得超过20个工作日，须经工作机构负责人同意。"),
    )
    reason = char(
        _("延期理由"), required=True, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecideExtensionForm(CaseForm):
    approve = forms.TypedChoiceField(
        label=_("审批意见"),
        choices=[("1", _("同意延期")), ("0", _("不同意延期"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    decided_on = date_field(_("审批日期"))
    notified_on = date_field(_("告知申请人日期"), required=False, help_text=_("默认为审批当日。"))


class FeeNoticeForm(CaseForm):
    method = choice(
        _("计收方式"),
        FeeMethod.choices,
        widget=forms.RadioSelect,
        help_text=_("国办函〔2020〕109号：按件计收与按量计收只能选择一种。"),
    )
    pieces_before = forms.IntegerField(
        label=_("同一申请人本月此前申请件数"), min_value=0, initial=0, required=False
    )
    pieces = forms.IntegerField(label=_("本申请件数"), min_value=1, initial=1, required=False)
    pages = forms.IntegerField(label=_("页数（按量计收）"), min_value=0, initial=0, required=False)
    notice_on = date_field(_("通知日期"))
    notice_received_on = date_field(_("申请人收到通知之日"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        notice, received = data.get("notice_on"), data.get("notice_received_on")
        if notice and received and received < notice:
            self.add_error("notice_received_on", _("收到通知日期不能早于通知日期。"))
        data["pieces_before"] = data.get("pieces_before") or 0
        data["pieces"] = data.get("pieces") or 1
        data["pages"] = data.get("pages") or 0
        return data


class RecordPaymentForm(CaseForm):
    paid_on = date_field(_("缴费日期"))
    receipt_no = char(_("票据号"), max_length=50)


class AbandonForm(CaseForm):
    decided_on = date_field(
        _("认定日期"),
        help_text=_(
            "补正期限或缴费期限届满后，方可视为申请人放弃申请（条例第三十条、国办函〔2020〕109号）。"
        ),
    )


class WithdrawForm(CaseForm):
    on = date_field(_("撤回日期"))
    note = char(_("说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


def decision_choices() -> list[tuple[str, str]]:
    return [(d.value, f"{d.label}（{DECISIONS[d].article}）") for d in REPLY_DECISIONS]


class ProposeDecisionForm(CaseForm):
    decision = choice(_("答复类型"), decision_choices(), blank=True)
    grounds = forms.MultipleChoiceField(
        label=_("不予公开部分的依据（部分公开时选择）"),
        choices=Ground.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = LongTextField(
        label=_("理由与说明"),
        help_text=_("不予公开的，应告知理由（条例第三十六条第（三）项）。"),
    )
    responsible_organ = char(
        _("负责公开该信息的机关及其联系方式"),
        help_text=_("非本机关负责公开时填写（条例第三十六条第（五）项）。"),
    )
    provided_form = choice(_("实际提供形式"), ProvisionMode.choices, required=False)
    provided_form_reason = char(_("未按申请人要求的形式提供的理由"), help_text=_("条例第四十条。"))


class ReturnDecisionForm(CaseForm):
    note = char(
        _("退回理由"), required=True, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ApproveDecisionForm(CaseForm):
    replied_on = date_field(
        _("答复日期"), help_text=_("审核通过时出具答复告知书并编文号，答复日期即成文日期。")
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class DeliverForm(CaseForm):
    letter_id = forms.TypedChoiceField(label=_("送达文书"), coerce=int)
    method = choice(_("送达方式"), DeliveryMethod.choices)
    delivered_on = date_field(_("送达日期"))
    proof = char(_("送达凭证"), help_text=_("挂号单号、回执、邮件发送记录等。"))

    def __init__(self, *args: Any, app: Application, **kwargs: Any) -> None:
        super().__init__(*args, app=app, **kwargs)
        field = self.fields["letter_id"]
        assert isinstance(field, forms.ChoiceField)
        letters = list(app.letters.filter(voided_at__isnull=True).order_by("-created_at"))
        field.choices = [(x.pk, f"{x.title}（{x.doc_number}）") for x in letters]


class RecordAppealForm(CaseForm):
    kind = choice(_("类型"), AppealKind.choices)
    body = char(_("复议机关/人民法院"), required=True, max_length=100)
    case_number = char(_("案号"), max_length=100)
    filed_on = date_field(_("申请/起诉日期"))
    after_review = forms.TypedChoiceField(
        label=_("所经复议（复议后起诉时选择）"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, app: Application, **kwargs: Any) -> None:
        super().__init__(*args, app=app, **kwargs)
        field = self.fields["after_review"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "——")] + [
            (a.pk, f"{a.body} {a.case_number}（{a.filed_on:%Y-%m-%d}）")
            for a in app.appeals.filter(kind=AppealKind.REVIEW)
        ]

    def clean_after_review(self) -> Any:
        pk = self.cleaned_data.get("after_review")
        return self.app.appeals.filter(pk=pk).first() if pk else None


class ConcludeAppealForm(CaseForm):
    appeal = forms.TypedChoiceField(label=_("复议/诉讼"), coerce=int)
    result = choice(
        _("结果"), [(r, label) for r, label in AppealResult.choices if r != AppealResult.PENDING]
    )
    concluded_on = date_field(_("审结日期"))
    note = char(_("说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, app: Application, **kwargs: Any) -> None:
        super().__init__(*args, app=app, **kwargs)
        field = self.fields["appeal"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (a.pk, f"{a.get_kind_display()} · {a.body}（{a.filed_on:%Y-%m-%d}）")
            for a in app.appeals.filter(result=AppealResult.PENDING)
        ]

    def clean_appeal(self) -> Any:
        return self.app.appeals.get(pk=self.cleaned_data["appeal"])


class AttachmentForm(CaseForm):
    kind = choice(_("材料类型"), AttachmentKind.choices)
    file = forms.FileField(label=_("文件"), help_text=help_text(CASE_UPLOAD))

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data.get("file"))


class IssueLetterForm(CaseForm):
    kind = choice(_("文书类型"), LetterKind.choices)
    consultation = forms.TypedChoiceField(
        label=_("征求意见对象（征求意见函）"), required=False, coerce=int, empty_value=None
    )
    issued_on = date_field(_("出具日期"))
    reason = char(
        _("重新出具的理由"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("本案已有同类文书的，须说明理由；原文书作废，文号不再使用。"),
    )
    # One token per form shown: a double click or a resent form issues one letter.
    token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, app: Application, **kwargs: Any) -> None:
        super().__init__(*args, app=app, **kwargs)
        self.fields["token"].initial = uuid.uuid4().hex
        field = self.fields["consultation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "——")] + [(c.pk, c.party) for c in app.consultations.all()]
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(k.value, k.label) for k in issuable_letters(app)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pk = data.get("consultation")
        data["consultation"] = self.app.consultations.filter(pk=pk).first() if pk else None
        return data


# -- list filters --------------------------------------------------------------------


def _year_choices() -> list[tuple[str, str]]:
    this = timezone.localdate().year
    return [(str(y), _("%(year)d年") % {"year": y}) for y in range(this, 2018, -1)]


class PlainSelect(forms.Select):
    """A select whose options are built in Python. Django renders every <option> through
    a template: ~50 ms for the 200 agencies of a province tree (bench/scale.py)."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if key in selected else "", label)
                for key, label in ((str(v), label) for v, label in self.choices)
            ),
        )
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), options)


class QueueFilterForm(ChineseForm):
    q = char(_("检索"), max_length=100)
    # Plain selects: the agency picker alone lists the 200 agencies of a province tree.
    agency = forms.ModelChoiceField(
        label=_("机关（含下级）"),
        queryset=Agency.objects.none(),
        required=False,
        widget=PlainSelect,
    )
    year = forms.TypedChoiceField(
        label=_("年度"),
        choices=[("", _("全部年度"))],
        coerce=int,
        required=False,
        empty_value=None,
        widget=PlainSelect,
    )
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[("", _("全部")), *Status.choices],
        required=False,
        widget=PlainSelect,
    )
    decision = forms.ChoiceField(
        label=_("答复类型"),
        choices=[("", _("全部")), *Decision.choices],
        required=False,
        widget=PlainSelect,
    )
    channel = forms.ChoiceField(
        label=_("申请方式"),
        choices=[("", _("全部")), *Channel.choices],
        required=False,
        widget=PlainSelect,
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = agencies.order_by("path")
        agency.empty_label = _("全部可见机关")
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = [("", _("全部年度")), *_year_choices()]


class DashboardForm(ChineseForm):
    agency = forms.ModelChoiceField(
        label=_("机关"), queryset=Agency.objects.none(), required=False, widget=PlainSelect
    )
    year = forms.TypedChoiceField(
        label=_("年度"), coerce=int, required=False, empty_value=None, widget=PlainSelect
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = agencies
        agency.empty_label = None
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = _year_choices()

    def scope(self, default_agency: Agency | None) -> tuple[Agency | None, int]:
        """The chosen agency and year; defaults: the user's topmost agency, this year."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return (
            data.get("agency") or default_agency,
            data.get("year") or timezone.localdate().year,
        )


class ReissueCodeForm(ChineseForm):
    """补发查询码: staff record how they checked the applicant's identity first."""

    identity_check = char(
        _("身份核实情况"),
        required=True,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "写明如何核实了申请人身份，例如“当面核验居民身份证原件，与申请记录一致”。将记入办理记录。"
        ),
    )


class VoidLetterForm(ChineseForm):
    """作废 a letter without a replacement: the reason is kept with the letter and the case."""

    reason = char(
        _("作废原因"),
        required=True,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "写明作废的理由，例如“误向申请人出具，实际未作补正要求”。将记入办理记录和文号登记簿。"
        ),
    )
