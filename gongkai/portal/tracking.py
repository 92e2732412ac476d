"""Which cases this browser has proved it may see.

A successful number + code lookup is remembered in the session, keyed by the
application id, for a short while; the status page and the letter downloads
check it, so the secret code never travels in a URL.
"""

from __future__ import annotations

import time

from django.http import HttpRequest

SESSION_KEY = "portal_tracked"
TTL_SECONDS = 30 * 60
MAX_CASES = 10  # one browser rarely follows more; keeps the session small


def remember(request: HttpRequest, app_id: int) -> None:
    # A new session id after the proof: a fixed (planted) session cannot ride on it.
    request.session.cycle_key()
    seen = _live(request)
    seen[str(app_id)] = time.time() + TTL_SECONDS
    newest = sorted(seen.items(), key=lambda kv: kv[1])[-MAX_CASES:]
    request.session[SESSION_KEY] = dict(newest)


def recall(request: HttpRequest, app_id: int) -> bool:
    return str(app_id) in _live(request)


def forget(request: HttpRequest, app_id: int) -> None:
    seen = _live(request)
    seen.pop(str(app_id), None)
    request.session[SESSION_KEY] = seen


def _live(request: HttpRequest) -> dict[str, float]:
    now = time.time()
    seen = request.session.get(SESSION_KEY) or {}
    return {k: v for k, v in seen.items() if isinstance(v, (int, float)) and v > now}
