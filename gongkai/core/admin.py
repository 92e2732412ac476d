from typing import Any

from django.contrib import admin

from .models import AuditEvent, HolidayYear


class ReadOnlyAdmin(admin.ModelAdmin):
    """The admin only reads: records change through their services, which audit each change.

    Every app's admin (cases, calendar years, the audit log, the catalogue) builds on this."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(HolidayYear)
class HolidayYearAdmin(ReadOnlyAdmin):
    """Read-only: years are added on the calendar page, which recomputes deadlines."""

    list_display = ["year", "notice", "doc_no", "updated_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "target", "ip"]
    list_filter = ["action"]
    search_fields = ["target", "actor__username"]
