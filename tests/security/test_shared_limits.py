"""Throttles and lockouts count across processes without Redis: the embedded
default is the database cache, and its counter is atomic and keeps its window."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache

from gongkai.agencies import services
from gongkai.core.http import count_in_window

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("REDIS_URL")), reason="the embedded cache is used only without REDIS_URL"
)


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _start(code: str) -> subprocess.Popen:
    script = "import django; django.setup()\n" + textwrap.dedent(code)
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
    }
    return subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env)


def _run_together(*codes: str) -> None:
    workers = [_start(code) for code in codes]
    assert [w.wait(timeout=120) for w in workers] == [0] * len(codes)


def test_the_default_cache_without_redis_is_the_shared_database_cache():
    assert settings.CACHES["default"]["BACKEND"] == "gongkai.core.cache.SharedDatabaseCache"


@pytest.mark.django_db(transaction=True)
def test_two_processes_counting_at_once_lose_no_count():
    count = """
        from gongkai.core.http import count_in_window
        for _ in range(25):
            count_in_window("gongkai:test:shared", 3600)
    """
    _run_together(count, count)
    assert cache.get("gongkai:test:shared") == 50


@pytest.mark.django_db(transaction=True)
def test_login_failures_in_two_workers_add_up_to_one_lock(clerk):
    limit = settings.GONGKAI["LOGIN_MAX_FAILURES"]
    first, second = limit // 2, limit - limit // 2
    fail = """
        from gongkai.agencies import services
        for i in range({n}):
            services.note_login_failure("clerk", "198.51.100.{ip}")
    """
    _run_together(fail.format(n=first, ip=1), fail.format(n=second, ip=2))
    assert services.login_locked_until("clerk", "203.0.113.5")


def test_counting_keeps_the_window_it_was_opened_with(db):
    start = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        count_in_window("gongkai:test:window", 3600)
        count_in_window("gongkai:test:window", 3600)
    with time_machine.travel(start + dt.timedelta(minutes=50), tick=False):
        assert cache.get("gongkai:test:window") == 2  # Django's incr would have reset it to 300 s
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        assert cache.get("gongkai:test:window") is None
