from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from gongkai.portal import site
from gongkai.portal.disclosure import ItemSitemap

urlpatterns = [
    path("", include("gongkai.portal.urls")),
    path("gk/", include("gongkai.portal.gk_urls")),
    path("robots.txt", site.robots_txt, name="robots"),
    path("favicon.ico", site.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": {"items": ItemSitemap}}, name="sitemap"),
    path("accounts/", include("gongkai.agencies.urls")),
    path("office/", include("gongkai.applications.urls")),
    path("office/calendar/", include("gongkai.applications.calendar_urls")),
    path("office/jobs/", include("gongkai.agencies.job_urls")),
    path("office/reports/", include("gongkai.reports.urls")),
    # 主动公开: the catalogue's review pages (catalog) and its public pages (portal, under /gk/).
    path("office/catalog/", include("gongkai.catalog.urls")),
    # The agency's own annual report (building, publishing): reports.annual, issue 8.
    path("office/annual-reports/", include("gongkai.reports.annual.urls")),
    path("office/work-plans/", include("gongkai.reports.workplan.urls")),
    path("api/", include("gongkai.api.urls")),
    path("admin/", admin.site.urls),
]

# Chinese error pages in the site's look; JSON on /api/ (core/errors.py).
handler400 = "gongkai.core.errors.bad_request"
handler403 = "gongkai.core.errors.permission_denied"
handler404 = "gongkai.core.errors.page_not_found"
handler500 = "gongkai.core.errors.server_error"
