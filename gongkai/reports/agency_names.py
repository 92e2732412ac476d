"""Agency names as reports print them, matched to the agency tree beyond exact spelling.

A report names its agency as its own title does: a short form ('太仓市' for 太仓市人民政府), the
common abbreviation 管委会 for 管理委员会, or the name before the 2018 or 2023 institutional
reform (国土资源局 → 自然资源局). Those are candidates for a person to confirm, never an
automatic assignment. The rename lists are from ../shared/regs/portal-lists.json
(agency_renames_2018, agency_renames_2023, local_agency_patterns).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

RENAMED = (  # central agencies: old name → new name (2018, 2023 reforms)
    ("国土资源部", "自然资源部"),
    ("国家海洋局", "自然资源部"),
    ("国家测绘地理信息局", "自然资源部"),
    ("环境保护部", "生态环境部"),
    ("农业部", "农业农村部"),
    ("文化部", "文化和旅游部"),
    ("国家旅游局", "文化和旅游部"),
    ("国家卫生和计划生育委员会", "国家卫生健康委员会"),
    ("国家安全生产监督管理总局", "应急管理部"),
    ("国务院法制办公室", "司法部"),
    ("国务院三峡工程建设委员会及其办公室", "水利部"),
    ("国务院南水北调工程建设委员会及其办公室", "水利部"),
    ("国有重点大型企业监事会", "审计署"),
    ("监察部", "国家监察委员会"),
    ("国家预防腐败局", "国家监察委员会"),
    ("国家工商行政管理总局", "国家市场监督管理总局"),
    ("国家质量监督检验检疫总局", "国家市场监督管理总局"),
    ("国家食品药品监督管理总局", "国家市场监督管理总局"),
    ("国家新闻出版广电总局", "国家广播电视总局"),
    ("中国银行业监督管理委员会", "中国银行保险监督管理委员会"),
    ("中国保险监督管理委员会", "中国银行保险监督管理委员会"),
    ("国家粮食局", "国家粮食和物资储备局"),
    ("国家林业局", "国家林业和草原局"),
    ("国家税务局", "国家税务总局××税务局"),
    ("地方税务局", "国家税务总局××税务局"),
    ("中国银行保险监督管理委员会", "国家金融监督管理总局"),
    ("国家乡村振兴局", "农业农村部"),
    ("国务院港澳事务办公室", "中央港澳工作办公室"),
    ("国家外国专家局", "科学技术部"),
)
RENAMED_LOCAL = (  # local departments: old suffix → new suffix after the place name
    ("国土资源局", "自然资源局"),
    ("国土资源厅", "自然资源厅"),
    ("规划局", "自然资源和规划局"),
    ("环境保护局", "生态环境局"),
    ("环境保护厅", "生态环境厅"),
    ("农业局", "农业农村局"),
    ("农业厅", "农业农村厅"),
    ("农业委员会", "农业农村委员会"),
    ("文化局", "文化和旅游局"),
    ("旅游局", "文化和旅游局"),
    ("文化广电新闻出版局", "文化广电旅游局"),
    ("文化厅", "文化和旅游厅"),
    ("卫生和计划生育委员会", "卫生健康委员会"),
    ("卫生计生委", "卫生健康委"),
    ("卫计局", "卫生健康局"),
    ("安全生产监督管理局", "应急管理局"),
    ("安监局", "应急管理局"),
    ("工商行政管理局", "市场监督管理局"),
    ("工商局", "市场监督管理局"),
    ("质量技术监督局", "市场监督管理局"),
    ("质监局", "市场监督管理局"),
    ("食品药品监督管理局", "市场监督管理局"),
    ("食药监局", "市场监督管理局"),
    ("法制办公室", "司法局"),
    ("政府法制办", "司法局"),
    ("粮食局", "粮食和物资储备局"),
    ("林业局", "林业和草原局"),
    ("新闻出版广电局", "广播电视局"),
    ("出入境检验检疫局", "海关"),
    ("地方税务局", "税务局"),
    ("扶贫开发办公室", "乡村振兴局"),
    ("银保监局", "国家金融监督管理总局××监管局"),
    ("金融工作局", "地方金融管理局"),
)
_ABBREVIATIONS = (("管委会", "管理委员会"), ("人民政府办", "人民政府办公室"))
_PUNCTUATION = re.compile(r"[\s()（）【】\[\]·]")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|办事处|管理委员会)$")


def name_key(name: str) -> str:
    """A name without spaces and brackets, abbreviations written out."""
    key = _PUNCTUATION.sub("", name)
    for short, full in _ABBREVIATIONS:
        if key.endswith(short) or short + "办" in key or short in key:
            key = key.replace(short, full) if full not in key else key
    return key


def _renamed(key: str) -> str | None:
    for old, new in RENAMED:
        if key == old:
            return new
    for old, new in RENAMED_LOCAL:
        if key.endswith(old):
            return key[: -len(old)] + new
    return None


def _place(key: str) -> str:
    """'太仓市人民政府' → '太仓市': a whole-area report may print only the place (or zone)."""
    return _GOVERNMENT.sub("", key)


def candidates(name: str | None, agencies: Iterable[Any]) -> list[tuple[Any, str]]:
    """(agency, why) for every agency the printed name may mean, best first; exact first."""
    if not name:
        return []
    key = name_key(name)
    renamed = _renamed(key)
    found: list[tuple[int, Any, str]] = []
    for agency in agencies:
        names = {name_key(agency.name)} | (
            {name_key(agency.short_name)} if agency.short_name else set()
        )
        if key in names:
            found.append((0, agency, _("同名")))
        elif renamed and renamed in names:
            found.append((1, agency, _("机构改革后更名")))
        elif _place(key) in {_place(n) for n in names}:
            found.append((2, agency, _("简称或全称")))
    found.sort(key=lambda item: item[0])
    return [(agency, why) for _rank, agency, why in found]
