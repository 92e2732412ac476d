from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("gongkai.portal.urls")),
    path("accounts/", include("gongkai.agencies.urls")),
    path("office/", include("gongkai.applications.urls")),
    path("office/calendar/", include("gongkai.applications.calendar_urls")),
    path("office/jobs/", include("gongkai.agencies.job_urls")),
    path("office/reports/", include("gongkai.reports.urls")),
    # The agency's own annual report (building, publishing): reports.annual, issue 8.
    path("office/annual-reports/", include("gongkai.reports.annual.urls")),
    path("api/", include("gongkai.api.urls")),
    path("admin/", admin.site.urls),
]

# Chinese error pages in the site's look; JSON on /api/ (core/errors.py).
handler400 = "gongkai.core.errors.bad_request"
handler403 = "gongkai.core.errors.permission_denied"
handler404 = "gongkai.core.errors.page_not_found"
handler500 = "gongkai.core.errors.server_error"
