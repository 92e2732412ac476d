"""延期 (条例第三十三条第二款): the request and the reviewer's decision."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core import workflow
from gongkai.core.actors import Actor, user_of

from .. import deadlines, events, notifications
from .. import preconditions as pre
from ..models import Application, EventKind, Extension
from .common import CaseError, check_date, recompute_due, today


@transaction.atomic
def request_extension(actor: Actor, app: Application, days: int, reason: str) -> Extension:
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_request_extension(app, today()))
    if not 1 <= days <= deadlines.MAX_EXTENSION_DAYS:
        raise CaseError({"days": [_("延长期限最长不得超过20个工作日（条例第三十三条）。")]})
    if not reason.strip():
        raise CaseError({"reason": [_("请说明延期理由。")]})
    ext = Extension.objects.create(
        application=app, days=days, reason=reason.strip(), requested_by=user_of(actor)
    )
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
    """The head of the work unit (reviewer) approves; the applicant is told."""
    perm.require(perm.can_approve(actor, app))
    workflow.require(pre.why_not_decide_extension(app, today()))
    ext = deadlines.pending_extension(app)
    assert ext is not None
    check_date(decided_on, "decided_on")
    if approve and app.due_on and decided_on > app.due_on:
        raise CaseError(
            _("答复期限（%(d)s）已过，不能再批准延期。") % {"d": app.due_on.isoformat()}
        )
    ext.approved, ext.approved_by, ext.approved_on = approve, user_of(actor), decided_on
    ext.notified_on = notified_on or decided_on if approve else None
    ext.save()
    if approve:
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
    else:
        events.record(app, actor, EventKind.EXTENSION_REFUSED, days=ext.days)
    return ext
