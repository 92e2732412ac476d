"""What every API view shares: the OpenAPI tags, the documented error answers, the
Chinese exception handler (``ApiMixin``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from gongkai.applications.intake import APPLICANT_FIELDS
from gongkai.portal import throttle

from .. import errors
from .. import serializers as api_serializers

# Tags are lazy translations that pass for str (drf-spectacular's stubs type tags as str).
CASES = cast(str, gettext_lazy("申请办理"))


PUBLIC = cast(str, gettext_lazy("公众"))


REFERENCE = cast(str, gettext_lazy("机关与工作日"))


STATS = cast(str, gettext_lazy("统计"))


ERRORS_400 = OpenApiResponse(
    api_serializers.ErrorSerializer,
    description=gettext_lazy("输入有误或案件状态不允许（中文说明）"),
)


ERRORS_403 = OpenApiResponse(
    api_serializers.DetailSerializer, description=gettext_lazy("未登录或无权限")
)


ERRORS_404 = OpenApiResponse(
    api_serializers.DetailSerializer, description=gettext_lazy("不存在或不在可见范围内")
)


ERRORS_409 = OpenApiResponse(
    api_serializers.ErrorSerializer, description=gettext_lazy("案件已被他人处理，请刷新后重试")
)


ERRORS_410 = OpenApiResponse(
    api_serializers.DetailSerializer,
    description=gettext_lazy("文书已作废，不再提供下载（说明作废日期和替代文书）"),
)


ERRORS_429 = OpenApiResponse(
    api_serializers.DetailSerializer, description=gettext_lazy("操作过于频繁")
)


ACTION_RESPONSES = {
    200: api_serializers.ApplicationDetailSerializer,
    400: ERRORS_400,
    403: ERRORS_403,
    404: ERRORS_404,
    409: ERRORS_409,
}


class ApiMixin:
    # Chinese errors in one shape for every view of this API. (A comment, not a
    # docstring: drf-spectacular would publish a docstring as every operation's description.)

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return errors.handle


def applicant_data(validated: dict[str, Any]) -> dict[str, Any]:
    return {k: validated.get(k, "") for k in APPLICANT_FIELDS}


def too_many() -> Response:
    seconds = throttle.retry_after_seconds()
    return Response(
        {"detail": _("操作过于频繁，请约 %(m)d 分钟后再试。") % {"m": max(1, seconds // 60)}},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(seconds)},
    )


class PublicApiView(ApiMixin, APIView):
    # Anonymous: no session (so no CSRF token needed) and no login.

    permission_classes = [AllowAny]
    authentication_classes: list = []
