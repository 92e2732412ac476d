"""A secret handed from one request to the next page, never kept in clear (issue 9).

The 查询码 is shown once on the page after a submission. Between the POST and that page it
waits in the session, that is in the django_session table, and stays there if the page is
never opened. So the session holds only a sealed token: the secret encrypted with a key
derived from SECRET_KEY (which is not in the database) and a random nonce, then signed with
a timestamp. A token older than ``MAX_AGE`` is refused, so a session row read later (a backup,
a leaked dump) yields nothing, and even a fresh one yields nothing without the key.

The cipher is HMAC-SHA256 (a PRF) in counter mode keyed by ``salted_hmac`` over the nonce;
integrity and freshness come from Django's ``TimestampSigner``."""

from __future__ import annotations

import base64
import datetime as dt
import secrets

from django.core import signing
from django.utils.crypto import salted_hmac

SALT = "gongkai.core.sealed"
MAX_AGE = dt.timedelta(minutes=10)


def _keystream(nonce: bytes, length: int) -> bytes:
    out = b""
    block = 0
    while len(out) < length:
        out += salted_hmac(SALT, nonce + block.to_bytes(4, "big"), algorithm="sha256").digest()
        block += 1
    return out[:length]


def _xor(data: bytes, nonce: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, _keystream(nonce, len(data)), strict=True))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def seal(secret: str) -> str:
    """The secret, encrypted and signed with the time: safe to keep in the session."""
    nonce = secrets.token_bytes(16)
    box = _xor(secret.encode(), nonce)
    return signing.dumps({"n": _b64(nonce), "c": _b64(box)}, salt=SALT)


def unseal(token: object, max_age: dt.timedelta = MAX_AGE) -> str | None:
    """The secret, or None when the token is missing, forged, malformed or too old."""
    if not isinstance(token, str):
        return None
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
        nonce = base64.urlsafe_b64decode(payload["n"])
        box = base64.urlsafe_b64decode(payload["c"])
        return _xor(box, nonce).decode()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
