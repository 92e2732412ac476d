from typing import Any

from django.contrib import admin

from gongkai.agencies import permissions as perm
from gongkai.core import audit
from gongkai.core.admin import ReadOnlyAdmin

from .models import AgencySettings, Item, ItemEvent, Revision, WordingRule


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    """Read-only: items change through catalog.services (review, publish, withdraw)."""

    list_display = ["index_no", "title", "agency", "status", "validity", "published_at"]
    list_filter = ["status", "validity", "category"]
    search_fields = ["index_no", "title", "doc_no"]


@admin.register(ItemEvent)
class ItemEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "item", "kind", "actor"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    """Read-only: corrections move through catalog.revisions (review, apply, withdraw)."""

    list_display = ["item", "state", "author", "created_at", "applied_at"]
    list_filter = ["state"]


class _AuditedAdmin(admin.ModelAdmin):
    """Lists maintained by admins in the admin site; each save is written to the audit log."""

    def has_module_permission(self, request: Any) -> bool:
        return perm.can_manage_catalog(request.user)

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return perm.can_manage_catalog(request.user)

    def has_add_permission(self, request: Any) -> bool:
        return perm.can_manage_catalog(request.user)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return perm.can_manage_catalog(request.user)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return perm.can_manage_catalog(request.user)

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit.record(request.user, f"catalog.{type(obj).__name__.lower()}.save", obj)


@admin.register(WordingRule)
class WordingRuleAdmin(_AuditedAdmin):
    """The wording list (错别字, 敏感表述, 机构改革前名称): a starter list, edited by admins."""

    list_display = ["wrong", "right", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["wrong", "right"]


@admin.register(AgencySettings)
class AgencySettingsAdmin(_AuditedAdmin):
    list_display = ["agency", "index_code", "blocking_checks"]
