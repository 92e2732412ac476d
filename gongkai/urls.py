from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("gongkai.portal.urls")),
    path("accounts/", include("gongkai.agencies.urls")),
    path("office/", include("gongkai.applications.urls")),
    path("office/calendar/", include("gongkai.core.urls")),
    path("office/reports/", include("gongkai.reports.urls")),
    path("api/", include("gongkai.api.urls")),
    path("admin/", admin.site.urls),
]

# Chinese error pages in the site's look; JSON on /api/ (core/errors.py).
handler400 = "gongkai.core.errors.bad_request"
handler403 = "gongkai.core.errors.permission_denied"
handler404 = "gongkai.core.errors.page_not_found"
handler500 = "gongkai.core.errors.server_error"
