"""Compare-and-set: two people acting on stale copies of the same case — the
second gets a ConflictError and nothing of theirs is written."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications import services
from gongkai.applications.models import Application, CaseEvent, EventKind, Status

D = dt.date


def test_the_second_of_two_stale_copies_gets_a_conflict_and_writes_nothing(
    received_case, clerk, reviewer
):
    first = Application.objects.get(pk=received_case.pk)
    second = Application.objects.get(pk=received_case.pk)
    events_before = CaseEvent.objects.count()

    services.request_correction(clerk, first, "请写明所需信息的文号", D(2025, 9, 29))
    with pytest.raises(services.ConflictError, match="已被他人处理"):
        services.propose_decision(
            reviewer, second, "disclose", "同意公开", provided_form="electronic"
        )

    stored = Application.objects.get(pk=received_case.pk)
    assert stored.status == Status.CORRECTION
    assert stored.decision == ""
    assert stored.proposed_by is None
    assert CaseEvent.objects.count() == events_before + 1
    assert not CaseEvent.objects.filter(kind=EventKind.DECISION_PROPOSED).exists()


def test_a_stale_withdrawal_does_not_close_a_case_that_moved_on(received_case, clerk):
    stale = Application.objects.get(pk=received_case.pk)
    services.propose_decision(clerk, received_case, "not_exist", "经检索，本机关未制作该信息")

    with pytest.raises(services.ConflictError):
        services.withdraw(clerk, stale, D(2025, 10, 9), "申请人电话撤回")

    stored = Application.objects.get(pk=received_case.pk)
    assert stored.status == Status.REVIEW
    assert stored.concluded_on is None
