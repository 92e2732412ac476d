"""The site's URLs plus two marked pages the real portal does not have (yet): one with an
inline script carrying the CSP nonce, one with a form carrying a CSRF token. They show
what the page cache does with either, whatever a future template puts in a cached page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from gongkai.core.pagecache import cacheable_page
from gongkai.urls import handler404, handler500  # noqa: F401  (the site's error pages)
from gongkai.urls import urlpatterns as site

SCRIPT = '<p>脚本</p><script nonce="{{ csp_nonce }}">document.title = "ok";</script>'
FORM = '<form method="post">{% csrf_token %}<button>提交</button></form>'


def _page(source: str, request: HttpRequest) -> HttpResponse:
    return HttpResponse(engines["django"].from_string(source).render({}, request))


@cacheable_page
def with_script(request: HttpRequest) -> HttpResponse:
    return _page(SCRIPT, request)


@cacheable_page
def with_form(request: HttpRequest) -> HttpResponse:
    return _page(FORM, request)


urlpatterns = [
    path("__test__/script/", with_script),
    path("__test__/form/", with_form),
    *site,
]
