"""The daily deadline sweep (cron: once a day, after midnight Asia/Shanghai).

    manage.py sweep_deadlines                     today
    manage.py sweep_deadlines --date 2025-10-28   replay a given day

Marks open cases due soon (≤ GONGKAI["DUE_SOON_WORKDAYS"] working days left)
or overdue (past the 条例第三十三条 reply deadline), writes one CaseEvent per
change and mails the handling agency's staff. Idempotent: a second run on the
same day changes nothing and sends nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from gongkai.applications import services
from gongkai.applications.sweep import sweep_deadlines
from gongkai.core.cli import iso_date


class Command(BaseCommand):
    help = "每日期限巡检：标记即将到期和已逾期的申请并通知承办人员。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help=_("按指定日期巡检（YYYY-MM-DD），默认今天"))

    def handle(self, *args: Any, **opts: Any) -> None:
        on = iso_date(opts["date"]) if opts["date"] else services.today()
        counts = sweep_deadlines(on)
        self.stdout.write(
            _(
                "%(d)s 巡检完成：即将到期 %(soon)d 件，已逾期 %(over)d 件，正常 %(ok)d 件；"
                "本次状态变化 %(changed)d 件。"
            )
            % {
                "d": on.isoformat(),
                "soon": counts.get("due_soon", 0),
                "over": counts.get("overdue", 0),
                "ok": counts.get("on_track", 0),
                "changed": counts.get("changed", 0),
            }
        )
