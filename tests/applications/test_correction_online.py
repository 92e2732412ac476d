"""补正 online: the applicant's own correction goes through the same receipt as staff's."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications import services
from gongkai.applications.models import Attachment, CaseEvent, EventKind, Status

PDF = b"%PDF-1.7\n" + b"0" * 64


def pdf(name="补正.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def waiting(agencies, clerk, reviewer, applicant_data):
    """Two identical online cases, both waiting for a correction notified today."""
    cases = []
    for _ in range(2):
        app, _code = services.submit_online(agencies["TCBGS"], applicant_data)
        services.confirm_receipt(clerk, app, services.today())
        services.request_correction(clerk, app, "请写明文件的文号", services.today())
        app.refresh_from_db()
        cases.append(app)
    mail.outbox.clear()
    return cases


def test_online_correction_restarts_the_clock_exactly_as_staff_recording_it(waiting, clerk):
    online, by_staff = waiting
    services.submit_correction_online(online, "文号为太政办〔2025〕12号", [pdf()], "192.0.2.7")
    services.receive_correction(clerk, by_staff, services.today(), "文号为太政办〔2025〕12号")
    online.refresh_from_db()
    by_staff.refresh_from_db()
    assert online.status == by_staff.status == Status.RECEIVED
    assert online.clock_start == by_staff.clock_start == services.today()
    assert online.due_on == by_staff.due_on and online.due_state == by_staff.due_state
    correction = online.corrections.get()
    assert correction.received_on == services.today()
    assert correction.content == "文号为太政办〔2025〕12号"


def test_online_correction_is_an_event_with_the_online_channel_and_keeps_the_files(waiting):
    online, _other = waiting
    services.submit_correction_online(online, "补充说明", [pdf(), pdf("二.pdf")], "192.0.2.7")
    event = CaseEvent.objects.get(application=online, kind=EventKind.CORRECTION_RECEIVED)
    assert event.actor is None and event.data["channel"] == "online"
    assert event.data["files"] == 2 and "网上提交" in event.note
    kept = Attachment.objects.filter(application=online, kind="correction")
    assert sorted(kept.values_list("name", flat=True)) == ["二.pdf", "补正.pdf"]


def test_staff_get_a_mail_with_a_link_to_the_case(
    settings, waiting, clerk, reviewer, django_capture_on_commit_callbacks
):
    settings.GONGKAI_SITE_URL = "https://gk.example.gov.cn"
    online, _other = waiting
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_correction_online(online, "补充说明")
    staff_mail = [m for m in mail.outbox if "补正" in m.subject and clerk.email in m.to]
    assert len(staff_mail) == 1
    assert f"https://gk.example.gov.cn/office/cases/{online.pk}/" in staff_mail[0].body


def test_an_empty_correction_is_refused_and_nothing_changes(waiting):
    online, _other = waiting
    with pytest.raises(services.CaseError) as refused:
        services.submit_correction_online(online, "   ", [])
    assert "补正内容" in str(refused.value)
    online.refresh_from_db()
    assert online.status == Status.CORRECTION and online.corrections.get().received_on is None


def test_a_bad_file_refuses_the_whole_correction(waiting):
    online, _other = waiting
    fake = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(services.CaseError):
        services.submit_correction_online(online, "说明", [pdf(), fake])
    online.refresh_from_db()
    assert online.status == Status.CORRECTION
    assert not Attachment.objects.filter(application=online).exists()
    assert not CaseEvent.objects.filter(
        application=online, kind=EventKind.CORRECTION_RECEIVED
    ).exists()


def test_no_online_correction_without_an_open_notice(agencies, clerk, applicant_data):
    app, _code = services.submit_online(agencies["TCBGS"], applicant_data)
    services.confirm_receipt(clerk, app, services.today())
    with pytest.raises(services.CaseError) as refused:
        services.submit_correction_online(app, "补充说明")
    assert "没有待补正事项" in str(refused.value)


def test_a_second_online_correction_is_refused(waiting):
    online, _other = waiting
    services.submit_correction_online(online, "第一次")
    with pytest.raises(services.CaseError):
        services.submit_correction_online(online, "第二次")
    assert online.corrections.get().content == "第一次"
