"""Working-day arithmetic for staff and scripts.

    manage.py workdays add 2025-09-26 20        the 20th working day after the date
    manage.py workdays between 2025-01-20 2025-02-21   working days in (start, end]
    manage.py workdays year 2026                the year's rest days and 调休 working days

The result (ISO date or count) is printed alone on the last line.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai.core.cli import iso_date
from gongkai.core.workcalendar import get_calendar


class Command(BaseCommand):
    help = "工作日计算：加 N 个工作日、两日期间的工作日数、某年的放假与调休安排。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="起始日期后第 N 个工作日")
        add.add_argument("start")
        add.add_argument("days", type=int)
        between = sub.add_parser("between", help="两日期之间的工作日数（不含起始日，含截止日）")
        between.add_argument("start")
        between.add_argument("end")
        year = sub.add_parser("year", help="某年的放假与调休安排")
        year.add_argument("year", type=int)

    def handle(self, *args: object, **opts: object) -> None:
        cal = get_calendar()
        action = opts["action"]
        if action == "add":
            days = int(opts["days"])  # type: ignore[call-overload]
            if days < 0:
                raise CommandError(_("工作日数不能为负数。"))
            result = cal.add_working_days(iso_date(str(opts["start"])), days)
            self.stdout.write(result.explain())
            if result.provisional:
                self.stderr.write(_("警告：结果为暂定日期。"))
            self.stdout.write(result.date.isoformat())
        elif action == "between":
            start, end = iso_date(str(opts["start"])), iso_date(str(opts["end"]))
            if end < start:
                raise CommandError(_("截止日期不能早于起始日期。"))
            missing = [y for y in range(start.year, end.year + 1) if not cal.is_announced(y)]
            if missing:
                self.stderr.write(
                    _("警告：%(y)s年节假日安排尚未公布，按法定节假日和周末计算（暂定）。")
                    % {"y": "、".join(map(str, missing))}
                )
            self.stdout.write(str(cal.working_days_between(start, end)))
        else:
            year = int(opts["year"])  # type: ignore[call-overload]
            if not cal.is_announced(year):
                raise CommandError(_("%(y)s年节假日安排尚未公布或未录入。") % {"y": year})
            rows = cal.arrangement(year)
            for day, label in rows:
                self.stdout.write(f"{day.isoformat()} {'一二三四五六日'[day.weekday()]} {label}")
            self.stdout.write(str(len(rows)))
