"""延期 (条例第三十三条第二款): at most 20 working days, once, approved by a reviewer
(the head of the work unit), notified to the applicant."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.applications import services
from gongkai.applications.models import EventKind, Extension

D = dt.date
REASON = "所需资料分散在多个科室，需调阅2019年以来的档案"


def test_more_than_twenty_working_days_is_refused(received_case, clerk):
    with pytest.raises(services.CaseError, match="最长不得超过20个工作日"):
        services.request_extension(clerk, received_case, 21, REASON)
    assert not Extension.objects.filter(application=received_case).exists()


def test_a_reason_is_required(received_case, clerk):
    with pytest.raises(services.CaseError):
        services.request_extension(clerk, received_case, 10, " ")


def test_an_application_can_be_extended_only_once(received_case, clerk, reviewer):
    services.request_extension(clerk, received_case, 10, REASON)
    services.decide_extension(reviewer, received_case, True, D(2025, 10, 9))

    with pytest.raises(services.CaseError, match="只能延期一次"):
        services.request_extension(clerk, received_case, 10, REASON)


def test_a_clerk_cannot_approve_an_extension(received_case, clerk):
    services.request_extension(clerk, received_case, 10, REASON)

    with pytest.raises(PermissionDenied):
        services.decide_extension(clerk, received_case, True, D(2025, 10, 9))
    received_case.refresh_from_db()
    assert received_case.extension_days == 0


def test_supervisors_and_other_agencies_cannot_approve(
    received_case, clerk, supervisor, other_clerk
):
    services.request_extension(clerk, received_case, 10, REASON)

    for outsider in (supervisor, other_clerk):
        with pytest.raises(PermissionDenied):
            services.decide_extension(outsider, received_case, True, D(2025, 10, 9))


def test_the_reviewer_approves_and_the_applicant_is_told(
    received_case, clerk, reviewer, mailoutbox, django_capture_on_commit_callbacks
):
    services.request_extension(clerk, received_case, 10, REASON)
    with django_capture_on_commit_callbacks(execute=True):
        ext = services.decide_extension(reviewer, received_case, True, D(2025, 10, 9))
    received_case.refresh_from_db()

    assert ext.approved is True and ext.approved_by == reviewer
    assert ext.notified_on == D(2025, 10, 9)
    assert received_case.due_on == D(2025, 11, 13)  # 2025-10-30 + 10 WD
    assert [m.to for m in mailoutbox] == [[received_case.email]]
    assert "延期答复告知" in mailoutbox[0].subject


def test_a_refused_extension_leaves_the_deadline_alone(received_case, clerk, reviewer):
    services.request_extension(clerk, received_case, 10, REASON)
    services.decide_extension(reviewer, received_case, False, D(2025, 10, 9))
    received_case.refresh_from_db()

    assert received_case.due_on == D(2025, 10, 30)
    assert received_case.events.filter(kind=EventKind.EXTENSION_REFUSED).count() == 1


def test_an_extension_cannot_be_approved_after_the_deadline_passed(received_case, clerk, reviewer):
    services.request_extension(clerk, received_case, 10, REASON)

    with pytest.raises(services.CaseError, match="已过"):
        services.decide_extension(reviewer, received_case, True, D(2025, 10, 31))


def test_the_proposer_cannot_approve_their_own_decision(received_case, reviewer):
    services.propose_decision(reviewer, received_case, "disclose", provided_form="electronic")

    with pytest.raises(services.CaseError, match="不能审核自己拟定的答复"):
        services.approve_decision(reviewer, received_case, D(2025, 10, 20))
    received_case.refresh_from_db()
    assert received_case.status == "review"
