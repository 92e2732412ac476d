"""The API's gates. They only wrap gongkai.agencies.permissions: the same
predicates decide for the back office, the API and the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from gongkai.agencies import permissions as perm

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class IsBackOfficeUser(BasePermission):
    """Signed in and holding a role in at least one agency."""

    message = _("仅限政府信息公开工作人员使用：请使用具有机关角色的账号登录。")

    def has_permission(self, request: Any, view: Any) -> bool:
        return perm.is_back_office_user(request.user)


# Which predicate each case step needs is the step's own (applications.steps.STEPS),
# checked before the input is even read (so a supervisor is refused, not told their
# date is malformed); the service checks again.
HANDLE = perm.can_handle_case
APPROVE = perm.can_approve

DENIED: dict[Callable[[Any, Any], bool], StrOrPromise] = {
    HANDLE: _("只有受理机关的信息员或审核人可以办理该申请。"),
    APPROVE: _("只有受理机关的审核人可以审批。"),
}
