"""Write to the audit log. Personal data never goes in `detail` unmasked."""

from __future__ import annotations

from typing import Any

from .models import AuditEvent


def record(
    actor: Any, action: str, target: object = "", ip: str | None = None, **detail: Any
) -> AuditEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user, action=action, target=str(target)[:200], detail=detail, ip=ip
    )
