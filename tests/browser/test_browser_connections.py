"""The browser fixture leaves no database connection behind: one left open by a test keeps
PostgreSQL from dropping the test database at the end of the session."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections

from gongkai.agencies.models import Agency

from .test_apply_to_reply import CHROMIUM, chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]


def test_a_connection_opened_while_the_browser_runs_is_closed_with_it(db):
    with chromium():
        inside = connections["default"]
        Agency.objects.exists()
        assert inside.connection is not None

    assert inside.connection is None
