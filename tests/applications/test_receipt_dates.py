"""收到申请之日 (条例第三十一条) for every channel."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from gongkai.applications import services
from gongkai.applications.models import EventKind, Status

D = dt.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("channel", ["in_person", "post_signed"])
def test_in_person_and_signed_post_are_received_the_day_they_arrive(
    agencies, clerk, applicant_data, channel
):
    app, _code = services.register(
        clerk, agencies["TCBGS"], applicant_data, channel, D(2025, 9, 26)
    )

    assert app.status == Status.RECEIVED
    assert app.receipt_date == D(2025, 9, 26)
    assert app.due_on == D(2025, 10, 30)


@pytest.mark.parametrize("channel", ["post_ordinary", "fax", "email"])
def test_channels_needing_confirmation_wait_for_it(agencies, clerk, applicant_data, channel):
    app, _code = services.register(
        clerk, agencies["TCBGS"], applicant_data, channel, D(2025, 9, 26)
    )

    assert app.status == Status.SUBMITTED
    assert app.receipt_date is None
    assert app.due_on is None

    services.confirm_receipt(clerk, app, D(2025, 9, 29))
    app.refresh_from_db()

    assert app.status == Status.RECEIVED
    assert app.receipt_date == D(2025, 9, 29)
    assert app.due_on == D(2025, 11, 3)


@pytest.mark.parametrize("channel", ["post_ordinary", "fax", "email"])
def test_confirmation_given_at_registration_sets_the_receipt_date(
    agencies, clerk, applicant_data, channel
):
    app, _code = services.register(
        clerk, agencies["TCBGS"], applicant_data, channel, D(2025, 9, 26), D(2025, 9, 28)
    )

    assert app.receipt_date == D(2025, 9, 28)  # the 调休 Sunday both sides confirmed


def test_an_online_application_is_received_when_both_sides_confirm(agencies, clerk, applicant_data):
    with time_machine.travel(dt.datetime(2025, 9, 27, 21, 5, tzinfo=SHANGHAI), tick=False):
        app, code = services.submit_online(agencies["TCBGS"], applicant_data, ip="203.0.113.9")
    assert app.status == Status.SUBMITTED
    assert app.arrived_on == D(2025, 9, 27)
    assert app.receipt_date is None
    assert app.submitted_online is True
    assert services.find_by_tracking(app.number, code) == app

    with time_machine.travel(dt.datetime(2025, 9, 29, 9, 0, tzinfo=SHANGHAI), tick=False):
        services.confirm_receipt(clerk, app, D(2025, 9, 29))
    app.refresh_from_db()

    assert app.receipt_date == D(2025, 9, 29)
    assert app.due_on == D(2025, 11, 3)
    assert list(app.events.values_list("kind", flat=True)) == [
        EventKind.SUBMITTED,
        EventKind.RECEIPT_CONFIRMED,
    ]


def test_confirmation_before_arrival_is_refused(agencies, clerk, applicant_data):
    with pytest.raises(services.CaseError, match="不能早于"):
        services.register(
            clerk, agencies["TCBGS"], applicant_data, "fax", D(2025, 9, 26), D(2025, 9, 25)
        )


def test_receipt_is_confirmed_only_once(agencies, clerk, applicant_data):
    app, _code = services.register(clerk, agencies["TCBGS"], applicant_data, "fax", D(2025, 9, 26))
    services.confirm_receipt(clerk, app, D(2025, 9, 26))

    with pytest.raises(services.CaseError, match="已确认收到"):
        services.confirm_receipt(clerk, app, D(2025, 9, 29))


def test_an_arrival_in_the_future_is_refused(agencies, clerk, applicant_data):
    tomorrow = services.today() + dt.timedelta(days=1)
    with pytest.raises(services.CaseError, match="不能晚于今天"):
        services.register(clerk, agencies["TCBGS"], applicant_data, "in_person", tomorrow)


def test_an_unknown_channel_is_refused(agencies, clerk, applicant_data):
    with pytest.raises(services.CaseError):
        services.register(clerk, agencies["TCBGS"], applicant_data, "pigeon", D(2025, 9, 26))
