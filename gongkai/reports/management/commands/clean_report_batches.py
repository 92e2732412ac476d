"""Remove uploaded batch ZIPs that outlived their job (run daily, idempotent).

manage.py clean_report_batches              older than REPORT_BATCH_KEEP_DAYS (default 7)
manage.py clean_report_batches --days 0     every one no queued or running job will read

A batch job removes its own ZIP when it ends; this catches the rest: a failed job nobody
retried, an upload whose request or worker died. The jobs' results, failures lists and the
kept reports (each with its own source document) are untouched.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ...bulk import clean_uploads


class Command(BaseCommand):
    help = "删除超过保留期限、已无任务读取的批量上传压缩包（每日运行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=_("保留天数，默认取设置 REPORT_BATCH_KEEP_DAYS"),
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        days = opts["days"]
        if days is None:
            days = settings.GONGKAI["REPORT_BATCH_KEEP_DAYS"]
        if days < 0:
            raise CommandError(_("保留天数不能为负数。"))
        removed = clean_uploads(days)
        self.stdout.write(_("已删除 %(n)d 个过期的批量上传文件。") % {"n": len(removed)})
