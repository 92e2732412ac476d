"""Personal data masked for everyone but the handling agency's staff."""

from __future__ import annotations


def mask_id(value: str) -> str:
    """320585199001011234 → 3205**********1234."""
    v = value.strip()
    if len(v) <= 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678; 0512-53521234 → 0512-****1234."""
    v = value.strip()
    if len(v) <= 4:
        return "*" * len(v)
    keep_head = 3 if len(v) <= 11 else len(v) - 8
    return v[:keep_head] + "*" * (len(v) - keep_head - 4) + v[-4:]


def mask_address(value: str) -> str:
    """Keep the first 6 characters (province/city/district), hide the rest."""
    v = value.strip()
    return v[:6] + "****" if len(v) > 6 else (v[:2] + "****" if v else "")


def mask_email(value: str) -> str:
    name, _, domain = value.partition("@")
    if not domain:
        return mask_phone(value)
    return (name[:1] + "***@" + domain) if name else value


def mask_name(value: str) -> str:
    """张三丰 → 张**; organisations are not personal data and are not passed here."""
    v = value.strip()
    return v[:1] + "*" * (len(v) - 1) if v else ""
