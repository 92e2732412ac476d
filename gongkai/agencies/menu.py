"""The office menu: one entry per section, shown only to users whose view would let them in.

Each entry names the permission predicate its view enforces (agencies/permissions.py),
so the menu and the 403 page cannot disagree (issue 9: a menu link that led to a refusal).
URL names are strings, so this module imports nothing above `agencies`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import permissions as perm


@dataclass(frozen=True)
class Section:
    url_name: str
    label: str | Promise
    allowed: Callable[[Any], bool]
    namespaces: tuple[str, ...] = ()  # the section is current on any page of these namespaces
    names: tuple[str, ...] = ()  # ... or on these url names (in the `office` namespace)


SECTIONS = (
    Section("office:home", _("工作台"), perm.is_back_office_user, names=("home",)),
    Section(
        "office:queue",
        _("申请办理"),
        perm.is_back_office_user,
        names=("queue", "case", "case_action", "register", "registered"),
    ),
    Section("catalog_office:list", _("主动公开"), perm.is_back_office_user, ("catalog_office",)),
    Section("office:dashboard", _("统计"), perm.is_back_office_user, names=("dashboard",)),
    Section("annual:index", _("本机关年度报告"), perm.can_view_any_annual_report, ("annual",)),
    Section("workplan:index", _("工作要点"), perm.is_back_office_user, ("workplan",)),
    Section("reports:index", _("年度报告审查"), perm.can_review_reports, ("reports",)),
    Section("calendar:index", _("工作日历"), perm.is_back_office_user, ("calendar",)),
    Section("jobs:index", _("后台任务"), perm.is_back_office_user, ("jobs",)),
    Section(
        "office:agency_users_default",
        _("机关管理"),
        perm.can_manage_any_agency,
        names=(
            "agency_users_default",
            "agency_users",
            "agency_settings",
            "letter_templates",
            "letter_template_edit",
        ),
    ),
)


@dataclass(frozen=True)
class Link:
    href: str
    label: str | Promise
    active: bool


def office_menu(user: Any, namespace: str = "", url_name: str = "") -> list[Link]:
    """The sections `user` may open, the one holding the current page marked active."""
    return [
        Link(
            reverse(s.url_name),
            s.label,
            namespace in s.namespaces or (namespace == "office" and url_name in s.names),
        )
        for s in SECTIONS
        if s.allowed(user)
    ]
