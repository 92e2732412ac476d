"""查询码 (tracking codes): made at random, stored only as an HMAC of the code.

Apart from the services (intake, reissue), the mail job that hands a code to the applicant
makes one too (notifications.mail_tracking_code), so this stands on its own."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction

from . import events
from .models import Application, DeliveryMethod, EventKind

TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


def hash_tracking_code(code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, code.strip().upper().encode(), hashlib.sha256).hexdigest()


def store_mailed_code(app: Application, code: str, note: str) -> None:
    """A new code was mailed to the applicant: the case takes its hash (the old code stops
    working) and the history says so, in one transaction. Used by both mail jobs that make a
    code (the first mail's retry, the applicant's 忘记查询码 request)."""
    with transaction.atomic():
        Application.objects.filter(pk=app.pk).update(tracking_hash=hash_tracking_code(code))
        events.record(app, None, EventKind.CODE_REISSUED, note=note, method=DeliveryMethod.EMAIL)
