"""行政复议 and 行政诉讼 (条例第五十一条): recorded and concluded."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core import workflow
from gongkai.core.actors import Actor

from .. import events
from .. import preconditions as pre
from ..models import Appeal, AppealKind, AppealResult, Application, EventKind
from .common import CaseError, check_date, today


@transaction.atomic
def record_appeal(
    actor: Actor,
    app: Application,
    kind: str,
    body: str,
    filed_on: dt.date,
    case_number: str = "",
    after_review: Appeal | None = None,
) -> Appeal:
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_record_appeal(app, today()))
    if kind not in AppealKind.values:
        raise CaseError({"kind": [_("请选择复议或诉讼类型。")]})
    if not body.strip():
        raise CaseError({"body": [_("请填写复议机关或人民法院。")]})
    if kind == AppealKind.LITIGATION_AFTER_REVIEW and (
        after_review is None
        or after_review.application_id != app.pk
        or after_review.kind != AppealKind.REVIEW
    ):
        raise CaseError({"after_review": [_("复议后起诉须关联本案的行政复议。")]})
    check_date(filed_on, "filed_on")
    appeal = Appeal.objects.create(
        application=app,
        kind=kind,
        body=body.strip(),
        filed_on=filed_on,
        case_number=case_number.strip(),
        after_review=after_review,
    )
    events.record(
        app, actor, EventKind.APPEAL_FILED, appeal_kind=kind, body=appeal.body, filed_on=filed_on
    )
    return appeal


@transaction.atomic
def conclude_appeal(
    actor: Actor, appeal: Appeal, result: str, concluded_on: dt.date, note: str = ""
) -> Appeal:
    app = appeal.application
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_conclude_appeal(app, today()))
    if result not in (AppealResult.MAINTAINED, AppealResult.CORRECTED, AppealResult.OTHER):
        raise CaseError({"result": [_("请选择审结结果。")]})
    if appeal.result != AppealResult.PENDING:
        raise CaseError(_("该复议/诉讼已记录结果。"))
    check_date(concluded_on, "concluded_on", appeal.filed_on)
    appeal.result, appeal.concluded_on, appeal.note = result, concluded_on, note.strip()
    appeal.save(update_fields=["result", "concluded_on", "note"])
    events.record(
        app,
        actor,
        EventKind.APPEAL_CONCLUDED,
        appeal_kind=appeal.kind,
        result=result,
        concluded_on=concluded_on,
    )
    return appeal
