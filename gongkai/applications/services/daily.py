"""The daily sweep of due states and the recomputation after a calendar change."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.actors import Actor
from gongkai.core.workcalendar import get_calendar

from .. import deadlines, events, notifications
from ..models import Application, DueState, EventKind, Status
from .common import recompute_due, today


def sweep(on: dt.date | None = None) -> dict[str, int]:
    """Recompute due states of open cases; notify on each change. Idempotent."""
    on = on or today()
    cal = get_calendar()
    counts = {"due_soon": 0, "overdue": 0, "changed": 0}
    for app in (
        Application.objects.open()
        .exclude(status__in=[Status.SUBMITTED, Status.CORRECTION])
        .filter(due_on__isnull=False)
        .select_related("agency")
    ):
        assert app.due_on is not None
        state = deadlines.due_state(cal, app.due_on, on, settings.GONGKAI["DUE_SOON_WORKDAYS"])
        counts[state] = counts.get(state, 0) + 1
        if state == app.due_state:
            continue
        with transaction.atomic():
            if (
                Application.objects.filter(pk=app.pk, due_state=app.due_state).update(
                    due_state=state
                )
                != 1
            ):
                continue
            old_state, app.due_state = app.due_state, state
            events.record(
                app, None, EventKind.DUE_STATE_CHANGED, old=old_state, new=state, due_on=app.due_on
            )
            counts["changed"] += 1
            if state in (DueState.DUE_SOON, DueState.OVERDUE):
                notifications.on_due_state(app)
    return counts


def recompute_provisional(actor: Actor | None = None) -> int:
    """After a year's arrangement is added: recompute every provisional deadline."""
    n = 0
    for app in Application.objects.open().filter(due_provisional=True):
        with transaction.atomic():
            recompute_due(app, actor, _("节假日安排已公布，重新计算期限"))
        n += 1
    return n
