"""The case's history: one row of ``CaseEvent`` per notable change.

Every state change writes one through ``record`` — the services, the letters
(``letters/issue.py``) and the uploads (``attachments.py``) alike — which also keeps
the per-month figures (``figures.py``) in step with the case.
"""

from __future__ import annotations

from typing import Any

from gongkai.core import workflow
from gongkai.core.actors import Actor

from . import figures
from .models import Application, CaseEvent


def record(
    app: Application,
    actor: Actor | None,
    kind: str,
    from_status: str = "",
    note: str = "",
    **data: Any,
) -> CaseEvent:
    """Write an event; a move names the status it left (the new one is the case's own).

    Every step ends here, so this is where the per-month figures follow the case
    (`figures.refresh_case`: nothing is recomputed unless what it counts for changed)."""
    figures.refresh_case(app)
    return CaseEvent.objects.create(
        application=app,
        actor=workflow.actor_or_none(actor),
        kind=kind,
        from_status=from_status,
        to_status=app.status if from_status else "",
        note=note,
        data=workflow.jsonable(data),
    )
