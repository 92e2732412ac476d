"""A year's holiday arrangement as data: its rest ranges and its 调休 working days.

Shared by the calendar (core/calendar.py) and the statutory holidays of the 放假办法
(core/statutory.py), which builds arrangements for years with no notice yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class RestRange:
    name: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class YearArrangement:
    """One year's announced arrangement (国务院办公厅 notice)."""

    year: int
    rest: tuple[RestRange, ...]
    makeup: tuple[dt.date, ...]
    notice: str = ""
