"""Security fixtures: a clean shared cache (throttles and lockouts) per test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _clean_cache(db):
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
