"""API fixtures: an API client per member of the cast, and a clean throttle cache."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _clean_throttles(db):
    from django.core.cache import cache

    from gongkai.core import workcalendar

    cache.clear()
    workcalendar.invalidate()
    yield
    cache.clear()


@pytest.fixture
def api():
    """Anonymous client."""
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def as_user():
    """as_user(user) → a client signed in as that user."""
    from rest_framework.test import APIClient

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def case_url(received_case):
    return f"/api/applications/{received_case.pk}/"
