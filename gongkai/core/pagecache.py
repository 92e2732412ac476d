"""Whole public pages served from memory to anonymous readers, before Django's middleware.

The portal's home page, /apply/, the catalogue and its item pages are the same for every
anonymous reader (issue 7: item pages ≥ 50 % of the static ceiling; issue 9: portal pages
≥ 30 %). Rendering them costs ten times what gunicorn needs to hand over a file, most of
it in the middleware, sessions, CSRF and the base template. `PageCacheMiddleware` (first
in MIDDLEWARE) answers a repeated request with the bytes of the first answer instead.

What is cached, and for whom:

- only views marked with `@cacheable_page` (they show nothing personal and render no
  CSRF token), only GET, only a 200 that sets no cookie, adds no message, renders no
  CSRF token and does not say `private` / `no-store` / `no-cache`;
- only for requests without a session cookie, a messages cookie or an Authorization
  header: a signed-in user, or a reader with a message waiting, never gets a cached page
  and never fills one;
- the key is scheme + host + path + query + the display cookie (长者模式 / font size,
  normalised) + the language, everything the marked pages vary on.

Per response, not per copy: the CSP nonce. A page is stored with its nonce replaced by
a placeholder (body and headers); each answer gets a fresh nonce in both. Every other
header (X-Frame-Options, nosniff, HSTS, Vary, Cache-Control, the CSP itself) is the one
the full middleware stack produced for that key, so a copy carries the same headers.

Invalidation: one site-wide version in the shared cache (`portal_version()`), read once
per request; every change to what the portal shows calls `portal_changed()` (the agency
tree does in agencies.changes; the portal app connects the catalogue and annual-report
models in portal.apps). A copy also expires after its TTL (60 s by default, shorter when
a scheduled publication is due): the safety net for a change made without a signal.

The copies live in each worker's memory (bounded, least recently used dropped first):
reading a 150 KB page from the shared database cache would cost most of what it saves.
"""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_max_age
from django.utils.translation import get_language_from_request

from .site import DISPLAY_COOKIE, parse_display

VERSION_KEY = "gongkai:portal:version"
TTL = 60  # seconds: the safety net for a change that did not call portal_changed()
MAX_ENTRIES = 2000
MAX_BYTES = 64 * 1024 * 1024  # per worker
HEADER = "X-Page-Cache"  # hit / miss, for the benchmark and for whoever debugs a stale page
MESSAGES_COOKIE = "messages"  # django.contrib.messages CookieStorage.cookie_name
_PLACEHOLDER = "__gongkai_csp_nonce__"
_REFUSING = ("private", "no-store", "no-cache")

View = Callable[..., HttpResponse]


# -- the version ---------------------------------------------------------------------


def portal_version() -> str:
    """The current site-wide version; one read of the shared cache."""
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY)
    return str(current)


def _bump() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def portal_changed() -> None:
    """Call after any write that changes what a public page shows.

    Bumped at once (the same transaction sees it: a test, or a request that reads after
    writing) and again after commit: with Redis the early bump is visible before the
    commit, and a page rendered from the old rows under the new version must not outlive
    it. The after-commit bump is registered once per transaction, not once per row.
    """
    _bump()
    if not any(entry[1] is _bump for entry in connection.run_on_commit):  # (sids, func, robust)
        transaction.on_commit(_bump)


# -- marking views -------------------------------------------------------------------


def cacheable_page(view: View | None = None, *, ttl: Callable[[], int] | int = TTL) -> Any:
    """Mark a view whose answer is the same for every anonymous reader of the same URL
    and display mode. `ttl` may be a function (e.g. seconds until the next scheduled
    publication, capped)."""

    def mark(func: View) -> View:
        @wraps(func)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = func(request, *args, **kwargs)
            response.page_cache_ttl = ttl() if callable(ttl) else ttl  # type: ignore[attr-defined]
            return response

        return wrapped

    return mark(view) if view is not None else mark


# -- the store -----------------------------------------------------------------------


@dataclass(frozen=True)
class Copy:
    version: str
    expires: float  # time.monotonic()
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def answer(self) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        response = HttpResponse(self.body.replace(_PLACEHOLDER.encode(), nonce.encode()))
        response.status_code = self.status
        for name, value in self.headers:
            response[name] = value.replace(_PLACEHOLDER, nonce)
        response["Content-Length"] = str(len(response.content))
        response[HEADER] = "hit"
        return response


class Store:
    """Least recently used copies, bounded in number and in bytes. Locked: gunicorn's
    threaded workers (gthread) share one store between threads."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._copies: OrderedDict[tuple[str, ...], Copy] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...], version: str) -> Copy | None:
        with self._lock:
            kept = self._copies.get(key)
            if kept is None or kept.version != version or kept.expires <= time.monotonic():
                return None
            self._copies.move_to_end(key)
            return kept

    def put(self, key: tuple[str, ...], copy: Copy) -> None:
        if len(copy.body) > self.max_bytes // 8:
            return
        with self._lock:
            self._discard(key)
            self._copies[key] = copy
            self._bytes += len(copy.body)
            while len(self._copies) > self.max_entries or self._bytes > self.max_bytes:
                _key, old = self._copies.popitem(last=False)
                self._bytes -= len(old.body)

    def _discard(self, key: tuple[str, ...]) -> None:
        old = self._copies.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)

    def clear(self) -> None:
        with self._lock:
            self._copies.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._copies)


store = Store()


def _settings_changed(**kwargs: Any) -> None:
    store.clear()  # a page rendered under other settings (site name, HSTS) is not this site's


setting_changed.connect(_settings_changed, dispatch_uid="gongkai-page-cache")


# -- the middleware ------------------------------------------------------------------


def cache_key(request: HttpRequest) -> tuple[str, ...] | None:
    """The copy a request may be answered with, or None when it must be rendered."""
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the full stack answers 400
    return (
        request.scheme or "",
        host,
        request.path,
        request.META.get("QUERY_STRING", ""),
        parse_display(cookies.get(DISPLAY_COOKIE)).encode(),
        get_language_from_request(request),
    )


def storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Only what the view marked, and only if nothing about this reader got into it."""
    if getattr(response, "page_cache_ttl", 0) <= 0:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a CSRF token was rendered: it belongs to this reader alone
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.added_new or getattr(messages, "_loaded_data", None)):
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in _REFUSING) and get_max_age(response) != 0


def _copy(request: HttpRequest, response: HttpResponse, version: str) -> Copy:
    nonce = getattr(request, "csp_nonce", "")
    body = response.content
    headers = tuple((k, v) for k, v in response.items() if k.lower() != HEADER.lower())
    if nonce:
        body = body.replace(nonce.encode(), _PLACEHOLDER.encode())
        headers = tuple((k, v.replace(nonce, _PLACEHOLDER)) for k, v in headers)
    ttl = response.page_cache_ttl  # type: ignore[attr-defined]
    return Copy(version, time.monotonic() + ttl, response.status_code, headers, body)


class PageCacheMiddleware:
    """First in MIDDLEWARE: a hit is answered without the rest of the stack."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = cache_key(request)
        if key is None:
            return self.get_response(request)
        try:
            version = portal_version()
        except DatabaseError:
            return self.get_response(request)  # the stack answers 503 (core/errors.py)
        kept = store.get(key, version)
        if kept is not None:
            return kept.answer()
        response = self.get_response(request)
        if storable(request, response):
            store.put(key, _copy(request, response, version))
            response[HEADER] = "miss"
        return response
