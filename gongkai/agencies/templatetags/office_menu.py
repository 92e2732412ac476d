"""`{% office_menu %}`: the office navigation, built from the permission predicates (menu.py)."""

from __future__ import annotations

from typing import Any

from django import template

from ..menu import office_menu as build_menu

register = template.Library()


@register.inclusion_tag("office/_menu.html", takes_context=True)
def office_menu(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None) or context.get("user")
    return {
        "links": build_menu(
            user, getattr(match, "namespace", "") or "", getattr(match, "url_name", "") or ""
        )
    }
