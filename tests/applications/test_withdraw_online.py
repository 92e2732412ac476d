"""撤回 online: the applicant's withdrawal closes the case as staff recording it would."""

from __future__ import annotations

import pytest
from django.core import mail

from gongkai.applications import services
from gongkai.applications.decisions import Decision
from gongkai.applications.models import CaseEvent, EventKind, Status


@pytest.fixture
def two_open(agencies, clerk, applicant_data):
    cases = []
    for _ in range(2):
        app, _code = services.submit_online(agencies["TCBGS"], applicant_data)
        services.confirm_receipt(clerk, app, services.today())
        app.refresh_from_db()
        cases.append(app)
    return cases


def test_online_withdrawal_closes_the_case_like_staff_recording_it(two_open, clerk):
    online, by_staff = two_open
    services.withdraw_online(online, "已从其他途径获得", "192.0.2.7")
    services.withdraw(clerk, by_staff, services.today())
    online.refresh_from_db()
    by_staff.refresh_from_db()
    for app in (online, by_staff):
        assert app.status == Status.CLOSED and app.decision == Decision.WITHDRAWN
        assert app.concluded_on == services.today() and not app.is_open
    assert online.due_state == by_staff.due_state


def test_online_withdrawal_is_an_event_with_the_reason_and_mails_staff(
    two_open, clerk, django_capture_on_commit_callbacks
):
    online, _other = two_open
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_online(online, "已从其他途径获得")
    event = CaseEvent.objects.get(application=online, kind=EventKind.WITHDRAWN)
    assert event.actor is None and event.data["channel"] == "online"
    assert "已从其他途径获得" in event.note
    to_staff = [m for m in mail.outbox if clerk.email in m.to]
    assert len(to_staff) == 1 and f"/office/cases/{online.pk}/" in to_staff[0].body


def test_a_closed_case_cannot_be_withdrawn_again(two_open):
    online, _other = two_open
    services.withdraw_online(online)
    with pytest.raises(services.CaseError) as refused:
        services.withdraw_online(online)
    assert "不能撤回" in str(refused.value)
    assert CaseEvent.objects.filter(application=online, kind=EventKind.WITHDRAWN).count() == 1


def test_a_too_long_reason_is_refused_and_nothing_changes(two_open):
    online, _other = two_open
    with pytest.raises(services.CaseError):
        services.withdraw_online(online, "理" * 501)
    online.refresh_from_db()
    assert online.status == Status.RECEIVED
