"""API fixtures: an API client per member of the cast.

The shared cache (throttle counts) and the calendar cache are emptied around every test by
the autouse fixtures of tests/conftest.py."""

from __future__ import annotations

import pytest


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
