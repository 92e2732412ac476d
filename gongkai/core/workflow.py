"""The machinery every reviewed workflow shares: a case of 依申请公开, a catalogue item of
主动公开, an annual report. No domain nouns here.

- A status is a ``TextChoices`` enum and its moves are a table ``{old: {new, ...}}``.
- A step is allowed or not for a reason that one function states (``None`` when allowed);
  the service, the office and the API all ask that function (``require``).
- A move is a compare-and-set on the status column: if someone else moved the object first,
  nothing is written and ``ConflictError`` says so in Chinese.
- Events are rows of the app's own event model; ``jsonable`` makes their data storable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from .actors import Actor, signed_in

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class StepError(ValidationError):
    """A step that the object's state or the statute does not allow; message in Chinese."""


class ConflictError(StepError):
    """Someone else changed the object first (compare-and-set failed)."""


def require(reason: str | None) -> None:
    """Raise the precondition's reason, if there is one."""
    if reason:
        raise StepError(reason)


def status_label(model: type[models.Model], value: str, field: str = "status") -> str:
    choices = dict(getattr(model._meta.get_field(field), "choices", None) or [])
    return str(choices.get(value, value))


def move(
    obj: models.Model,
    to: str,
    allowed: Mapping[str, Collection[str]],
    *,
    field: str = "status",
    touch: str | None = "updated_at",
    **fields: Any,
) -> str:
    """Compare-and-set ``obj.<field>`` from its current value to ``to``; returns the old value.

    The UPDATE matches only while the row still has the status this process read, so two
    people acting on the same object at once cannot both succeed (a race the transition
    table alone does not prevent)."""
    old = getattr(obj, field)
    if to not in allowed.get(old, ()):
        raise StepError(
            _("当前状态为“%(s)s”，不能执行此操作。") % {"s": status_label(type(obj), old, field)}
        )
    values = {field: to, **fields}
    if touch:
        values[touch] = timezone.now()
    manager = type(obj)._default_manager
    if manager.filter(pk=obj.pk, **{field: old}).update(**values) != 1:
        raise ConflictError(_("已被他人处理，请刷新页面后重试。"))
    for name, value in values.items():
        setattr(obj, name, value)
    return str(old)


def actor_or_none(actor: Actor | None) -> User | None:
    """The user to store on an event: ``None`` for the public and for system jobs."""
    return signed_in(actor)


def jsonable(data: Mapping[str, Any]) -> dict[str, Any]:
    """Event data as JSON: dates and datetimes as ISO strings, the rest as given."""
    return {
        k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in data.items()
    }
