"""Write to the audit log. Personal data never goes in `detail` unmasked."""

from __future__ import annotations

from typing import Any

from .actors import Actor, signed_in
from .models import AuditEvent


def record(
    actor: Actor | None, action: str, target: object = "", ip: str | None = None, **detail: Any
) -> AuditEvent:
    user = signed_in(actor)
    return AuditEvent.objects.create(
        actor=user, action=action, target=str(target)[:200], detail=detail, ip=ip
    )
