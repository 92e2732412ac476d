"""The reply (条例第三十六—四十条): the clerk's draft, the reviewer's return or approval."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core import workflow
from gongkai.core.actors import Actor

from .. import events, notifications
from .. import preconditions as pre
from ..decisions import DECISIONS, Decision, Ground
from ..models import Application, DueState, EventKind, ProvisionMode, Status
from .common import CaseError, check_date, move, recompute_due, today


@transaction.atomic
def propose_decision(
    actor: Actor,
    app: Application,
    decision: str,
    reason: str = "",
    grounds: list[str] | None = None,
    responsible_organ: str = "",
    provided_form: str = "",
    provided_form_reason: str = "",
) -> Application:
    """The clerk drafts the reply; a reviewer approves it (approve_decision)."""
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_propose_decision(app, today()))
    cleaned = clean_decision(
        app, decision, reason, grounds or [], responsible_organ, provided_form, provided_form_reason
    )
    old = move(app, Status.REVIEW, proposed_by=actor, **cleaned)
    events.record(
        app,
        actor,
        EventKind.DECISION_PROPOSED,
        old,
        decision=decision,
        grounds=cleaned["decision_grounds"],
    )
    return app


def clean_decision(
    app: Application,
    decision: str,
    reason: str,
    grounds: list[str],
    responsible_organ: str,
    provided_form: str,
    provided_form_reason: str,
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if decision not in Decision.values or DECISIONS[Decision(decision)].closes_without_reply:
        raise CaseError({"decision": [_("请选择答复类型。")]})
    spec = DECISIONS[Decision(decision)]
    if spec.needs_grounds and not grounds:
        errors["grounds"] = [_("部分公开须说明不予公开部分的理由和依据（条例第三十七条）。")]
    if any(g not in Ground.values for g in grounds):
        errors["grounds"] = [_("不予公开依据无效。")]
    if spec.ground:
        grounds = [spec.ground]
    elif not spec.needs_grounds:
        grounds = []
    denial = spec.ground is not None or spec.needs_grounds
    if denial and len(reason.strip()) < 4:
        errors["reason"] = [_("不予公开须说明理由（条例第三十六条第（三）项）。")]
    if decision == Decision.NOT_OUR_INFO and not responsible_organ.strip():
        errors["responsible_organ"] = [
            _(
                "能够确定负责公开机关的，应告知其名称、联系方式（条例第三十六条第（五）项）；无法确定的请写明“无法确定”。"
            )
        ]
    if decision in (Decision.DISCLOSE, Decision.PARTIAL):
        if provided_form not in ProvisionMode.values:
            errors["provided_form"] = [_("请选择实际提供信息的形式。")]
        elif provided_form != app.requested_form and not provided_form_reason.strip():
            errors["provided_form_reason"] = [
                _("未按申请人要求的形式提供的，应说明理由（条例第四十条）。")
            ]
    if errors:
        raise CaseError(errors)
    return {
        "decision": decision,
        "decision_reason": reason.strip(),
        "decision_grounds": grounds,
        "responsible_organ": responsible_organ.strip(),
        "provided_form": provided_form or "",
        "provided_form_reason": provided_form_reason.strip(),
    }


@transaction.atomic
def return_decision(actor: Actor, app: Application, note: str) -> Application:
    perm.require(perm.can_approve(actor, app))
    workflow.require(pre.why_not_return_decision(app, today()))
    if not note.strip():
        raise CaseError({"note": [_("请说明退回修改的理由。")]})
    old = move(app, Status.RECEIVED)
    recompute_due(app, actor)
    events.record(app, actor, EventKind.DECISION_RETURNED, old, note=note.strip())
    return app


@transaction.atomic
def approve_decision(actor: Actor, app: Application, replied_on: dt.date) -> Application:
    """The reviewer approves: the case is replied and the reply letter issued."""
    from ..letters.issue import issue_letter

    perm.require(perm.can_approve(actor, app))
    workflow.require(pre.why_not_approve_decision(app, today()))
    check_date(replied_on, "replied_on", app.clock_start)
    if app.proposed_by_id == getattr(actor, "pk", None) and not settings.GONGKAI.get(
        "ALLOW_SELF_APPROVAL", False
    ):
        raise CaseError(_("拟稿人不能审核自己拟定的答复，请由其他审核人审核。"))
    late = bool(app.due_on and replied_on > app.due_on)
    old = move(
        app, Status.REPLIED, approved_by=actor, concluded_on=replied_on, due_state=DueState.ON_TRACK
    )
    events.record(
        app,
        actor,
        EventKind.DECISION_APPROVED,
        old,
        decision=app.decision,
        replied_on=replied_on,
        late=late,
    )
    issue_letter(actor, app, "reply", issued_on=replied_on)
    notifications.on_replied(app)
    return app
