"""Errors in Chinese, in the site's look, and as JSON on /api/.

Django's own 400/403/404/500 pages are English; these handlers render
templates/<code>.html, or {"detail": …} for API clients. A database that is
down, locked past its timeouts or refusing connections answers 503: the
request's transaction has rolled back, so nothing is half-written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

log = logging.getLogger("gongkai.errors")

MESSAGES = {
    400: lambda: _("请求有误：地址或提交的内容格式有误。"),
    403: lambda: _("您没有执行此操作的权限。"),
    404: lambda: _("请求的资源不存在。"),
    500: lambda: _("系统处理请求时出错，请稍后再试。"),
    503: lambda: _("系统正忙或数据库暂时不可用，请求未被处理，也未保存任何内容。请稍后再试。"),
}


def is_api(request: HttpRequest | None) -> bool:
    return request is not None and request.path.startswith("/api/")


def page_context(request: HttpRequest | None) -> dict[str, Any]:
    """The site chrome's context (site name, footer, column bar) from the context processors
    in GONGKAI_ERROR_PAGE_CONTEXT: those that read only settings and the request, never the
    database, which may be the very thing that failed."""
    context: dict[str, Any] = {"request": request}
    for name in settings.GONGKAI_ERROR_PAGE_CONTEXT:
        context.update(import_string(name)(request))
    return context


def error_response(request: HttpRequest | None, status: int) -> HttpResponse:
    """The Chinese answer for `status`: JSON on /api/, else templates/<status>.html.
    Rendered without a request context (no user, no session), so it needs no database."""
    if is_api(request):
        detail = {"detail": MESSAGES[status]()}
        return JsonResponse(detail, status=status, json_dumps_params={"ensure_ascii": False})
    body = loader.render_to_string(f"{status}.html", page_context(request))
    response = HttpResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(request, 500)


class DatabaseUnavailableMiddleware:
    """A dead or locked database is a 503 with a Chinese page or JSON error, not a 500,
    and a NUL byte in the address or a query parameter a Chinese 400 (PostgreSQL cannot
    store NUL, and no legitimate filter contains one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return error_response(request, 400)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError) or _is_timeout(exception):
            log.error("database unavailable: %s", exception.__class__.__name__)
            return error_response(request, 503)
        return None


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in k or "\x00" in v for k, vs in request.GET.lists() for v in [k, *vs])


def _is_timeout(exception: Any) -> bool:
    # psycopg raises QueryCanceled (statement/lock timeout) as a DatabaseError subclass.
    cause = getattr(exception, "__cause__", None)
    return isinstance(exception, DatabaseError) and type(cause).__name__ in {
        "QueryCanceled",
        "LockNotAvailable",
    }
