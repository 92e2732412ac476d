"""Checks on Chinese identifiers: clear Chinese errors, no guessing."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
ID_RE = re.compile(r"^\d{17}[\dX]$")


def resident_id_is_valid(value: str) -> bool:
    """GB 11643-1999: 18 characters, a valid birth date, ISO 7064 MOD 11-2 check digit."""
    value = value.strip().upper()
    if not ID_RE.match(value):
        return False
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    total = sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def validate_resident_id(value: str) -> None:
    if not resident_id_is_valid(value):
        raise ValidationError(
            _("居民身份证号码无效，请核对（18位，末位校验码）。"), code="invalid_id"
        )


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_is_valid(value: str) -> bool:
    """GB 32100-2015 统一社会信用代码: 18 characters, mod-31 check character."""
    value = value.strip().upper()
    if len(value) != 18 or any(c not in _CREDIT_CHARS for c in value):
        return False
    total = sum(
        _CREDIT_CHARS.index(c) * w for c, w in zip(value[:17], _CREDIT_WEIGHTS, strict=True)
    )
    return _CREDIT_CHARS[(31 - total % 31) % 31] == value[17]


def validate_credit_code(value: str) -> None:
    if not credit_code_is_valid(value):
        raise ValidationError(
            _("统一社会信用代码无效，请核对（18位，末位校验码）。"), code="invalid_credit_code"
        )


PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")


def validate_phone(value: str) -> None:
    if not PHONE_RE.match(value.replace(" ", "")):
        raise ValidationError(
            _("联系电话格式不正确（手机号11位，或带区号的固定电话）。"), code="invalid_phone"
        )
