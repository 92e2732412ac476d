"""What an application must contain (条例第二十九条), validated the same way for
the portal, the back office and the API. Errors are Chinese and name the field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from gongkai.core.limits import LONG_TEXT_MAX, char_count, too_long_message
from gongkai.core.validators import validate_credit_code, validate_phone, validate_resident_id

from .models import ApplicantType, DeliveryMethod, IdType, ProvisionMode

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
    "doc_number_sought": 100,
}


Errors = dict[str, list[str]]


def clean_applicant(data: dict[str, Any]) -> dict[str, Any]:
    """Return the cleaned intake fields or raise ValidationError({field: [message]})."""
    d = {k: (str(data.get(k) or "")).strip() for k in APPLICANT_FIELDS}
    errors: Errors = {}
    _check_applicant(d, errors)
    _check_contact(d, errors)
    _check_request(d, errors)
    for field, limit in MAX_LENGTHS.items():
        if len(d[field]) > limit:
            _error(errors, field, _("内容过长（最多%(n)d字）。") % {"n": limit})
    if char_count(d["description"]) > LONG_TEXT_MAX:
        count = char_count(d["description"])
        _error(errors, "description", too_long_message(_("申请内容描述"), count))
    if errors:
        raise ValidationError(errors)
    return d


def _error(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_applicant(d: dict[str, str], errors: Errors) -> None:
    """Who applies: a natural person with an identity document, or an organisation."""
    if d["applicant_type"] not in ApplicantType.values:
        _error(errors, "applicant_type", _("请选择申请人类型。"))
    if not d["applicant_name"]:
        _error(errors, "applicant_name", _("请填写申请人姓名或名称。"))
    if d["applicant_type"] == ApplicantType.NATURAL:
        _check_person(d, errors)
    elif d["applicant_type"]:
        _check_organisation(d, errors)


def _check_person(d: dict[str, str], errors: Errors) -> None:
    # 条例第二十九条第二款第一项: 身份证明 is required.
    if d["id_type"] not in IdType.values:
        _error(errors, "id_type", _("请选择身份证件类型。"))
    if not d["id_number"]:
        _error(errors, "id_number", _("请填写身份证件号码。"))
    elif d["id_type"] == IdType.RESIDENT_ID:
        d["id_number"] = d["id_number"].upper()
        _collect(errors, "id_number", validate_resident_id, d["id_number"])


def _check_organisation(d: dict[str, str], errors: Errors) -> None:
    if not d["credit_code"]:
        _error(errors, "credit_code", _("法人或其他组织请填写统一社会信用代码。"))
    else:
        d["credit_code"] = d["credit_code"].upper()
        _collect(errors, "credit_code", validate_credit_code, d["credit_code"])
    if not d["contact_person"]:
        _error(errors, "contact_person", _("请填写联系人。"))


def _check_contact(d: dict[str, str], errors: Errors) -> None:
    if not d["phone"]:
        _error(errors, "phone", _("请填写联系电话。"))
    else:
        _collect(errors, "phone", validate_phone, d["phone"])
    if d["email"]:
        _collect(errors, "email", validate_email, d["email"])
    if d["postcode"] and not (d["postcode"].isdigit() and len(d["postcode"]) == 6):
        _error(errors, "postcode", _("邮政编码应为6位数字。"))


def _check_request(d: dict[str, str], errors: Errors) -> None:
    """What is sought, in which form, and how it reaches the applicant."""
    if len(d["description"]) < 5:
        _error(
            errors, "description", _("请具体描述所需政府信息的名称、文号或其他特征（至少5个字）。")
        )
    if d["requested_form"] not in ProvisionMode.values:
        _error(errors, "requested_form", _("请选择信息的提供形式。"))
    if d["requested_delivery"] not in DeliveryMethod.values:
        _error(errors, "requested_delivery", _("请选择获取信息的方式。"))
    if d["requested_delivery"] == DeliveryMethod.EMAIL and not d["email"]:
        _error(errors, "email", _("选择电子邮件获取信息时，请填写电子邮箱。"))
    if d["requested_delivery"] == DeliveryMethod.POST and not d["address"]:
        _error(errors, "address", _("选择邮寄获取信息时，请填写通信地址。"))


def _collect(errors: Errors, field: str, validator: Any, value: str) -> None:
    try:
        validator(value)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)
