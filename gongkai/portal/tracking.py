"""Which cases this browser has proved it may see.

A successful number + code lookup is remembered in the session, keyed by the
application id, for a short while; the status page and the letter downloads
check it, so the secret code never travels in a URL. The proof is tied to the
code it was made with (a tag of its hash): once a code is reissued, a browser
that proved the old one is asked again at once.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.http import HttpRequest

from gongkai.applications.models import Application

SESSION_KEY = "portal_tracked"
TTL_SECONDS = 30 * 60
MAX_CASES = 10  # one browser rarely follows more; keeps the session small


def _tag(app: Application) -> str:
    return hashlib.sha256(f"{app.pk}:{app.tracking_hash}".encode()).hexdigest()[:16]


def remember(request: HttpRequest, app: Application) -> None:
    # A new session id after the proof: a fixed (planted) session cannot ride on it.
    request.session.cycle_key()
    seen = _live(request)
    seen[str(app.pk)] = [time.time() + TTL_SECONDS, _tag(app)]
    newest = sorted(seen.items(), key=lambda kv: kv[1][0])[-MAX_CASES:]
    request.session[SESSION_KEY] = dict(newest)


def recall(request: HttpRequest, app: Application) -> bool:
    entry = _live(request).get(str(app.pk))
    return entry is not None and hmac.compare_digest(str(entry[1]), _tag(app))


def forget(request: HttpRequest, app_id: int) -> None:
    seen = _live(request)
    seen.pop(str(app_id), None)
    request.session[SESSION_KEY] = seen


def _live(request: HttpRequest) -> dict[str, list[float | str]]:
    now = time.time()
    seen = request.session.get(SESSION_KEY) or {}
    return {
        k: v
        for k, v in seen.items()
        if isinstance(v, list) and len(v) == 2 and isinstance(v[0], (int, float)) and v[0] > now
    }
