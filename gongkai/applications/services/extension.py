"""延期 (条例第三十三条第二款): the request and the reviewer's decision.

Both steps race in practice (two clerks asking, two reviewers deciding at once), so each
is decided by the database, not by what the process read: the request locks the case
row and the one-to-one extension is unique per case; the decision is a compare-and-set on
the still-pending extension. The loser gets a Chinese message, never a 500 and never a
half-applied decision."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gongkai.agencies import permissions as perm
from gongkai.core import workflow
from gongkai.core.actors import Actor, user_of

from .. import deadlines, events, notifications
from .. import preconditions as pre
from ..models import Application, EventKind, Extension
from .common import CaseError, ConflictError, check_date, recompute_due, today

DECIDED_BY_OTHERS = _lazy("该延期申请已由他人审批，请刷新页面查看结果。")


@transaction.atomic
def request_extension(actor: Actor, app: Application, days: int, reason: str) -> Extension:
    """Ask the reviewer for at most 20 more working days, once per case."""
    perm.require(perm.can_handle_case(actor, app))
    # Serialise requests for this case: a second one waits here and then sees the first.
    Application.objects.select_for_update().filter(pk=app.pk).first()
    workflow.require(pre.why_not_request_extension(app, today()))
    if not 1 <= days <= deadlines.MAX_EXTENSION_DAYS:
        raise CaseError({"days": [_("延长期限最长不得超过20个工作日（条例第三十三条）。")]})
    if not reason.strip():
        raise CaseError({"reason": [_("请说明延期理由。")]})
    try:
        with transaction.atomic():
            ext = Extension.objects.create(
                application=app, days=days, reason=reason.strip(), requested_by=user_of(actor)
            )
    except IntegrityError as exc:  # the one-extension-per-case constraint
        raise ConflictError(
            _("该申请已有延期申请（每件申请只能延期一次），请刷新页面查看。")
        ) from exc
    events.record(app, actor, EventKind.EXTENSION_REQUESTED, days=days, note=reason.strip())
    notifications.on_extension_requested(app, ext)
    return ext


@transaction.atomic
def decide_extension(
    actor: Actor,
    app: Application,
    approve: bool,
    decided_on: dt.date,
    notified_on: dt.date | None = None,
) -> Extension:
    """The head of the work unit (a reviewer other than the requester) approves or refuses;
    the applicant is told of an approval."""
    perm.require(perm.can_approve(actor, app))
    # One read decides: the precondition is "an extension is pending", and asking it a
    # second time could see the other reviewer's commit in between (a plain "nothing
    # pending" where the reviewer needs to hear that someone else decided).
    ext = deadlines.pending_extension(app)
    if ext is None:
        if Extension.objects.filter(application=app).exists():
            raise ConflictError(DECIDED_BY_OTHERS)  # the other reviewer was first
        workflow.require(pre.why_not_decide_extension(app, today()))
        # A request arrived after the first read: decide it from a page that shows it.
        raise ConflictError(_("案件已被他人处理，请刷新页面后重试。"))
    _check_decision(actor, app, ext, approve, decided_on, notified_on)
    notified = (notified_on or decided_on) if approve else None
    decided = {"approved": approve, "approved_by": user_of(actor), "approved_on": decided_on}
    # Compare-and-set: only the first decision on a still-pending extension is written.
    pending = Extension.objects.filter(pk=ext.pk, approved__isnull=True)
    if pending.update(**decided, notified_on=notified) != 1:
        raise ConflictError(DECIDED_BY_OTHERS)
    for name, value in {**decided, "notified_on": notified}.items():
        setattr(ext, name, value)
    if approve:
        _apply(actor, app, ext)
    else:
        events.record(app, actor, EventKind.EXTENSION_REFUSED, days=ext.days)
    return ext


def _check_decision(
    actor: Actor,
    app: Application,
    ext: Extension,
    approve: bool,
    decided_on: dt.date,
    notified_on: dt.date | None,
) -> None:
    """Four eyes, and a decision dated between the request and today (and, for an
    approval, no later than the deadline it extends: 条例第三十三条第二款)."""
    if ext.requested_by_id == actor.pk:
        raise CaseError(_("不能审批自己提出的延期申请，须由另一位审核人审批。"))
    requested_on = timezone.localdate(ext.requested_at)
    check_date(decided_on, "decided_on")
    if decided_on < requested_on:
        raise CaseError(
            {
                "decided_on": [
                    _("审批日期不能早于延期申请日期（%(d)s）。") % {"d": requested_on.isoformat()}
                ]
            }
        )
    if approve and app.due_on and decided_on > app.due_on:
        raise CaseError(
            {
                "decided_on": [
                    _("答复期限（%(d)s）已过，不能再批准延期。") % {"d": app.due_on.isoformat()}
                ]
            }
        )
    if approve and notified_on is not None:
        check_date(notified_on, "notified_on", decided_on)


def _apply(actor: Actor, app: Application, ext: Extension) -> None:
    Application.objects.filter(pk=app.pk).update(extension_days=ext.days)
    app.extension_days = ext.days
    recompute_due(app, actor, _("经批准延期"))
    events.record(
        app,
        actor,
        EventKind.EXTENSION_APPROVED,
        days=ext.days,
        due_on=app.due_on,
        notified_on=ext.notified_on,
    )
    notifications.on_extension_approved(app, ext)
