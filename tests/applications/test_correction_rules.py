"""补正 (条例第三十条): one notice, a reasonable period, abandonment only after it."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications import services
from gongkai.applications.decisions import Decision
from gongkai.applications.models import EventKind, Status

D = dt.date


@pytest.fixture
def correction(received_case, clerk):
    """received 2025-09-26; notice 2025-09-29 with the default 15-WD period."""
    return services.request_correction(
        clerk, received_case, "请写明所需征地补偿安置方案的批次或地块名称", D(2025, 9, 29)
    )


def test_the_correction_period_is_counted_in_working_days_from_the_notice(correction):
    # 09-30, 10-09..10-11 (调休), 10-13..17, 10-20..24, 10-27 → 15 WD
    assert correction.deadline == D(2025, 10, 27)
    assert correction.notice_late is False


def test_a_shorter_period_can_be_set_per_notice(received_case, clerk):
    c = services.request_correction(clerk, received_case, "请补充身份证明", D(2025, 9, 29), 4)

    assert c.deadline == D(2025, 10, 11)  # the 调休 Saturday is the 4th working day


def test_the_period_default_comes_from_settings(settings, received_case, clerk):
    settings.GONGKAI = {**settings.GONGKAI, "CORRECTION_PERIOD_WORKDAYS": 10}
    c = services.request_correction(clerk, received_case, "请补充身份证明", D(2025, 9, 29))

    assert c.deadline == D(2025, 10, 20)


def test_a_correction_can_be_requested_only_once(correction, received_case, clerk):
    services.receive_correction(clerk, received_case, D(2025, 10, 9), "城厢镇2025年第3批次")
    received_case.refresh_from_db()

    with pytest.raises(services.CaseError, match="一次性告知"):
        services.request_correction(clerk, received_case, "再补充一次", D(2025, 10, 10))
    assert received_case.corrections.count() == 1


def test_a_late_notice_is_allowed_but_marked_and_noted_in_the_history(received_case, clerk):
    c = services.request_correction(clerk, received_case, "请补充身份证明", D(2025, 10, 14))

    assert c.notice_late is True
    event = received_case.events.get(kind=EventKind.CORRECTION_REQUESTED)
    assert event.data["late"] is True
    assert "7个工作日" in event.note


def test_an_empty_notice_is_refused_and_nothing_changes(received_case, clerk):
    with pytest.raises(services.CaseError):
        services.request_correction(clerk, received_case, "  ", D(2025, 9, 29))

    received_case.refresh_from_db()
    assert received_case.status == Status.RECEIVED
    assert not received_case.corrections.exists()


def test_a_notice_dated_before_receipt_is_refused(received_case, clerk):
    with pytest.raises(services.CaseError):
        services.request_correction(clerk, received_case, "请补充身份证明", D(2025, 9, 25))


def test_abandonment_is_refused_until_the_correction_period_has_run_out(
    correction, received_case, clerk
):
    with pytest.raises(services.CaseError, match="补正期限（2025-10-27）尚未届满"):
        services.abandon(clerk, received_case, D(2025, 10, 27))
    received_case.refresh_from_db()
    assert received_case.status == Status.CORRECTION


def test_no_correction_in_time_is_deemed_abandoned(correction, received_case, clerk):
    services.abandon(clerk, received_case, D(2025, 10, 28))
    received_case.refresh_from_db()

    assert received_case.status == Status.CLOSED
    assert received_case.decision == Decision.ABANDONED_NO_CORRECTION
    assert received_case.concluded_on == D(2025, 10, 28)
    assert received_case.events.filter(kind=EventKind.ABANDONED).count() == 1


def test_a_case_that_is_not_waiting_for_anything_cannot_be_abandoned(received_case, clerk):
    with pytest.raises(services.CaseError, match="只有待补正或待缴费"):
        services.abandon(clerk, received_case, D(2025, 11, 20))


def test_receiving_a_correction_when_none_was_asked_is_refused(received_case, clerk):
    with pytest.raises(services.CaseError, match="没有待补正事项"):
        services.receive_correction(clerk, received_case, D(2025, 10, 9))


def test_the_reply_clock_is_paused_while_the_correction_is_awaited(correction, received_case):
    received_case.refresh_from_db()

    assert received_case.due_state == "paused"
