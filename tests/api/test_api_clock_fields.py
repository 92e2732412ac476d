"""The API's case list and detail give the clock's deadline: during 补正 the reply period is
paused and will run afresh (条例第三十条), so `due_on` is null and the pause is named
(clock_state, clock_state_label, paused_since); a running case gives its date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from gongkai.applications import services

NOTICE = dt.date(2025, 9, 28)

pytestmark = pytest.mark.django_db


@pytest.fixture
def paused(received_case, clerk):
    services.request_correction(clerk, received_case, "请写明所需文件的文号", NOTICE)
    received_case.refresh_from_db()
    return received_case


def _listed(as_user, user, app):
    rows = as_user(user).get("/api/applications/").json()["results"]
    return next(r for r in rows if r["id"] == app.pk)


def _detail(as_user, user, app):
    return as_user(user).get(f"/api/applications/{app.pk}/").json()


def test_a_paused_case_has_no_due_date_and_says_since_when(as_user, clerk, paused):
    assert paused.due_on is not None  # the stored date the correction voids
    for row in (_listed(as_user, clerk, paused), _detail(as_user, clerk, paused)):
        assert row["due_on"] is None
        assert row["clock_state"] == "paused" and row["clock_state_label"] == "已暂停"
        assert row["paused_since"] == "2025-09-28"


def test_the_detail_agrees_with_its_clock_block(as_user, clerk, paused):
    data = _detail(as_user, clerk, paused)
    assert data["due_on"] == data["clock"]["due_on"] == data["deadline"]["due_on"] is None
    assert data["clock_state"] == data["clock"]["state"]
    assert data["paused_since"] == data["clock"]["since"]


def test_a_running_case_gives_its_date_and_no_pause(as_user, clerk, received_case):
    due = received_case.due_on.isoformat()
    for row in (_listed(as_user, clerk, received_case), _detail(as_user, clerk, received_case)):
        assert row["due_on"] == due
        assert row["clock_state"] == "running" and row["clock_state_label"] == "计时中"
        assert row["paused_since"] is None


def test_once_the_correction_arrives_the_new_date_is_given(as_user, clerk, paused):
    services.receive_correction(clerk, paused, dt.date(2025, 10, 9), "太政办〔2025〕12号")
    paused.refresh_from_db()
    row = _listed(as_user, clerk, paused)
    assert row["clock_state"] == "running" and row["paused_since"] is None
    assert row["due_on"] == paused.due_on.isoformat()


def test_the_schema_names_the_clock_state_enum(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    assert "ClockStateEnum:" in schema and "paused_since:" in schema
    assert "clock_state_label:" in schema
