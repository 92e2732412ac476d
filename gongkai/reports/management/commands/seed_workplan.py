"""Create the demo work plan (called by seed_demo): 太政办〔2019〕112号 split into its tasks,
assigned to the 太仓 demo agencies, with some progress reported."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "生成政务公开工作要点演示数据"

    def handle(self, *args: Any, **options: Any) -> None:
        from gongkai.reports.workplan.seed import seed_workplan

        try:
            count = seed_workplan()
        except get_user_model().DoesNotExist as exc:
            raise CommandError(_("请先运行 seed_demo 生成演示账号。")) from exc
        if count:
            self.stdout.write(_("政务公开工作要点演示数据：已印发 %(n)d 项任务。") % {"n": count})
        else:
            self.stdout.write(_("政务公开工作要点演示数据已存在，未重复生成。"))
