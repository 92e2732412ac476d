"""Small request helpers shared by the portal, the API and the back office."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache


def client_ip(request: Any) -> str:
    """REMOTE_ADDR, or the proxy's X-Forwarded-For when the deployment says it sits
    behind one (GONGKAI["TRUST_X_FORWARDED_FOR"]); a spoofable header is not trusted by default."""
    if request is None:
        return ""
    if settings.GONGKAI.get("TRUST_X_FORWARDED_FOR"):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded.split(",")[-1].strip())
    return str(request.META.get("REMOTE_ADDR", ""))


def count_in_window(key: str, window_seconds: int) -> int:
    """Add one to a counter that lives `window_seconds` in the shared cache and
    return the new value. Atomic (add + incr), so concurrent requests all count."""
    cache.add(key, 0, window_seconds)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        return 1
