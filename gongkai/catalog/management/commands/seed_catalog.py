"""Create the demo catalogue (called by seed_demo): the 2019 work plan and its
interpretation, one item of every category, a withdrawn and a repealed item."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "生成主动公开演示数据"

    def handle(self, *args: Any, **options: Any) -> None:
        from gongkai.catalog.demo import seed_catalog

        try:
            count = seed_catalog()
        except get_user_model().DoesNotExist as exc:
            raise CommandError(_("请先运行 seed_demo 生成演示账号。")) from exc
        except ImportError as exc:
            raise CommandError(_("生成演示数据需要开发依赖 time-machine。")) from exc
        if count:
            self.stdout.write(_("主动公开演示数据：已发布 %(n)d 件公开目录条目。") % {"n": count})
        else:
            self.stdout.write(_("主动公开演示数据已存在，未重复生成。"))
