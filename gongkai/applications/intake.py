"""What an application must contain (条例第二十九条), validated the same way for
the portal, the back office and the API. Errors are Chinese and name the field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from gongkai.core.validators import validate_credit_code, validate_phone, validate_resident_id

from .models import ApplicantType, DeliveryMethod, Form, IdType

APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "credit_code",
    "legal_representative",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "doc_number_sought",
    "requested_form",
    "requested_delivery",
)
MAX_LENGTHS = {
    "applicant_name": 100,
    "id_number": 40,
    "credit_code": 18,
    "legal_representative": 50,
    "contact_person": 50,
    "phone": 30,
    "email": 254,
    "address": 200,
    "postcode": 6,
    "description": 4000,
    "doc_number_sought": 100,
}


def clean_applicant(data: dict[str, Any]) -> dict[str, Any]:
    """Return the cleaned intake fields or raise ValidationError({field: [message]})."""
    d = {k: (str(data.get(k) or "")).strip() for k in APPLICANT_FIELDS}
    errors: dict[str, list[str]] = {}

    def err(field: str, msg: str) -> None:
        errors.setdefault(field, []).append(msg)

    if d["applicant_type"] not in ApplicantType.values:
        err("applicant_type", _("请选择申请人类型。"))
    if not d["applicant_name"]:
        err("applicant_name", _("请填写申请人姓名或名称。"))
    natural = d["applicant_type"] == ApplicantType.NATURAL
    if natural:
        # 条例第二十九条第二款第一项: 身份证明 is required.
        if d["id_type"] not in IdType.values:
            err("id_type", _("请选择身份证件类型。"))
        if not d["id_number"]:
            err("id_number", _("请填写身份证件号码。"))
        elif d["id_type"] == IdType.RESIDENT_ID:
            d["id_number"] = d["id_number"].upper()
            _collect(errors, "id_number", validate_resident_id, d["id_number"])
    elif d["applicant_type"]:
        if not d["credit_code"]:
            err("credit_code", _("法人或其他组织请填写统一社会信用代码。"))
        else:
            d["credit_code"] = d["credit_code"].upper()
            _collect(errors, "credit_code", validate_credit_code, d["credit_code"])
        if not d["contact_person"]:
            err("contact_person", _("请填写联系人。"))
    if not d["phone"]:
        err("phone", _("请填写联系电话。"))
    else:
        _collect(errors, "phone", validate_phone, d["phone"])
    if d["email"]:
        _collect(errors, "email", validate_email, d["email"])
    if d["postcode"] and not (d["postcode"].isdigit() and len(d["postcode"]) == 6):
        err("postcode", _("邮政编码应为6位数字。"))
    if len(d["description"]) < 5:
        err("description", _("请具体描述所需政府信息的名称、文号或其他特征（至少5个字）。"))
    if d["requested_form"] not in Form.values:
        err("requested_form", _("请选择信息的提供形式。"))
    if d["requested_delivery"] not in DeliveryMethod.values:
        err("requested_delivery", _("请选择获取信息的方式。"))
    if d["requested_delivery"] == DeliveryMethod.EMAIL and not d["email"]:
        err("email", _("选择电子邮件获取信息时，请填写电子邮箱。"))
    if d["requested_delivery"] == DeliveryMethod.POST and not d["address"]:
        err("address", _("选择邮寄获取信息时，请填写通信地址。"))
    for field, limit in MAX_LENGTHS.items():
        if len(d[field]) > limit:
            err(field, _("内容过长（最多%(n)d字）。") % {"n": limit})
    if errors:
        raise ValidationError(errors)
    return d


def _collect(errors: dict[str, list[str]], field: str, validator: Any, value: str) -> None:
    try:
        validator(value)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)
