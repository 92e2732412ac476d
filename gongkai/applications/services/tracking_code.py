"""A lost 查询码: staff reissue it after checking identity, or the applicant has a new one
sent to the e-mail address on file.

Codes are stored only as an HMAC (``hash_tracking_code``): a new code is shown once or
mailed once and never kept in clear — not in the case, the event, the audit record or the
job's arguments (the mail job makes the code itself). Replacing the hash makes the old
code fail at once; the portal's remembered proofs carry a tag of the hash, so they lapse
too (portal/tracking.py).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core import audit, jobs

from .. import events, notifications
from ..codes import hash_tracking_code, new_tracking_code, store_mailed_code
from ..models import Application, ContactKind, EventKind
from .common import CaseError, ConflictError

IDENTITY_CHECK_MIN = 4


@transaction.atomic
def reissue_tracking_code(actor: Any, app: Application, identity_check: str, ip: str = "") -> str:
    """Staff (the case's clerk or reviewer) give the applicant a new code after checking who
    they are; returns the new code, to be shown once and handed over."""
    perm.require(perm.can_handle_case(actor, app))
    identity_check = identity_check.strip()
    if len(identity_check) < IDENTITY_CHECK_MIN:
        raise CaseError(
            {"identity_check": [_("请写明如何核实了申请人身份，例如“当面核验居民身份证原件”。")]}
        )
    code = new_tracking_code()
    _replace_hash(app, code)
    events.record(
        app, actor, EventKind.CODE_REISSUED, note=_("身份核实：%(c)s") % {"c": identity_check}
    )
    audit.record(actor, "tracking_code.reissued", app.number, ip=ip or None, by="staff")
    notifications.on_code_reissued(app)
    return code


def _replace_hash(app: Application, code: str) -> None:
    """Compare-and-set: two reissues at once must not both believe theirs is the code."""
    updated = Application.objects.filter(pk=app.pk, tracking_hash=app.tracking_hash).update(
        tracking_hash=hash_tracking_code(code)
    )
    if updated != 1:
        raise ConflictError(_("查询码已被他人重新发放，请刷新页面后重试。"))
    app.tracking_hash = hash_tracking_code(code)


# -- the applicant's own request ----------------------------------------------------------


def normalise_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


def contact_matches(app: Application, contact: str) -> str:
    """Which contact on file the given one matches (a ContactKind) or "" (none)."""
    contact = contact.strip()
    if "@" in contact:
        same = app.email and contact.lower() == app.email.strip().lower()
        return ContactKind.EMAIL if same else ""
    given = normalise_phone(contact)
    return ContactKind.PHONE if len(given) >= 7 and given == normalise_phone(app.phone) else ""


def find_by_number(number: str) -> Application | None:
    try:
        agency_code, year, seq = number.strip().rsplit("-", 2)
        return Application.objects.select_related("agency").get(
            agency__code=agency_code, year=int(year), seq=int(seq)
        )
    except (ValueError, Application.DoesNotExist):
        return None


@transaction.atomic
def request_code_by_contact(number: str, contact: str, ip: str = "") -> None:
    """ "忘记查询码": when the number and a contact on file match, a new code goes to the
    e-mail address on file (SMS is not available). Returns nothing, so the caller cannot
    tell the applicant — or anyone else — whether anything matched."""
    app = find_by_number(number)
    if app is None:
        return
    matched = contact_matches(app, contact)
    if not matched:
        return
    sent = bool(app.email)
    events.record(app, None, EventKind.CODE_REQUESTED, contact=matched, emailed=sent, ip=ip)
    audit.record(None, "tracking_code.requested", app.number, ip=ip or None, emailed=sent)
    if sent:
        title = _("发送新的查询码：%(n)s") % {"n": app.number}
        transaction.on_commit(
            lambda: jobs.enqueue(
                mail_new_tracking_code, title=title, scope=app.agency.path, application_id=app.pk
            )
        )


def mail_new_tracking_code(run: jobs.JobRun, application_id: int) -> dict[str, str]:
    """Job: make a new code, mail it to the address on file, then store its hash. The code
    exists only in this job's memory and the mail; if the mail fails, the old code stays."""
    app = Application.objects.select_related("agency").get(pk=application_id)
    if not app.email:
        return {}
    run.progress(0, 1, _("正在发送"))
    code = new_tracking_code()
    subject = f"[{app.agency.name}] " + _("您的新查询码")
    body = _(
        "您申请找回查询码。申请编号：%(n)s\n查询码：%(code)s\n原查询码已失效。"
        "如非本人操作，请联系%(a)s的政府信息公开工作机构。"
    ) % {"n": app.number, "code": code, "a": app.agency.name}
    send_mail(subject, body, None, [app.email])
    store_mailed_code(app, code, _("应申请人请求发送至申请时填写的电子邮箱"))
    run.progress(1, 1, _("已发送"))
    return {}
