"""The portal's column bar (栏目): one list, shown on every public page and in the sitemap.

Each column is a real page. The bar marks the column a page belongs to (found from the
URL name, or given by the view, as an item page does from its category) and the page's
<meta name="ColumnName"/"ColumnType"> come from the same entry (政府网站 page conventions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Catalogue categories that have a column of their own (catalog/data/categories.json).
POLICY_CATEGORY = "20-01"  # 行政法规、规章和规范性文件
READING_CATEGORY = "L-01"  # 政策解读
RULES_CATEGORY = "L-05"  # 政府信息公开制度


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    url_name: str
    kind: Promise  # <meta name="ColumnType">
    description: Promise
    views: tuple[str, ...] = ()  # other URL names that belong to this column

    @property
    def url(self) -> str:
        return reverse(self.url_name)


COLUMNS: tuple[Column, ...] = (
    Column("guide", _("公开指南"), "gk:guide_index", _("政务公开"),
           _("各机关政府信息公开指南：公开方式、申请渠道、工作机构联系方式"), ("gk:guide",)),
    Column("rules", _("公开制度"), "gk:rules", _("政务公开"),
           _("政府信息公开工作制度：发布审查、保密审查、依申请公开办理等")),
    Column("statutory", _("法定主动公开内容"), "gk:statutory", _("政务公开"),
           _("《政府信息公开条例》第二十条规定应当主动公开的政府信息")),
    Column("catalogue", _("公开目录"), "gk:index", _("政务公开"),
           _("政府信息公开目录：按机关、类别、主题、年份和有效性浏览"), ("gk:search",)),
    Column("policies", _("政策文件"), "gk:policies", _("政策文件"),
           _("行政法规、规章和行政规范性文件，标注有效、失效、废止")),
    Column("readings", _("政策解读"), "gk:readings", _("政策解读"),
           _("政策文件的解读材料，与所解读的文件相互关联")),
    Column("gazette", _("政府公报"), "gk:gazette_index", _("政策文件"),
           _("政府公报各期目录与全文"), ("gk:gazette_issue",)),
    Column("expired", _("失效文件清单"), "gk:expired_index", _("政策文件"),
           _("各机关已失效、已废止的文件清单"), ("gk:expired",)),
    Column("annual", _("公开年报"), "gk:annual_index", _("政务公开"),
           _("各机关政府信息公开工作年度报告（条例第四十九条）"), ("gk:annual_report",)),
    Column("apply", _("依申请公开"), "portal:apply_choose", _("办事服务"),
           _("在线提交政府信息公开申请，凭申请编号和查询码查询办理进度"),
           ("portal:apply", "portal:apply_done", "portal:track", "portal:track_case")),
)  # fmt: skip

BY_KEY = {c.key: c for c in COLUMNS}
_BY_VIEW = {name: c for c in COLUMNS for name in (c.url_name, *c.views)}


def column_of_view(view_name: str) -> Column | None:
    return _BY_VIEW.get(view_name)


def column_of_category(category: str) -> Column:
    """The column an item page sits in: its own column, or the catalogue."""
    by_category = {POLICY_CATEGORY: "policies", READING_CATEGORY: "readings",
                   RULES_CATEGORY: "rules"}  # fmt: skip
    return BY_KEY[by_category.get(category, "catalogue")]


def context(request: HttpRequest | None) -> dict[str, Any]:
    """Context processor: the bar and the column of the current page (None on the home page
    and on the office pages, which do not show the bar)."""
    match = getattr(request, "resolver_match", None)
    return {
        "portal_columns": COLUMNS,
        "page_column": column_of_view(match.view_name) if match else None,
    }
