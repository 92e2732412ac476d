"""延期 (条例第三十三条第二款): at most 20 working days, once, approved by a reviewer
(the head of the work unit), notified to the applicant."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from gongkai.applications import services
from gongkai.applications.models import EventKind, Extension

D = dt.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
REASON = "所需资料分散在多个科室，需调阅2019年以来的档案"
DURING_THE_PERIOD = D(2025, 10, 9)


def ask(clerk, case, days=10, on=DURING_THE_PERIOD):
    """The clerk asks for an extension on `on` (the received case is due 2025-10-30)."""
    with time_machine.travel(dt.datetime(on.year, on.month, on.day, 9, 0, tzinfo=SHANGHAI)):
        return services.request_extension(clerk, case, days, REASON)


def test_more_than_twenty_working_days_is_refused(received_case, clerk):
    with pytest.raises(services.CaseError, match="最长不得超过20个工作日"):
        services.request_extension(clerk, received_case, 21, REASON)
    assert not Extension.objects.filter(application=received_case).exists()


def test_a_reason_is_required(received_case, clerk):
    with pytest.raises(services.CaseError):
        services.request_extension(clerk, received_case, 10, " ")


def test_an_application_can_be_extended_only_once(received_case, clerk, reviewer):
    ask(clerk, received_case)
    services.decide_extension(reviewer, received_case, True, D(2025, 10, 9))

    with pytest.raises(services.CaseError, match="只能延期一次"):
        services.request_extension(clerk, received_case, 10, REASON)


def test_a_clerk_cannot_approve_an_extension(received_case, clerk):
    ask(clerk, received_case)

    with pytest.raises(PermissionDenied):
        services.decide_extension(clerk, received_case, True, D(2025, 10, 9))
    received_case.refresh_from_db()
    assert received_case.extension_days == 0


def test_supervisors_and_other_agencies_cannot_approve(
    received_case, clerk, supervisor, other_clerk
):
    ask(clerk, received_case)

    for outsider in (supervisor, other_clerk):
        with pytest.raises(PermissionDenied):
            services.decide_extension(outsider, received_case, True, D(2025, 10, 9))


def test_the_reviewer_approves_and_the_applicant_is_told(
    received_case, clerk, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    ask(clerk, received_case)
    with django_capture_on_commit_callbacks(execute=True):
        ext = services.decide_extension(reviewer, received_case, True, D(2025, 10, 9))
    received_case.refresh_from_db()

    assert ext.approved is True and ext.approved_by == reviewer
    assert ext.notified_on == D(2025, 10, 9)
    assert received_case.due_on == D(2025, 11, 13)  # 2025-10-30 + 10 WD
    assert [m.to for m in mailoutbox] == [[received_case.email]]
    assert "延期答复告知" in mailoutbox[0].subject


def test_a_refused_extension_leaves_the_deadline_alone(received_case, clerk, reviewer):
    ask(clerk, received_case)
    services.decide_extension(reviewer, received_case, False, D(2025, 10, 9))
    received_case.refresh_from_db()

    assert received_case.due_on == D(2025, 10, 30)
    assert received_case.events.filter(kind=EventKind.EXTENSION_REFUSED).count() == 1


def test_an_extension_cannot_be_approved_after_the_deadline_passed(received_case, clerk, reviewer):
    ask(clerk, received_case)

    with pytest.raises(services.CaseError, match="已过"):
        services.decide_extension(reviewer, received_case, True, D(2025, 10, 31))


def test_a_reviewer_cannot_approve_the_extension_they_asked_for(received_case, reviewer):
    ask(reviewer, received_case)

    with pytest.raises(services.CaseError, match="不能审批自己提出的延期申请"):
        services.decide_extension(reviewer, received_case, True, D(2025, 10, 9))
    received_case.refresh_from_db()
    assert received_case.extension_days == 0
    assert Extension.objects.get(application=received_case).approved is None


def test_another_reviewer_may_approve_a_reviewers_request(
    received_case, reviewer, agencies, django_user_model
):
    from gongkai.agencies.models import Membership, Role

    second = django_user_model.objects.create_user("reviewer2", password="pw-for-tests-1")
    Membership.objects.create(user=second, agency=agencies["TCBGS"], role=Role.REVIEWER)
    ask(reviewer, received_case)

    ext = services.decide_extension(second, received_case, True, D(2025, 10, 9))

    assert ext.approved is True and ext.approved_by == second


def test_an_approval_cannot_be_dated_before_the_request(received_case, clerk, reviewer):
    ask(clerk, received_case, on=D(2025, 10, 20))

    with pytest.raises(services.CaseError, match="不能早于延期申请日期（2025-10-20）"):
        services.decide_extension(reviewer, received_case, True, D(2025, 10, 17))
    assert Extension.objects.get(application=received_case).approved is None


def test_a_decision_cannot_be_dated_in_the_future(received_case, clerk, reviewer):
    ask(clerk, received_case)
    tomorrow = services.today() + dt.timedelta(days=1)

    with pytest.raises(services.CaseError, match="不能晚于今天"):
        services.decide_extension(reviewer, received_case, False, tomorrow)
    assert Extension.objects.get(application=received_case).approved is None


def test_a_late_request_cannot_be_approved_by_backdating(received_case, clerk, reviewer):
    # Asked a week after the deadline (2025-10-30): any approval date is either before the
    # request or after the deadline it would extend.
    ask(clerk, received_case, on=D(2025, 11, 6))

    for backdated in (D(2025, 10, 29), D(2025, 10, 30)):
        with pytest.raises(services.CaseError, match="不能早于延期申请日期"):
            services.decide_extension(reviewer, received_case, True, backdated)
    with pytest.raises(services.CaseError, match="不能再批准延期"):
        services.decide_extension(reviewer, received_case, True, D(2025, 11, 6))
    received_case.refresh_from_db()
    assert received_case.extension_days == 0 and received_case.due_on == D(2025, 10, 30)


def test_the_notice_to_the_applicant_cannot_precede_the_approval(received_case, clerk, reviewer):
    ask(clerk, received_case)

    with pytest.raises(services.CaseError, match="不能早于 2025-10-10"):
        services.decide_extension(reviewer, received_case, True, D(2025, 10, 10), D(2025, 10, 9))


def test_a_decided_extension_cannot_be_decided_again(received_case, clerk, reviewer):
    ask(clerk, received_case)
    services.decide_extension(reviewer, received_case, True, D(2025, 10, 9))

    with pytest.raises(services.ConflictError, match="已由他人审批"):
        services.decide_extension(reviewer, received_case, False, D(2025, 10, 9))
    received_case.refresh_from_db()
    assert received_case.extension_days == 10
    assert not received_case.events.filter(kind=EventKind.EXTENSION_REFUSED).exists()


def test_the_proposer_cannot_approve_their_own_decision(received_case, reviewer):
    services.propose_decision(reviewer, received_case, "disclose", provided_form="electronic")

    with pytest.raises(services.CaseError, match="不能审核自己拟定的答复"):
        services.approve_decision(reviewer, received_case, D(2025, 10, 20))
    received_case.refresh_from_db()
    assert received_case.status == "review"
