"""A newly announced year makes provisional deadlines certain: recompute them."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from gongkai.core.actors import Actor
from gongkai.core.signals import calendar_changed


@receiver(calendar_changed)
def recompute_after_calendar_change(sender: Any, actor: Actor | None = None, **kwargs: Any) -> None:
    from .services import recompute_provisional

    recompute_provisional(actor)
