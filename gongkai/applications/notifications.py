"""Mail to applicants and staff, sent after the transaction commits.

The backend is Django's EMAIL_BACKEND (console by default). A failed send is
logged, never allowed to undo the step that caused it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies.models import Membership, Role

if TYPE_CHECKING:
    from .models import Application, Correction, Extension, Fee

log = logging.getLogger(__name__)


def _send(subject: str, body: str, to: list[str]) -> None:
    to = [a for a in to if a]
    if not to:
        return

    def go() -> None:
        try:
            send_mail(subject, body, None, to)
        except Exception:  # a mail server outage must not lose the case step
            log.exception("mail to %s failed", to)

    transaction.on_commit(go)


def _applicant(app: Application, subject: str, body: str) -> None:
    _send(
        f"[{app.agency.name}] {subject}",
        body + "\n\n" + _("申请编号：%(n)s") % {"n": app.number},
        [app.email],
    )


def _staff(
    app: Application, subject: str, body: str, roles: tuple[str, ...] = (Role.CLERK, Role.REVIEWER)
) -> None:
    emails = list(
        Membership.objects.filter(agency=app.agency, role__in=roles, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )
    _send(f"[{app.number}] {subject}", body, emails)


def on_submitted(app: Application, code: str) -> None:
    _applicant(
        app,
        _("已收到您的政府信息公开申请"),
        _(
            "您的申请已提交，工作机构将与您确认收到申请的日期。\n查询码：%(code)s（请妥善保存，凭申请编号和查询码查询办理进度）。"
        )
        % {"code": code},
    )
    _staff(app, _("新的网上申请待确认"), _("请确认收到申请并登记。"))


def on_registered(app: Application, code: str) -> None:
    _applicant(
        app, _("您的政府信息公开申请已登记"), _("查询码：%(code)s（请妥善保存）。") % {"code": code}
    )


def on_received(app: Application) -> None:
    _applicant(
        app,
        _("确认收到申请"),
        _("收到申请之日：%(r)s；答复期限：%(d)s。") % {"r": app.receipt_date, "d": app.due_on},
    )


def on_correction_requested(app: Application, c: Correction) -> None:
    _applicant(
        app, _("补正告知"), _("请于%(d)s前补正：\n%(items)s") % {"d": c.deadline, "items": c.items}
    )


def on_extension_requested(app: Application, ext: Extension) -> None:
    _staff(app, _("延期申请待审批"), ext.reason, roles=(Role.REVIEWER,))


def on_extension_approved(app: Application, ext: Extension) -> None:
    _applicant(
        app,
        _("延期答复告知"),
        _("答复期限延长%(n)d个工作日，至%(d)s。") % {"n": ext.days, "d": app.due_on},
    )


def on_fee_noticed(app: Application, fee: Fee) -> None:
    _applicant(
        app,
        _("收费通知"),
        _("信息处理费%(a)d元，请于%(d)s前缴纳。") % {"a": fee.amount, "d": fee.pay_due},
    )


def on_replied(app: Application) -> None:
    _applicant(app, _("您的申请已答复"), _("请凭申请编号和查询码在门户网站下载答复告知书。"))


def on_due_state(app: Application) -> None:
    label = app.get_due_state_display()
    _staff(
        app,
        _("期限提醒：%(s)s") % {"s": label},
        _("答复期限：%(d)s\n%(why)s") % {"d": app.due_on, "why": "\n".join(app.due_explanation)},
        roles=(Role.CLERK, Role.REVIEWER, Role.ADMIN),
    )
