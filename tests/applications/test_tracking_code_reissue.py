"""A lost 查询码: staff reissue after an identity check; the applicant asks by contact."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from gongkai.applications import services
from gongkai.applications.models import CaseEvent, EventKind
from gongkai.core.models import AuditEvent, Job

CHECK = "当面核验居民身份证原件，与申请记录一致"


@pytest.fixture
def case(received_case):
    return received_case


def test_anonymous_and_other_agency_and_supervisor_cannot_reissue(case, other_clerk, supervisor):
    for actor in (None, other_clerk, supervisor):
        with pytest.raises(PermissionDenied):
            services.reissue_tracking_code(actor, case, CHECK)
    assert not CaseEvent.objects.filter(kind=EventKind.CODE_REISSUED).exists()


def test_the_identity_check_must_be_written_down(case, clerk):
    before = case.tracking_hash
    with pytest.raises(services.CaseError) as refused:
        services.reissue_tracking_code(clerk, case, "  ")
    assert "核实" in str(refused.value)
    case.refresh_from_db()
    assert case.tracking_hash == before


def test_reissue_replaces_the_code_records_it_and_tells_the_applicant(
    case, clerk, django_capture_on_commit_callbacks
):
    old_hash = case.tracking_hash
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        code = services.reissue_tracking_code(clerk, case, CHECK, "192.0.2.9")
    case.refresh_from_db()
    assert case.tracking_hash != old_hash
    assert services.find_by_tracking(case.number, code) == case
    event = CaseEvent.objects.get(application=case, kind=EventKind.CODE_REISSUED)
    assert event.actor == clerk and CHECK in event.note and code not in str(event.data)
    audit = AuditEvent.objects.get(action="tracking_code.reissued")
    assert audit.actor == clerk and audit.target == case.number and code not in str(audit.detail)
    told = [m for m in mail.outbox if case.email in m.to]
    assert len(told) == 1 and "原查询码已失效" in told[0].body and code not in told[0].body


def test_a_reviewer_of_the_agency_may_reissue_too(case, reviewer):
    code = services.reissue_tracking_code(reviewer, case, CHECK)
    assert services.find_by_tracking(case.number, code) == case


def test_the_old_code_stops_working_at_once(agencies, clerk, applicant_data):
    app, old = services.register(
        clerk, agencies["TCBGS"], applicant_data, "in_person", services.today()
    )
    assert services.find_by_tracking(app.number, old) == app
    services.reissue_tracking_code(clerk, app, CHECK)
    assert services.find_by_tracking(app.number, old) is None


# -- the applicant asks by the contact on file ----------------------------------------------


def _mailed_code(number):
    mails = [m for m in mail.outbox if number in m.body and "查询码：" in m.body]
    assert len(mails) == 1
    return re.search(r"查询码：([A-Z0-9]{10})", mails[0].body).group(1)


def test_matching_email_mails_a_new_code_and_the_old_one_fails(
    agencies, clerk, applicant_data, django_capture_on_commit_callbacks
):
    app, old = services.register(
        clerk, agencies["TCBGS"], applicant_data, "in_person", services.today()
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_code_by_contact(app.number, " ZhangMing@Example.com ", "192.0.2.9")
    new = _mailed_code(app.number)
    assert mail.outbox[-1].to == [app.email]
    assert services.find_by_tracking(app.number, new) == app
    assert services.find_by_tracking(app.number, old) is None
    kinds = list(app.events.values_list("kind", flat=True))
    assert EventKind.CODE_REQUESTED in kinds and EventKind.CODE_REISSUED in kinds
    # never stored in clear: not in the job's arguments, the events or the audit trail
    assert all(new not in str(j.arguments) for j in Job.objects.all())
    assert all(new not in str(e.data) + e.note for e in app.events.all())
    assert all(new not in str(a.detail) for a in AuditEvent.objects.all())


def test_matching_phone_sends_to_the_email_on_file(
    received_case, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_code_by_contact(received_case.number, "138-1234-5678")
    new = _mailed_code(received_case.number)
    assert services.find_by_tracking(received_case.number, new) == received_case


@pytest.mark.parametrize(
    "number, contact",
    [
        ("TCBGS-2099-00001", "13812345678"),  # no such case
        (None, "13900000000"),  # wrong phone
        (None, "someone@example.com"),  # wrong e-mail
        (None, "5678"),  # a fragment is not a phone number
    ],
)
def test_no_match_sends_nothing_and_changes_nothing(
    received_case, number, contact, django_capture_on_commit_callbacks
):
    before = received_case.tracking_hash
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.request_code_by_contact(number or received_case.number, contact)
    assert result is None and mail.outbox == []
    received_case.refresh_from_db()
    assert received_case.tracking_hash == before
    assert not received_case.events.filter(kind=EventKind.CODE_REQUESTED).exists()


def test_without_an_email_on_file_nothing_is_sent_but_staff_see_the_request(
    agencies, clerk, applicant_data, django_capture_on_commit_callbacks
):
    data = {**applicant_data, "email": "", "requested_delivery": "post"}
    app, old = services.register(clerk, agencies["TCBGS"], data, "in_person", services.today())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_code_by_contact(app.number, "13812345678")
    assert mail.outbox == []
    assert services.find_by_tracking(app.number, old) == app  # the old code still works
    event = app.events.get(kind=EventKind.CODE_REQUESTED)
    assert event.data["emailed"] is False and event.data["contact"] == "phone"
