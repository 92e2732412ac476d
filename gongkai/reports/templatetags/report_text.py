"""Codes on the report pages in words: formats, source forms and people, never raw codes."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from .. import presenters

register = template.Library()

register.filter("format_text", presenters.format_text)
register.filter("format_short", presenters.format_short)
register.filter("form_text", presenters.form_text)


@register.filter
def person(user: Any) -> str:
    """A user by full name; the login name is an internal identifier, not shown."""
    if user is None:
        return ""
    return user.get_full_name().strip() or _("（未填写姓名的用户）")
