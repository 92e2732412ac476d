"""Response headers that hold for the whole site: a Content-Security-Policy and
`Cache-Control: no-store` wherever a page can show personal data.

Django 5.2 has no built-in CSP. Scripts must come from our own static files or
carry this request's nonce (`{{ csp_nonce }}`); inline event handlers are refused.
Inline `style` attributes stay allowed: the letter layout and the report grid
compute them, and a style cannot run code.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# Paths whose answers can name a person or carry a secret (tracking codes):
# no browser, proxy or shared-PC cache may keep a copy.
PRIVATE_PREFIXES = ("/office/", "/api/", "/accounts/", "/admin/", "/track/", "/apply/done/")


def nonce(request: Any) -> dict[str, str]:
    """Context processor: the request's CSP nonce for inline <script nonce=…>."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(16)  # type: ignore[attr-defined]
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:  # a view may set a stricter one
            response["Content-Security-Policy"] = CSP.format(nonce=request.csp_nonce)  # type: ignore[attr-defined]
        if self._private(request):
            response["Cache-Control"] = "no-store, private"
        return response

    @staticmethod
    def _private(request: HttpRequest) -> bool:
        if request.path.startswith(PRIVATE_PREFIXES):
            return True
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
