"""What every step shares: the step errors, today's date, date checks, the compare-and-set
move and the stored reply deadline (recomputed only here)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import workflow
from gongkai.core.actors import Actor
from gongkai.core.workcalendar import get_calendar

from .. import deadlines, events
from ..models import ALLOWED, OPEN_STATUSES, Application, DueState, EventKind, Status

# A case step's refusal and a lost race: the shared workflow errors under the names the
# case code has always used.
CaseError = workflow.StepError
ConflictError = workflow.ConflictError


def today() -> dt.date:
    return timezone.localdate()


def check_date(value: dt.date, field: str, not_before: dt.date | None = None) -> None:
    if value > today():
        raise CaseError({field: [_("日期不能晚于今天。")]})
    if not_before and value < not_before:
        raise CaseError({field: [_("日期不能早于 %(d)s。") % {"d": not_before.isoformat()}]})


def move(app: Application, to: str, **fields: Any) -> str:
    """Compare-and-set the status; returns the old status."""
    if to not in OPEN_STATUSES:
        # A closed case's deadline is history: nothing about it is provisional any more.
        fields.setdefault("due_provisional", False)
    try:
        return workflow.move(app, to, ALLOWED, **fields)
    except ConflictError as exc:
        raise ConflictError(_("案件已被他人处理，请刷新页面后重试。")) from exc
    except CaseError as exc:
        raise CaseError(
            _("案件当前状态为“%(s)s”，不能执行此操作。") % {"s": Status(app.status).label}
        ) from exc


def recompute_due(app: Application, actor: Actor | None = None, reason: str = "") -> None:
    """Store the reply deadline and its explanation; event if it moved."""
    facts = deadlines.clock_facts(app)
    if facts is None or not app.is_open:
        return
    cal = get_calendar()
    due = deadlines.reply_due(cal, facts)
    changed = (due.date, due.provisional) != (app.due_on, app.due_provisional)
    state = _due_state(app, due.date)
    Application.objects.filter(pk=app.pk).update(
        due_on=due.date,
        due_provisional=due.provisional,
        due_explanation=list(due.steps),
        due_state=state,
    )
    old_due = app.due_on
    app.due_on, app.due_provisional, app.due_explanation, app.due_state = (
        due.date,
        due.provisional,
        list(due.steps),
        state,
    )
    if changed and old_due is not None:
        events.record(
            app,
            actor,
            EventKind.DEADLINE_RECOMPUTED,
            note=reason,
            old=old_due,
            new=due.date,
            provisional=due.provisional,
        )


def _due_state(app: Application, due: dt.date) -> str:
    if app.status in (Status.CORRECTION, Status.SUBMITTED):
        return DueState.PAUSED
    return deadlines.due_state(get_calendar(), due, today(), settings.GONGKAI["DUE_SOON_WORKDAYS"])
