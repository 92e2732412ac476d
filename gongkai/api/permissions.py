"""The API's gates. They only wrap gongkai.agencies.permissions: the same
predicates decide for the back office, the API and the services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from gongkai.agencies import permissions as perm


class IsBackOfficeUser(BasePermission):
    """Signed in and holding a role in at least one agency."""

    message = _("仅限政府信息公开工作人员使用：请使用具有机关角色的账号登录。")

    def has_permission(self, request: Any, view: Any) -> bool:
        return perm.is_back_office_user(request.user)


# Which predicate each case action needs, checked before the input is even
# read (so a supervisor is refused, not told their date is malformed); the
# service checks again.
HANDLE = perm.can_handle_case
APPROVE = perm.can_approve

ACTION_PREDICATES = {
    "confirm_receipt": HANDLE,
    "correction": HANDLE,
    "correction_received": HANDLE,
    "consultations": HANDLE,
    "opinions": HANDLE,
    "extension": HANDLE,
    "extension_decision": APPROVE,
    "fee_notice": HANDLE,
    "payment": HANDLE,
    "abandon": HANDLE,
    "withdraw": HANDLE,
    "decision": HANDLE,
    "decision_return": APPROVE,
    "decision_approve": APPROVE,
    "deliveries": HANDLE,
    "appeals": HANDLE,
    "appeal_result": HANDLE,
}

DENIED = {
    HANDLE: _("只有受理机关的信息员或审核人可以办理该申请。"),
    APPROVE: _("只有受理机关的审核人可以审批。"),
}
