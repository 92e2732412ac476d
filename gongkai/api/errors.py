"""One error shape for the whole API, in Chinese.

400 {"errors": {field: [messages]}}   bad input (serializer, CaseError, ValidationError)
403 {"detail": message}              a permission predicate said no
409 {"errors": {...}}                someone else changed the case first (ConflictError)
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from gongkai.applications.services import ConflictError

NON_FIELD = "non_field_errors"


def django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()
        }
    return {NON_FIELD: list(exc.messages)}


def drf_errors(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return dict(detail)
    if isinstance(detail, list):
        return {NON_FIELD: detail}
    return {NON_FIELD: [detail]}


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ConflictError):
        return Response({"errors": django_errors(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response({"errors": django_errors(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        detail = str(exc) or _("您没有执行此操作的权限。")
        return Response({"detail": detail}, status=status.HTTP_403_FORBIDDEN)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = {"errors": drf_errors(response.data)}
    return response
