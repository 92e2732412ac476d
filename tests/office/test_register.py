"""Registering a paper / in-person / post / fax / e-mail application in the back office."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications.models import (
    Application,
    Attachment,
    CaseEvent,
    EventKind,
    NumberCounter,
    Status,
)

URL = reverse("office:register")


@pytest.fixture
def form(agencies, applicant_data):
    return {
        **applicant_data,
        "agency": agencies["TCBGS"].pk,
        "channel": "in_person",
        "arrived_on": "2025-09-26",
    }


def _nothing_created():
    return (
        not Application.objects.exists() and not NumberCounter.objects.filter(last__gt=0).exists()
    )


def test_anonymous_is_sent_to_login(client, form):
    response = client.post(URL, form)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert _nothing_created()


def test_supervisor_without_a_handling_role_gets_403(client, supervisor, form):
    client.force_login(supervisor)
    assert client.get(URL).status_code == 403
    assert client.post(URL, form).status_code == 403
    assert _nothing_created()


def test_another_agencys_clerk_cannot_register_into_our_agency(client, other_clerk, form):
    client.force_login(other_clerk)
    response = client.post(URL, form)
    assert response.status_code == 400
    assert "「受理机关」的选项无效" in response.content.decode()
    assert _nothing_created()


def test_every_intake_error_is_shown_at_once_in_chinese(client, clerk, form):
    client.force_login(clerk)
    bad = {**form, "id_number": "320585198503121027", "phone": "123", "description": "文件"}
    response = client.post(URL, bad)
    body = response.content.decode()
    assert response.status_code == 400
    assert "居民身份证号码无效" in body  # the check digit is wrong
    assert "联系电话格式不正确" in body
    assert "至少5个字" in body
    assert _nothing_created()


def test_fax_needs_the_confirmation_date_or_an_explicit_not_yet(client, clerk, form):
    client.force_login(clerk)
    response = client.post(URL, {**form, "channel": "fax"})
    assert response.status_code == 400
    assert "请填写双方确认日期" in response.content.decode()
    assert _nothing_created()

    response = client.post(URL, {**form, "channel": "fax", "not_yet_confirmed": "on"})
    app = Application.objects.get()
    assert response.status_code == 302
    assert app.status == Status.SUBMITTED and app.receipt_date is None


def test_fax_with_confirmation_date_starts_the_clock_on_that_day(client, clerk, form):
    client.force_login(clerk)
    client.post(URL, {**form, "channel": "fax", "confirmed_on": "2025-09-29"})
    app = Application.objects.get()
    assert app.receipt_date.isoformat() == "2025-09-29"
    assert app.status == Status.RECEIVED


def test_a_file_that_is_not_what_it_claims_is_refused_and_no_number_is_used(client, clerk, form):
    client.force_login(clerk)
    fake = SimpleUploadedFile("身份证.jpg", b"MZ\x90\x00 not an image")
    response = client.post(URL, {**form, "identity_copy": fake})
    assert response.status_code == 400
    assert "不支持的文件类型" in response.content.decode()
    assert _nothing_created()


def test_success_shows_number_and_code_once_with_event_and_mail(
    client, clerk, form, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    png = SimpleUploadedFile("身份证.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**form, "identity_copy": png})
    app = Application.objects.get()
    assert response["Location"] == reverse("office:registered", args=[app.pk])
    assert CaseEvent.objects.filter(application=app, kind=EventKind.REGISTERED).exists()
    assert Attachment.objects.get(application=app).kind == "identity"

    page = client.get(response["Location"]).content.decode()
    registered = [m for m in mail.outbox if "已登记" in m.subject and app.email in m.to]
    code = registered[0].body.split("查询码：")[1][:10]
    assert app.number in page
    assert code in page
    assert "受理回执" in page
    again = client.get(response["Location"]).content.decode()
    assert code not in again
    assert "不再显示" in again


def test_the_receipt_can_be_issued_and_printed_from_the_registration_page(client, clerk, form):
    client.force_login(clerk)
    client.post(URL, form)
    app = Application.objects.get()
    url = reverse("office:case_action", args=[app.pk, "letter"])
    data = {"letter-kind": "receipt", "letter-issued_on": "2025-09-26", "open": "pdf"}
    shown = client.post(url, data)  # the draft first: a number is taken only on confirmation
    assert shown.status_code == 200 and "〔待编号〕" in shown.content.decode()
    confirm = {**data, "letter-confirm": "1", "preview_key": shown.context["preview_key"]}
    response = client.post(url, confirm)
    letter = app.letters.get(kind="receipt")
    assert (
        response["Location"]
        == reverse("office:letter", args=[app.pk, letter.pk, "pdf"]) + "?inline=1"
    )
    pdf = client.get(response["Location"])
    assert pdf["Content-Disposition"].startswith("inline") and pdf.content.startswith(b"%PDF")


def test_only_agencies_where_the_user_handles_cases_are_offered_for_registration(
    client, agencies, supervisor
):
    """A supervisor of the city who is also a clerk of one office below it registers into
    that office only, not into the subtree the supervisor role lets them see."""
    from gongkai.agencies.models import Membership

    Membership.objects.create(user=supervisor, agency=agencies["TCBGS"], role="clerk")
    client.force_login(supervisor)
    queue = client.get(reverse("office:queue"))
    assert queue.context["can_register"] is True
    offered = client.get(URL).context["form"].fields["agency"].queryset
    assert list(offered) == [agencies["TCBGS"]]


def test_a_supervisor_alone_is_not_offered_registration(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("office:queue")).context["can_register"] is False
    assert client.get(reverse("office:home")).context["can_register"] is False
