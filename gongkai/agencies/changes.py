"""A version of the agency tree that changes whenever any agency does.

Pages that show the whole tree (the portal's home and /apply/) keep what they
rendered from it per process, keyed on this version, instead of re-rendering
200 agencies on every request. The version lives in the shared cache so that a
change saved by one gunicorn worker is seen by every other on its next request.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

KEY = "gongkai:agencies:version"


def tree_version() -> str:
    """The current version; one cache read (a new one is made if the cache lost it)."""
    current = cache.get(KEY)
    if current is None:
        cache.add(KEY, uuid.uuid4().hex, None)
        current = cache.get(KEY)
    return str(current)


def _bump() -> None:
    cache.set(KEY, uuid.uuid4().hex, None)


def tree_changed() -> None:
    """Call after any write to Agency, including queryset.update() and bulk writes.

    Bumped at once (with the database cache the bump commits with the change) and
    again after commit: with Redis an early bump could let another worker render
    the not-yet-committed tree under the new version and keep it.
    """
    _bump()
    transaction.on_commit(_bump)
