"""Read-only admin: cases change only through services/ (with their events)."""

from typing import Any

from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin

from .models import Application, CaseEvent


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = ("at", "actor", "kind", "from_status", "to_status", "note")
    readonly_fields = fields

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "agency",
        "status",
        "receipt_date",
        "due_on",
        "due_state",
        "decision",
    ]
    list_filter = ["status", "due_state", "decision", "channel"]
    search_fields = ["seq", "description"]
    exclude = ["id_number", "phone", "address", "email", "tracking_hash"]
    inlines = [CaseEventInline]
