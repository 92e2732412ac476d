from django.contrib import admin

from .forms import ThrottledAdminAuthenticationForm
from .models import Agency, Membership

# The admin logs in through the same lockout, count and audit as the office.
admin.site.login_form = ThrottledAdminAuthenticationForm


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "is_active"]
    search_fields = ["name", "code"]
    list_filter = ["level", "is_active"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__name"]
