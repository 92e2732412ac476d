"""复议 and 诉讼 while the case waits for 补正: the 补正告知书 is itself an administrative act
the applicant may contest (条例第五十一条), and the paused clock never runs out, so an
appeal is recorded then; a running case still waits for its reply period to end."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.applications import preconditions as pre
from gongkai.applications import services
from gongkai.applications.models import CaseEvent, EventKind, Status

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOTICE = dt.date(2025, 9, 28)  # a 调休 working Sunday, two days after receipt
TODAY = dt.date(2025, 10, 9)  # long before the reply period (from 2025-09-26) ends

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _before_the_reply_period_ends():
    with time_machine.travel(dt.datetime(2025, 10, 9, 9, 0, tzinfo=SHANGHAI)):
        yield


@pytest.fixture
def waiting(received_case, clerk):
    services.request_correction(clerk, received_case, "请写明所需文件的文号", NOTICE)
    received_case.refresh_from_db()
    assert received_case.status == Status.CORRECTION
    return received_case


def _appeal(clerk, app):
    return services.record_appeal(clerk, app, "review", "太仓市人民政府", TODAY)


def test_an_appeal_is_recorded_while_the_case_waits_for_correction(waiting, clerk):
    assert pre.why_not_record_appeal(waiting, TODAY) is None
    appeal = _appeal(clerk, waiting)
    assert appeal.application == waiting and appeal.filed_on == TODAY
    assert CaseEvent.objects.filter(application=waiting, kind=EventKind.APPEAL_FILED).exists()
    waiting.refresh_from_db()
    assert waiting.status == Status.CORRECTION  # the appeal does not move the case


def test_a_running_case_still_refuses_an_appeal_before_its_reply_period_ends(received_case, clerk):
    with pytest.raises(ValidationError, match="答复期限届满后"):
        _appeal(clerk, received_case)
    assert not received_case.appeals.exists()


def test_once_the_correction_arrives_the_running_case_refuses_again(waiting, clerk):
    services.receive_correction(clerk, waiting, TODAY, "文号为太政办〔2025〕12号")
    waiting.refresh_from_db()
    assert pre.why_not_record_appeal(waiting, TODAY) is not None


def test_the_office_offers_and_records_the_appeal_during_correction(client, clerk, waiting):
    client.force_login(clerk)
    url = reverse("office:case_action", args=[waiting.pk, "appeal"])
    assert url in client.get(reverse("office:case", args=[waiting.pk])).content.decode()
    data = {
        "appeal-kind": "review",
        "appeal-body": "太仓市人民政府",
        "appeal-filed_on": "2025-10-09",
    }
    assert client.post(url, data).status_code == 302
    assert waiting.appeals.count() == 1
