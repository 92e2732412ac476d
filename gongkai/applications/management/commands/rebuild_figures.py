"""Recompute the per-month figures behind the dashboard and table 三 from the cases.

    manage.py rebuild_figures                  every agency
    manage.py rebuild_figures --agency TCBGS   one agency (by code), e.g. after a repair

The services keep the figures current in every step; this is for data changed outside
them (a restore, a manual SQL fix) and prints how many rows it corrected.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.applications import figures


class Command(BaseCommand):
    help = "按案件重新计算各机关逐月统计数（工作平台统计与年度报告表三所用）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help=_("只重算此机关（机关代码）"))

    def handle(self, *args: Any, **opts: Any) -> None:
        agency_ids = None
        if opts["agency"]:
            agency = Agency.objects.filter(code=opts["agency"]).first()
            if agency is None:
                raise CommandError(_("没有机关代码为 %(c)s 的机关。") % {"c": opts["agency"]})
            agency_ids = [agency.pk]
        corrected = figures.rebuild(agency_ids)
        cache.clear()  # the dashboard caches what it summed from the old rows
        self.stdout.write(_("逐月统计已重算，更正 %(n)d 行。") % {"n": corrected})
