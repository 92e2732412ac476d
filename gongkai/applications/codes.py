"""查询码 (tracking codes): made at random, stored only as an HMAC of the code.

Apart from the services (intake, reissue), the mail job that hands a code to the applicant
makes one too (notifications.mail_tracking_code), so this stands on its own."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))


def hash_tracking_code(code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, code.strip().upper().encode(), hashlib.sha256).hexdigest()
