"""View helpers every app's back office shares: the staff gate, the 403 page, form errors.

Who counts as back-office staff is domain knowledge (roles live in `agencies`),
and core may not import a higher layer: the predicate is registered once at
start-up (`agencies.apps.AgenciesConfig.ready`) through `set_back_office_check`.
Until one is registered nobody passes the gate, so a misconfigured site fails
closed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

View = Callable[..., HttpResponseBase]

_back_office_check: Callable[[Any], bool] = lambda user: False  # noqa: E731  fail closed


def set_back_office_check(predicate: Callable[[Any], bool]) -> None:
    """Register the predicate that says whether a signed-in user may use the office."""
    global _back_office_check
    _back_office_check = predicate


def is_back_office_user(user: Any) -> bool:
    return bool(_back_office_check(user))


def forbidden(request: HttpRequest, exc: Exception | None = None) -> HttpResponse:
    message = str(exc) if exc and str(exc) else _("您没有执行此操作的权限。")
    return render(request, "core/forbidden.html", {"message": message}, status=403)


def staff_view(view: View) -> View:
    """Login required; back-office users only; PermissionDenied → Chinese 403 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_back_office_user(request.user):
            return forbidden(request, PermissionDenied(_("您的账号未在任何机关担任职务。")))
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, exc)

    return login_required(wrapper)


def apply_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's Chinese errors on the form fields they name (or on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
