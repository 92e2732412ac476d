"""Who looked at whose identity data."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongkai.agencies import permissions as perm

from .. import events
from ..models import Application, CaseEvent, EventKind


def note_personal_data_view(user: Any, app: Application) -> None:
    """Who looked at whose identity data in full: logged once per user, case and day."""
    if not perm.can_see_personal_data(user, app):
        return
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    seen = CaseEvent.objects.filter(
        application=app, actor=user, kind=EventKind.VIEWED_PERSONAL_DATA, at__gte=start
    ).exists()
    if not seen:
        events.record(app, user, EventKind.VIEWED_PERSONAL_DATA)
