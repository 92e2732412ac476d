"""Remind agencies whose annual report is due soon or late (run daily, idempotent).

manage.py remind_annual_reports                 today
manage.py remind_annual_reports --on 2026-01-20 as if on that day
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from ...annual.reminders import send_reminders


class Command(BaseCommand):
    help = "提醒年度报告即将到期或已逾期、尚未发布的机关（每日运行，不重复提醒）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help=_("按该日期运行（YYYY-MM-DD），默认今天"))

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            today = dt.date.fromisoformat(opts["on"]) if opts["on"] else timezone.localdate()
        except ValueError:
            raise CommandError(_("日期格式应为 YYYY-MM-DD。")) from None
        sent = send_reminders(today)
        self.stdout.write(_("已发送 %(n)d 封年度报告提醒。") % {"n": sent})
