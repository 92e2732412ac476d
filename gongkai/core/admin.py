from django.contrib import admin

from gongkai.applications.admin import ReadOnlyAdmin

from .models import AuditEvent, HolidayYear


@admin.register(HolidayYear)
class HolidayYearAdmin(ReadOnlyAdmin):
    """Read-only: years are added on the calendar page, which recomputes deadlines."""

    list_display = ["year", "notice", "doc_no", "updated_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "target", "ip"]
    list_filter = ["action"]
    search_fields = ["target", "actor__username"]
