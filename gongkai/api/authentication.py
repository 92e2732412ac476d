"""API authentication on the same path as the office login (agencies.services).

HTTP Basic sends a password with every call, so it goes through
`authenticate_login`: a locked username or address is refused before any
password hashing, failures count towards the same lockout, and successes are
audited. Token failures count against the address. Basic is off in production
unless GONGKAI_API_BASIC_AUTH says otherwise (scripts should use tokens).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication, TokenAuthentication

from gongkai.agencies import services


def _locked(until: float) -> exceptions.AuthenticationFailed:
    at = timezone.localtime(dt.datetime.fromtimestamp(until, tz=dt.UTC))
    return exceptions.AuthenticationFailed(
        _("登录失败次数过多，该账号或所在网络已被暂时锁定，请于 %(t)s 后再试。")
        % {"t": at.strftime("%H:%M")}
    )


class LockoutBasicAuthentication(BasicAuthentication):
    def authenticate(self, request: Any) -> tuple[Any, None] | None:
        if not settings.GONGKAI.get("API_BASIC_AUTH"):
            return None  # read per request, so a deployment (or a test) can switch it
        return super().authenticate(request)

    def authenticate_credentials(
        self, userid: str, password: str, request: Any = None
    ) -> tuple[Any, None]:
        try:
            user = services.authenticate_login(request, userid, password, "api-basic")
        except services.LoginLocked as locked:
            raise _locked(locked.until) from None
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_("用户名或密码不正确。"))
        return (user, None)


class LockoutTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        request = getattr(self, "_request", None)
        try:
            services.check_token_address(request)
        except services.LoginLocked as locked:
            raise _locked(locked.until) from None
        try:
            return super().authenticate_credentials(key)
        except exceptions.AuthenticationFailed:
            services.note_token_failure(request)
            raise exceptions.AuthenticationFailed(_("令牌无效。")) from None

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        self._request = request  # DRF passes only the key to authenticate_credentials
        return super().authenticate(request)


class LockoutBasicScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The API docs describe the lockout Basic scheme as plain HTTP Basic."""

    target_class = "gongkai.api.authentication.LockoutBasicAuthentication"
    name = "basicAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "basic"}
