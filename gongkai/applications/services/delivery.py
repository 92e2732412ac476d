"""After the reply: letters issued by staff, and their delivery."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core import audit, workflow
from gongkai.core.actors import Actor, signed_in

from .. import events
from .. import preconditions as pre
from ..models import (
    Application,
    Consultation,
    Delivery,
    DeliveryMethod,
    EventKind,
    Letter,
    LetterKind,
)
from .common import CaseError, check_date, today


@transaction.atomic
def issue_letter(
    actor: Actor,
    app: Application,
    kind: str,
    issued_on: dt.date | None = None,
    consultation: Consultation | None = None,
    reason: str = "",
    token: str = "",
) -> Letter:
    """Staff issue one of the letters whose facts the case already has (the reply letter
    comes with approve_decision); re-issuing a kind voids the earlier one (with `reason`)."""
    from ..letters.issue import issue_letter as issue

    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_issue_letter(app, today()))
    if kind not in pre.issuable_letters(app):
        raise CaseError({"kind": [_("该申请尚不能出具此类文书。")]})
    if kind == LetterKind.CONSULTATION and (
        consultation is None or consultation.application_id != app.pk
    ):
        raise CaseError({"consultation": [_("征求意见函须选择征求意见对象。")]})
    return issue(actor, app, kind, issued_on, consultation, reason=reason, token=token)


VOID_REASON_MAX = 500  # Letter.void_reason


@transaction.atomic
def void_letter(letter: Letter, actor: Actor, reason: str) -> Letter:
    """作废 a letter without issuing another: staff handling the case, with a reason.

    The letter is kept (bytes and all) and marked void with who, when and why; its 文号
    is never reused (the series counter only ever grows). Compare-and-set: of two
    simultaneous voids one wins, the other is refused. The clock does not move: the
    facts it counts from (the correction, the consultation, the fee) stay recorded."""
    from ..letters.issue import void_letter as void

    app = letter.application
    perm.require(perm.can_handle_case(actor, app), _("只有承办机关的信息员或审核人可以作废文书。"))
    # One letter step at a time per case (issue_letter takes the same lock).
    Application.objects.select_for_update().filter(pk=app.pk).first()
    letter.refresh_from_db(fields=["voided_at"])
    workflow.require(pre.why_not_void_letter(letter, today()))
    reason = reason.strip()
    if not reason:
        raise CaseError({"reason": [_("请填写作废原因。")]})
    if len(reason) > VOID_REASON_MAX:
        raise CaseError({"reason": [_("作废原因不能超过 %(n)d 个字。") % {"n": VOID_REASON_MAX}]})
    void(actor, letter, reason)
    audit.record(
        actor, "letter.voided", letter.doc_number, case=app.number, letter_id=letter.pk,
        kind=letter.kind,
    )  # fmt: skip
    letter.refresh_from_db(fields=["voided_at", "voided_by", "void_reason"])
    return letter


@transaction.atomic
def deliver(
    actor: Actor,
    app: Application,
    method: str,
    delivered_on: dt.date,
    proof: str = "",
    letter_id: int | None = None,
) -> Delivery:
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_deliver(app, today()))
    if method not in DeliveryMethod.values:
        raise CaseError({"method": [_("请选择送达方式。")]})
    letter = (
        app.letters.filter(pk=letter_id).first()
        if letter_id
        else app.letters.filter(kind="reply").last()
    )
    if letter is None:
        raise CaseError(_("尚无可送达的文书。"))
    if letter.voided:
        raise CaseError({"letter_id": [_("该文书已作废，不能送达。")]})
    check_date(delivered_on, "delivered_on", letter.issued_on)
    if (
        method in (DeliveryMethod.POST, DeliveryMethod.EMAIL, DeliveryMethod.FAX)
        and not proof.strip()
    ):
        raise CaseError({"proof": [_("邮寄、电子邮件、传真送达请填写凭证（单号或发送记录）。")]})
    d = Delivery.objects.create(
        application=app,
        letter=letter,
        method=method,
        delivered_on=delivered_on,
        proof=proof.strip(),
        recorded_by=signed_in(actor),
    )
    events.record(
        app,
        actor,
        EventKind.DELIVERED,
        method=method,
        delivered_on=delivered_on,
        letter=letter.title,
    )
    return d
