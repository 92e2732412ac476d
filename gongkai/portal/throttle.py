"""Per-IP counters in the shared cache, for the public endpoints.

The portal and the public API share these counters, so a client cannot double
its allowance by switching between them. Windows are fixed hours: simple,
cheap, and good enough against floods and code guessing. The cache key holds a
hash of the address, never the address itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError

from gongkai.core.http import count_in_window

WINDOW_SECONDS = 3600
# Wrong number/code pairs allowed per address and hour before tracking is
# refused: a 10-character code from 31 symbols cannot be guessed at this rate.
TRACK_FAILURES_PER_HOUR = 20


@dataclass(frozen=True)
class Limit:
    scope: str
    per_hour: int


def submissions_limit() -> Limit:
    return Limit("submit", int(settings.GONGKAI["PORTAL_SUBMISSIONS_PER_HOUR"]))


def track_limit() -> Limit:
    return Limit(
        "track",
        int(settings.GONGKAI.get("PORTAL_TRACK_FAILURES_PER_HOUR", TRACK_FAILURES_PER_HOUR)),
    )


# 忘记查询码: each request may send a mail and replace the code, so every request counts
# (not only failures), per address and per application number — the latter whether or
# not the number exists, so the limit itself tells nothing.
LOST_CODE_PER_HOUR = 10
LOST_CODE_PER_NUMBER_PER_HOUR = 3


def lost_code_limit() -> Limit:
    return Limit("lost_code", LOST_CODE_PER_HOUR)


def lost_code_number_limit() -> Limit:
    return Limit("lost_code_number", LOST_CODE_PER_NUMBER_PER_HOUR)


def _key(limit: Limit, ip: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    return f"gongkai:throttle:{limit.scope}:{digest}:{int(time.time()) // WINDOW_SECONDS}"


def used(limit: Limit, ip: str) -> int:
    return int(cache.get(_key(limit, ip), 0))


def exhausted(limit: Limit, ip: str) -> bool:
    return used(limit, ip) >= limit.per_hour


def take(limit: Limit, ip: str) -> bool:
    """Count one use; False when the allowance was already used up (the use is not counted).
    Atomic in the cache, so concurrent requests cannot all slip through."""
    count = count_in_window(_key(limit, ip), WINDOW_SECONDS)
    if count > limit.per_hour:
        give_back(limit, ip)
        return False
    return True


def give_back(limit: Limit, ip: str) -> None:
    """Return a use that did not happen (e.g. the submission was invalid)."""
    with contextlib.suppress(ValueError):
        cache.decr(_key(limit, ip))


@contextlib.contextmanager
def refunded_if_refused(limit: Limit, ip: str) -> Iterator[None]:
    """Run work already counted against `limit`; if it is refused (a ValidationError: nothing
    was accepted), the use is given back before the error goes on to the caller."""
    try:
        yield
    except ValidationError:
        give_back(limit, ip)
        raise


def retry_after_seconds() -> int:
    return WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS
