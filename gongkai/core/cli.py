"""Argument parsing shared by management commands."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def iso_date(value: str) -> dt.date:
    """A YYYY-MM-DD argument, or a Chinese CommandError."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("日期格式应为 YYYY-MM-DD：%(v)s") % {"v": value}) from exc
