"""Reminders before the statutory deadlines of the annual report (条例第四十九、五十条).

An agency whose report on last year is not yet published is reminded 15 days and 3 days
before its deadline and once the day it is overdue; each reminder is sent once (the audit
log remembers it), so the daily run is idempotent.
"""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.core import audit as audit_log
from gongkai.core.models import AuditEvent

from .board import deadline
from .models import AgencyReport

REMIND_DAYS_BEFORE = (15, 3)  # calendar days before the deadline
ACTION = "annual_report.reminder"


def stage(due: dt.date, today: dt.date) -> str | None:
    """Which reminder is due today: "15", "3", "overdue" or none."""
    left = (due - today).days
    if left < 0:
        return "overdue"
    for days in sorted(REMIND_DAYS_BEFORE):
        if left <= days:
            return str(days)
    return None


def recipients(agency: Agency) -> list[str]:
    roles = (Role.CLERK, Role.REVIEWER, Role.ADMIN)
    members = Membership.objects.filter(agency=agency, role__in=roles, user__is_active=True)
    return sorted({m.user.email for m in members.select_related("user") if m.user.email})


def _message(agency: Agency, year: int, due: dt.date, when: str) -> tuple[str, str]:
    subject = _("【年度报告】%(a)s%(y)s年政府信息公开工作年度报告尚未发布") % {
        "a": agency.name,
        "y": year,
    }
    if when == "overdue":
        lead = _("已超过法定公布期限（%(d)s）。") % {"d": due.isoformat()}
    else:
        lead = _("距法定公布期限（%(d)s）还有 %(n)s 天。") % {"d": due.isoformat(), "n": when}
    body = lead + _(
        "请在工作平台“本机关年度报告”中核对数据、补充正文并发布（条例第四十九、五十条）。"
    )
    return subject, body


def send_reminders(today: dt.date) -> int:
    """Remind every agency whose report on last year is unpublished and due soon or late."""
    year = today.year - 1
    published = set(
        AgencyReport.objects.filter(year=year, version__gt=0).values_list("agency_id", flat=True)
    )
    sent = 0
    for agency in Agency.objects.filter(is_active=True).exclude(pk__in=published):
        due = deadline(agency, year)
        when = stage(due, today)
        target = f"{agency.pk}:{year}:{when}"
        if when is None or AuditEvent.objects.filter(action=ACTION, target=target).exists():
            continue
        emails = recipients(agency)
        if not emails:
            continue
        subject, body = _message(agency, year, due, when)
        send_mail(subject, body, None, emails)
        audit_log.record(None, ACTION, target, agency=agency.name, year=year, to=len(emails))
        sent += 1
    return sent
