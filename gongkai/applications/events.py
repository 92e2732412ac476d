"""The case's history: one row of ``CaseEvent`` per notable change.

Every state change writes one through ``record`` — the services, the letters
(``letters/issue.py``) and the uploads (``attachments.py``) alike.
"""

from __future__ import annotations

from typing import Any

from gongkai.core import workflow
from gongkai.core.actors import Actor

from .models import Application, CaseEvent


def record(
    app: Application,
    actor: Actor | None,
    kind: str,
    from_status: str = "",
    note: str = "",
    **data: Any,
) -> CaseEvent:
    """Write an event; a move names the status it left (the new one is the case's own)."""
    return CaseEvent.objects.create(
        application=app,
        actor=workflow.actor_or_none(actor),
        kind=kind,
        from_status=from_status,
        to_status=app.status if from_status else "",
        note=note,
        data=workflow.jsonable(data),
    )
