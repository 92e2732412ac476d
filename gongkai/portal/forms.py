"""The public forms. They validate; services save (intake.clean_applicant is the
one set of rules for the portal, the back office and the API)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.applications.intake import APPLICANT_FIELDS, clean_applicant
from gongkai.applications.models import ApplicantType, DeliveryMethod, IdType, ProvisionMode
from gongkai.applications.services.closure import WITHDRAW_REASON_MAX
from gongkai.core.forms import ChineseForm, MultipleFileField
from gongkai.core.limits import CORRECTION_UPLOAD, IDENTITY_UPLOAD, LongTextField, help_text

from .submission import check_correction_upload, check_identity_upload

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ORGANISATION_TYPES = [
    (v, label) for v, label in ApplicantType.choices if v != ApplicantType.NATURAL
]


def _text(label: StrOrPromise, max_length: int, **kw: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kw)


class ApplyForm(ChineseForm):
    """政府信息公开申请表 (条例第二十九条). Requiredness depends on the applicant type,
    so every rule lives in clean_applicant and its errors land on their fields."""

    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=ApplicantType.choices,
        initial=ApplicantType.NATURAL,
        widget=forms.RadioSelect,
        required=False,
    )
    applicant_name = _text(
        _("姓名/名称"), 100, help_text=_("自然人填写姓名；法人或其他组织填写全称。")
    )
    id_type = forms.ChoiceField(
        label=_("证件类型"), choices=[("", _("请选择")), *IdType.choices], required=False
    )
    id_number = _text(_("证件号码"), 40)
    credit_code = _text(_("统一社会信用代码"), 18, help_text=_("18位，见营业执照或登记证书。"))
    legal_representative = _text(_("法定代表人/负责人"), 50)
    contact_person = _text(_("联系人"), 50)
    phone = _text(_("联系电话"), 30, help_text=_("手机号码或带区号的固定电话。"))
    email = _text(
        _("电子邮箱"), 254, help_text=_("用于接收办理通知；选择电子邮件获取信息的必须填写。")
    )
    address = _text(_("通信地址"), 200, help_text=_("选择邮寄获取信息的必须填写。"))
    postcode = _text(_("邮政编码"), 6, help_text=_("6位数字。"))
    description = LongTextField(
        label=_("所需政府信息的名称或内容描述"),
        rows=5,
        help_text=_("请写明信息的名称、文号或便于机关查询的其他特征性描述（条例第二十九条）。"),
    )
    doc_number_sought = _text(_("文号（如知道）"), 100, help_text=_("例如：太政办〔2019〕112号"))
    requested_form = forms.ChoiceField(
        label=_("信息的提供形式"),
        choices=ProvisionMode.choices,
        initial=ProvisionMode.ELECTRONIC,
        required=False,
    )
    requested_delivery = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=DeliveryMethod.choices,
        initial=DeliveryMethod.EMAIL,
        required=False,
    )
    identity_file = forms.FileField(
        label=_("身份证明材料（可选）"),
        required=False,
        help_text=help_text(IDENTITY_UPLOAD, _("身份证件或营业执照的扫描件或照片。")),
        widget=forms.ClearableFileInput(attrs={"accept": IDENTITY_UPLOAD.accept}),
    )
    declaration = forms.BooleanField(
        label=_(
            "本人承诺所填信息真实有效，并知悉本申请将依照《中华人民共和国政府信息公开条例》办理。"
        ),
        required=True,
        error_messages={"required": _("请阅读并勾选承诺声明。")},
    )

    def clean_identity_file(self) -> Any:
        """Checked by its bytes now, so the applicant sees the error with the others;
        save_attachment checks again when it stores the file."""
        f = self.cleaned_data.get("identity_file")
        if f:
            check_identity_upload(f)
        return f or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data.update(clean_applicant({k: data.get(k, "") for k in APPLICANT_FIELDS}))
        except ValidationError as exc:
            add_errors(self, exc)
        return data

    def applicant_data(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k, "") for k in APPLICANT_FIELDS}


def add_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError({field: [msgs]}) onto the form's fields."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, messages in exc.message_dict.items():
        target = field if field in form.fields else None
        if target is not None and target in form.errors:
            continue  # the field's own check already said what is wrong
        for msg in messages:
            form.add_error(target, msg)


class TrackForm(ChineseForm):
    number = forms.CharField(
        label=_("申请编号"),
        max_length=40,
        help_text=_("提交成功页面上显示的编号，例如 TCBGS-2025-00001。"),
        error_messages={"required": _("请填写申请编号。")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        help_text=_("10位查询码，不区分大小写。"),
        error_messages={"required": _("请填写查询码。")},
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_number(self) -> str:
        """Typed by hand: tolerate lower case, spaces and full-width dashes."""
        value = self.cleaned_data["number"]
        return "".join(value.split()).replace("－", "-").replace("—", "-").upper()


class CorrectionForm(ChineseForm):
    """补正 online (条例第三十条): text, files, or both; the files are checked by their bytes
    like every other upload, so the applicant sees every error at once."""

    content = LongTextField(
        label=_("补正内容"),
        rows=6,
        help_text=_("按补正告知书的要求，写明需要补充或更正的内容。"),
    )
    materials = MultipleFileField(
        label=_("补正材料（可选）"),
        required=False,
        help_text=help_text(CORRECTION_UPLOAD),
        accept=CORRECTION_UPLOAD.accept,
    )

    def clean_materials(self) -> list[Any]:
        files = self.cleaned_data.get("materials") or []
        if len(files) > CORRECTION_UPLOAD.max_files:
            raise ValidationError(CORRECTION_UPLOAD.too_many())
        errors = []
        for upload in files:
            try:
                check_correction_upload(upload)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("content") and not data.get("materials"):
            raise ValidationError(_("请填写补正内容或上传补正材料。"))
        return data


class WithdrawForm(ChineseForm):
    """撤回: an optional reason and an explicit confirmation (it cannot be undone)."""

    reason = LongTextField(
        label=_("撤回理由（可选）"),
        limit=WITHDRAW_REASON_MAX,
        rows=3,
        help_text=_("例如：已通过其他途径获取所需信息。"),
    )
    confirm = forms.BooleanField(
        label=_(
            "我确认撤回本申请。撤回后本申请终止办理，不能恢复；如仍需获取信息，须重新提出申请。"
        ),
        required=True,
        error_messages={"required": _("请勾选确认撤回。")},
    )


class LostCodeForm(ChineseForm):
    """忘记查询码: the number and a contact given in the application."""

    number = TrackForm.base_fields["number"]
    contact = forms.CharField(
        label=_("申请时填写的联系电话或电子邮箱"),
        max_length=254,
        help_text=_("须与申请时填写的一致。"),
        error_messages={"required": _("请填写申请时填写的联系电话或电子邮箱。")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    clean_number = TrackForm.clean_number
