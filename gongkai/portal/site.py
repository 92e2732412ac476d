"""The pages every 政府网站 has besides its columns: 联系我们, 网站地图, robots.txt, the favicon,
and the /display/ switch behind 长者模式 and the A- / A / A+ links (no JavaScript needed)."""

from __future__ import annotations

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.catalog import taxonomy
from gongkai.catalog.models import GazetteIssue, Guide
from gongkai.core.site import DISPLAY_COOKIE, display_for

from .annual import published_reports
from .caching import cacheable
from .columns import COLUMNS

DISPLAY_COOKIE_AGE = 365 * 24 * 3600


def safe_next(request: HttpRequest, target: str | None) -> str:
    """A path on this site to go back to; anything else (another host, a scheme, `//x`,
    a backslash trick) goes to the home page."""
    target = target or ""
    ok = (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )
    return target if ok else reverse("portal:home")


@never_cache
@require_GET
def display(request: HttpRequest) -> HttpResponse:
    """Set 长者模式 (?mode=elder|standard) or the font size (?size=up|down|reset) in a cookie
    and go back to ?next=. Plain links, so it works without JavaScript."""
    current = display_for(request)
    if "mode" in request.GET:
        current = current.with_mode(request.GET["mode"])
    if "size" in request.GET:
        current = current.with_size(request.GET["size"])
    response = HttpResponseRedirect(safe_next(request, request.GET.get("next")))
    response.set_cookie(
        DISPLAY_COOKIE,
        current.encode(),
        max_age=DISPLAY_COOKIE_AGE,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    return response


@cacheable
def contact(request: HttpRequest) -> HttpResponse:
    """联系我们: the site's host, and every agency's 政府信息公开工作机构 (条例第十二条)."""
    agencies = Agency.objects.active().order_by("path")
    return render(request, "portal/contact.html", {"agencies": agencies})


@cacheable
def sitemap_page(request: HttpRequest) -> HttpResponse:
    """网站地图: every column and what is under it, as plain links."""
    context = {
        "columns": COLUMNS,
        "guides": Agency.objects.filter(pk__in=Guide.objects.values("agency")).order_by("path"),
        "categories": [(c, label) for c, label in taxonomy.category_choices()],
        "gazette_years": GazetteIssue.objects.values_list("year", flat=True)
        .distinct()
        .order_by("-year"),
        "report_years": sorted(set(published_reports().values_list("year", flat=True)),
                               reverse=True),
    }  # fmt: skip
    return render(request, "portal/sitemap.html", context)


ROBOTS = """User-agent: *
Disallow: /office/
Disallow: /accounts/
Disallow: /admin/
Disallow: /api/
Disallow: /track/
Disallow: /apply/done/
Disallow: /display/
Sitemap: {sitemap}
"""


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public pages; the back office, the API and an applicant's
    tracking pages are not for them (they are also behind login or a secret code)."""
    body = ROBOTS.format(sitemap=request.build_absolute_uri(reverse("sitemap")))
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("gongkai/favicon.ico"))
