"""信息处理费 (国办函〔2020〕109号): the two progressive schedules, the notice, the
20 working days to pay, and abandonment when unpaid."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications import deadlines, services
from gongkai.applications.decisions import Decision
from gongkai.applications.models import Fee, Status

D = dt.date


@pytest.mark.parametrize(
    ("before", "pieces", "amount"),
    [
        (0, 10, 0),  # the first ten pieces of a month are free
        (10, 1, 100),  # the 11th
        (29, 1, 100),  # the 30th
        (0, 30, 2000),  # 1–30 together
        (34, 1, 200),  # the 35th: 31–40 band
        (44, 1, 300),  # the 45th: 41–50 band
        (28, 4, 100 + 100 + 200 + 200),  # 29th..32nd straddle a band
    ],
)
def test_per_piece_fee_follows_the_progressive_schedule(before, pieces, amount):
    assert deadlines.per_piece_fee(before, pieces) == amount
    assert services.fee_amount("per_piece", before, pieces, 0) == amount


@pytest.mark.parametrize(
    ("pages", "amount"),
    [(30, 0), (31, 10), (68, 380), (100, 700), (150, 1700), (250, 4700)],
)
def test_per_page_fee_follows_the_progressive_schedule(pages, amount):
    assert deadlines.per_page_fee(pages) == amount
    assert services.fee_amount("per_page", 0, 1, pages) == amount


@pytest.fixture
def fee(received_case, clerk):
    """Notice 2025-09-26, received by the applicant the same day."""
    return services.issue_fee_notice(
        clerk, received_case, "per_page", D(2025, 9, 26), D(2025, 9, 26), pages=150
    )


def test_the_notice_sets_amount_and_a_pay_by_date_twenty_working_days_on(fee, received_case):
    received_case.refresh_from_db()

    assert fee.amount == 1700
    assert fee.pay_due == D(2025, 10, 30)  # counted from the day after receipt, across 国庆
    assert received_case.status == Status.FEE


def test_a_zero_fee_notice_is_refused_and_nothing_changes(received_case, clerk):
    with pytest.raises(services.CaseError, match="0元"):
        services.issue_fee_notice(
            clerk, received_case, "per_page", D(2025, 9, 26), D(2025, 9, 26), pages=30
        )
    received_case.refresh_from_db()
    assert received_case.status == Status.RECEIVED
    assert not Fee.objects.filter(application=received_case).exists()


def test_only_one_method_and_one_notice_per_application(fee, received_case, clerk):
    with pytest.raises(services.CaseError, match="已发出收费通知"):
        services.issue_fee_notice(
            clerk, received_case, "per_piece", D(2025, 9, 28), D(2025, 9, 28), 12, 1
        )


def test_an_unknown_method_is_refused(received_case, clerk):
    with pytest.raises(services.CaseError):
        services.issue_fee_notice(clerk, received_case, "both", D(2025, 9, 26), D(2025, 9, 26))


def test_payment_in_time_resumes_the_case(fee, received_case, clerk):
    services.record_payment(clerk, received_case, D(2025, 10, 30), "0012345")
    received_case.refresh_from_db()

    assert received_case.status == Status.RECEIVED
    fee.refresh_from_db()
    assert fee.paid_on == D(2025, 10, 30)


def test_payment_after_the_pay_by_date_is_refused(fee, received_case, clerk):
    with pytest.raises(services.CaseError, match="视为放弃申请"):
        services.record_payment(clerk, received_case, D(2025, 10, 31))


def test_unpaid_fee_is_deemed_abandoned_only_after_the_pay_by_date(fee, received_case, clerk):
    with pytest.raises(services.CaseError, match="尚未届满"):
        services.abandon(clerk, received_case, D(2025, 10, 30))

    services.abandon(clerk, received_case, D(2025, 10, 31))
    received_case.refresh_from_db()

    assert received_case.status == Status.CLOSED
    assert received_case.decision == Decision.ABANDONED_NO_FEE
