"""The cast every test can call on: the seed agencies and one person per role.

applicant        — a member of the public (no account)
clerk, reviewer  — 信息员 and 审核人 of 太仓市人民政府办公室 (TCBGS)
admin            — 机关管理员 of 太仓市人民政府 (TC, and so its subtree)
supervisor       — 主管部门 at 苏州市人民政府 (SZ, the whole tree)
other_clerk      — 信息员 of 常熟市人民政府 (CS): a sideways agency
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("GONGKAI_TESTING", "1")

VALID_ID = "320585198503121026"
VALID_CREDIT_CODE = "91320585MA1N8QXK0K"
SHARED = Path(
    os.environ.get("GONGKAI_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Jobs run for real but at once, in the enqueuing process; tests/core/test_jobs_worker.py
    # and the browser journey run them on the database queue with a real worker instead.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_shared_cache(db):
    """Throttle counts and cached dashboard figures do not leak from one test to the next
    (SQLite reuses rolled-back ids, which version the dashboard figures)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_calendar_cache(db):
    """The announced holiday years come from a data migration; a transactional test
    (transaction=True, transactional_db, live_server: the browser tests) ends by flushing
    every table, so the tests after it would run on an empty calendar (every deadline
    provisional, weekends only). Put the shipped years back when they are gone
    (tests/core/test_transactional_calendar.py)."""
    from gongkai.core import workcalendar
    from gongkai.core.models import HolidayYear

    if not HolidayYear.objects.exists():
        workcalendar.load_shipped_years()
    workcalendar.invalidate()
    yield
    workcalendar.invalidate()


@pytest.fixture
def agencies(db):
    from gongkai.agencies.tree import build_seed_tree

    return build_seed_tree()


def _user(username, agency, *roles):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Membership

    user = get_user_model().objects.create_user(
        username, f"{username}@example.gov.cn", "pw-for-tests-1"
    )
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def clerk(agencies):
    return _user("clerk", agencies["TCBGS"], "clerk")


@pytest.fixture
def reviewer(agencies):
    return _user("reviewer", agencies["TCBGS"], "reviewer")


@pytest.fixture
def admin_user(agencies):
    return _user("tcadmin", agencies["TC"], "admin")


@pytest.fixture
def supervisor(agencies):
    return _user("supervisor", agencies["SZ"], "supervisor")


@pytest.fixture
def other_clerk(agencies):
    return _user("csclerk", agencies["CS"], "clerk")


@pytest.fixture
def applicant_data():
    return {
        "applicant_type": "natural",
        "applicant_name": "张明",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13812345678",
        "email": "zhangming@example.com",
        "address": "江苏省太仓市城厢镇人民南路1号",
        "postcode": "215400",
        "description": "2025年太仓市城区道路改造项目的立项批复文件",
        "requested_form": "electronic",
        "requested_delivery": "email",
    }


@pytest.fixture
def org_applicant_data(applicant_data):
    return {
        **applicant_data,
        "applicant_type": "legal_service",
        "applicant_name": "江苏太仓某某律师事务所",
        "id_type": "",
        "id_number": "",
        "credit_code": VALID_CREDIT_CODE,
        "contact_person": "李律师",
    }


@pytest.fixture
def received_case(agencies, clerk, applicant_data):
    """An in-person application received on 2025-09-26 (before 国庆)."""
    from gongkai.applications import services

    app, _code = services.register(
        clerk, agencies["TCBGS"], applicant_data, "in_person", dt.date(2025, 9, 26)
    )
    return app


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite: a file test database instead of the shared in-memory one, so that
    threads (concurrent submissions) each get a real connection with WAL and the
    busy timeout — the in-memory shared cache fails with "table is locked"."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def database_url() -> str:
    """The test database as a DATABASE_URL, for a worker process to share it."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


def worker_env() -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url()}
    env["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    env.pop("REDIS_URL", None)
    return env


@pytest.fixture
def task_worker(settings, transactional_db, tmp_path):
    """A real `manage.py run_worker` process on the database queue, beside the test."""
    import subprocess
    import sys

    settings.TASKS = DATABASE_QUEUE
    root = Path(__file__).resolve().parents[1]
    with (tmp_path / "worker.log").open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2"],
            cwd=root,
            env=worker_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        yield worker
        worker.terminate()
        worker.wait(timeout=30)
