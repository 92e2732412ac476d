"""征求意见 (条例第三十二、三十四条): consulting third parties or other organs."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core import workflow
from gongkai.core.actors import Actor
from gongkai.core.workcalendar import get_calendar

from .. import deadlines, events
from .. import preconditions as pre
from ..models import Application, Consultation, ConsultationKind, EventKind, Opinion, Status
from .common import CaseError, check_date, move, recompute_due, today


@transaction.atomic
def start_consultation(
    actor: Actor,
    app: Application,
    kind: str,
    party: str,
    sent_on: dt.date,
    matter: str = "",
    party_address: str = "",
) -> Consultation:
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_start_consultation(app, today()))
    if kind not in ConsultationKind.values:
        raise CaseError({"kind": [_("请选择征求意见对象类型。")]})
    if not party.strip():
        raise CaseError({"party": [_("请填写征求意见对象。")]})
    check_date(sent_on, "sent_on", app.clock_start)
    c = Consultation.objects.create(
        application=app,
        kind=kind,
        party=party.strip(),
        party_address=party_address.strip(),
        matter=matter.strip(),
        sent_on=sent_on,
        answer_due=deadlines.consultation_answer_due(get_calendar(), sent_on),
    )
    old = move(app, Status.CONSULTING) if app.status != Status.CONSULTING else app.status
    recompute_due(app, actor, _("征求意见期间不计入答复期限"))
    events.record(
        app,
        actor,
        EventKind.CONSULTATION_STARTED,
        old,
        party=c.party,
        party_kind=kind,
        sent_on=sent_on,
        answer_due=c.answer_due,
    )
    return c


@transaction.atomic
def record_opinion(
    actor: Actor,
    consultation: Consultation,
    opinion: str,
    answered_on: dt.date | None,
    text: str = "",
) -> Consultation:
    """Record the answer, or its absence once the 15 working days have run out."""
    app = consultation.application
    perm.require(perm.can_handle_case(actor, app))
    workflow.require(pre.why_not_record_opinion(app, today()))
    if consultation.opinion != Opinion.PENDING:
        raise CaseError(_("该征求意见已有结果。"))
    if opinion not in (Opinion.CONSENT, Opinion.OBJECT, Opinion.NO_ANSWER):
        raise CaseError({"opinion": [_("请选择意见结果。")]})
    if opinion == Opinion.NO_ANSWER:
        if today() <= consultation.answer_due:
            raise CaseError(
                _("答复期限（%(d)s）尚未届满，不能记为逾期未答复。")
                % {"d": consultation.answer_due.isoformat()}
            )
        answered_on = consultation.answer_due
    elif answered_on is None:
        raise CaseError({"answered_on": [_("请填写答复日期。")]})
    else:
        check_date(answered_on, "answered_on", consultation.sent_on)
    consultation.opinion, consultation.answered_on, consultation.opinion_text = (
        opinion,
        answered_on,
        text.strip(),
    )
    consultation.save(update_fields=["opinion", "answered_on", "opinion_text"])
    old = app.status
    if (
        not app.consultations.filter(opinion=Opinion.PENDING).exists()
        and app.status == Status.CONSULTING
    ):
        old = move(app, Status.RECEIVED)
    recompute_due(app, actor, _("征求意见结束"))
    events.record(
        app,
        actor,
        EventKind.OPINION_RECORDED,
        old,
        party=consultation.party,
        opinion=opinion,
        answered_on=answered_on,
    )
    return consultation
