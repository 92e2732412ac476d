"""Statutory deadlines of the annual report and a supervisor's board of its subtree.

条例第四十九条: a department (县级以上人民政府部门) publishes its report on year Y by 31 January
of Y+1; 条例第五十条: a government (its 政府信息公开工作主管部门) by 31 March of Y+1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Min
from django.utils import timezone

from gongkai.agencies.models import Agency, Level

from .models import AgencyReport

DEPARTMENT_DEADLINE = (1, 31)  # 条例第四十九条: 每年1月31日前
GOVERNMENT_DEADLINE = (3, 31)  # 条例第五十条: 每年3月31日前
DEPARTMENT_LEVELS = {Level.DEPARTMENT, Level.ZONE, Level.OTHER}  # not 人民政府 themselves


def deadline(agency: Agency, year: int) -> dt.date:
    """The last day to publish the report on `year` (the statute's "前": on or before)."""
    month, day = DEPARTMENT_DEADLINE if agency.level in DEPARTMENT_LEVELS else GOVERNMENT_DEADLINE
    return dt.date(year + 1, month, day)


class BoardStatus(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    PUBLISHED = "published"


@dataclass(frozen=True)
class BoardEntry:
    agency: Agency
    year: int
    status: BoardStatus
    deadline: dt.date
    published_on: dt.date | None
    late: bool  # published after the deadline, or still unpublished after it

    @property
    def label(self) -> str:
        from django.utils.translation import gettext as _

        names = {"not_started": _("未开始"), "draft": _("草稿"), "published": _("已发布")}
        return names[self.status.value] + (_("（逾期）") if self.late else "")


def _entry(agency: Agency, year: int, report: Any, today: dt.date) -> BoardEntry:
    due = deadline(agency, year)
    first = timezone.localdate(report["first"]) if report and report["first"] else None
    if first is not None:
        return BoardEntry(agency, year, BoardStatus.PUBLISHED, due, first, first > due)
    status = BoardStatus.DRAFT if report else BoardStatus.NOT_STARTED
    return BoardEntry(agency, year, status, due, None, today > due)


def board(root: Agency, year: int, today: dt.date | None = None) -> list[BoardEntry]:
    """Every agency of `root`'s subtree with its report's status on `year` (two queries)."""
    today = today or timezone.localdate()
    agencies = Agency.objects.filter(path__startswith=root.path, is_active=True).order_by("path")
    reports = (
        AgencyReport.objects.filter(agency__in=agencies, year=year)
        .annotate(first=Min("versions__published_at"))
        .values("agency_id", "first")
    )
    found = {r["agency_id"]: r for r in reports}
    return [_entry(a, year, found.get(a.pk), today) for a in agencies]
