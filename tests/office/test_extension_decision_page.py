"""Deciding an extension on the case page: four eyes, and a lost race said in Chinese."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import time_machine
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import EventKind, Extension

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DECIDE = {"decide_extension-approve": "1", "decide_extension-decided_on": "2025-10-20"}


def _decide(client, user, app, data):
    client.force_login(user)
    return client.post(reverse("office:case_action", args=[app.pk, "decide_extension"]), data)


def test_the_reviewer_who_asked_is_told_and_refused(client, reviewer, received_case):
    with time_machine.travel(dt.datetime(2025, 10, 9, 9, 0, tzinfo=SHANGHAI)):
        services.request_extension(reviewer, received_case, 10, "需要调取档案室存档材料")
    client.force_login(reviewer)
    page = client.get(reverse("office:case", args=[received_case.pk])).content.decode()
    assert "不能审批自己提出的延期申请" in page

    response = _decide(client, reviewer, received_case, DECIDE)

    assert response.status_code == 400
    assert "不能审批自己提出的延期申请" in response.content.decode()
    assert Extension.objects.get(application=received_case).approved is None


def test_deciding_an_extension_someone_else_decided_shows_the_conflict(
    client, reviewer, extension_case
):
    services.decide_extension(reviewer, extension_case, False, dt.date(2025, 10, 20))

    response = _decide(client, reviewer, extension_case, DECIDE)

    assert "已由他人审批" in response.content.decode()
    extension_case.refresh_from_db()
    assert extension_case.extension_days == 0
    assert not extension_case.events.filter(kind=EventKind.EXTENSION_APPROVED).exists()
