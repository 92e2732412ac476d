"""Who does a step: a signed-in user, or an anonymous visitor (the portal, the public API).

Every service takes its actor first and asks the permission predicates about it; this is the
one name for that type. The project uses Django's own user model (no AUTH_USER_MODEL swap).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

Actor: TypeAlias = "User | AnonymousUser"


def signed_in(actor: Actor | None) -> User | None:
    """The user to store on an event or audit row: ``None`` for the public and for system jobs."""
    if actor is None or not actor.is_authenticated:
        return None
    return actor


def user_of(actor: Actor) -> User:
    """The user a step records as its author (a draft's author, who asked for an extension…).

    The service's permission check has already refused an anonymous visitor; this says so to
    the type checker and fails closed if a step without that check is ever wired up.
    """
    user = signed_in(actor)
    if user is None:
        raise PermissionDenied(_("请先登录。"))
    return user
