"""`manage.py remind_annual_reports`: 15 and 3 days before the deadline and once overdue,
each once, only for unpublished reports, to the agency's own staff."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from gongkai.reports.annual import services


def run(on: str) -> str:
    out = io.StringIO()
    call_command("remind_annual_reports", "--on", on, stdout=out)
    return out.getvalue()


def to(agency_staff_email):
    return [m for m in mail.outbox if agency_staff_email in m.to]


def test_departments_are_reminded_before_31_january_once_per_stage(agencies, clerk, reviewer):
    assert run("2025-01-10") == "已发送 0 封年度报告提醒。\n"  # 21 days before: too early
    run("2025-01-16")
    run("2025-01-17")  # the same stage again: not resent
    assert len(to(clerk.email)) == 1
    assert "还有 15 天" in to(clerk.email)[0].body
    assert "太仓市人民政府办公室2024年" in to(clerk.email)[0].subject
    run("2025-01-28")
    run("2025-02-01")
    assert [("3 天" in m.body, "已超过" in m.body) for m in to(clerk.email)][1:] == [
        (True, False),
        (False, True),
    ]


def test_a_published_report_is_not_reminded(agencies, clerk, reviewer):
    services.publish(reviewer, agencies["TCBGS"], 2024)

    run("2025-01-30")

    assert to(clerk.email) == []


def test_governments_are_reminded_before_31_march(agencies, admin_user):
    run("2025-01-30")
    assert to(admin_user.email) == []  # TC's admin: the government's deadline is 31 March

    run("2025-03-20")
    assert "2025-03-31" in to(admin_user.email)[0].body


def test_a_bad_date_is_refused(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("31/01/2025")
