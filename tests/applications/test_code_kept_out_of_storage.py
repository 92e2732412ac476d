"""The 查询码 is never stored or logged in clear (issue 9, "never log a secret"): only its
hash is kept, and the mail that hands it to the applicant is a job that holds the case id
alone — the code reaches it in memory, in the request that made it. A retried mail cannot
know that code, so it sends a new one and the old one stops working."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
import time_machine
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application, EventKind
from gongkai.core import jobs, sealed
from gongkai.core.models import Job, JobState

GENERIC = "申请编号或查询码不正确"


def stored_anywhere(code: str) -> list[str]:
    """Every table of the project and of Django (jobs, events, audit, sessions, the task
    queue…), every column, every row: where the code appears in clear."""
    hits = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.values_list(*names):
            hits += [
                f"{model.__name__}.{n}" for n, v in zip(names, row, strict=True) if code in str(v)
            ]
    for session in Session.objects.all():  # the session's JSON is base64: look inside
        if code in str(session.get_decoded()):
            hits.append("Session.session_data")
    return hits


def mailed_code(app: Application) -> str:
    sent = [m for m in mail.outbox if app.email in m.to and "查询码：" in m.body]
    assert len(sent) == 1
    return re.search(r"查询码：([A-Z0-9]{10})", sent[-1].body).group(1)


def tracks(client, app: Application, code: str) -> bool:
    page = client.post("/track/", {"number": app.number, "code": code}, follow=True)
    html = page.content.decode()
    return page.status_code == 200 and GENERIC not in html and app.number in html


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def test_portal_submission_mails_the_code_but_stores_and_logs_it_nowhere(
    client, agencies, applicant_data, logs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            reverse("portal:apply", args=["TCBGS"]),
            {**applicant_data, "declaration": "on"},
            follow=True,
        ).content.decode()
    app = Application.objects.get()
    shown = page.split('id="tracking-code">')[1].split("<")[0]
    assert mailed_code(app) == shown
    assert stored_anywhere(shown) == []
    assert shown not in logs.text
    job = Job.objects.get(title__contains=app.number)
    assert job.state == JobState.DONE and job.arguments == {
        "application_id": app.pk,
        "occasion": "submitted",
    }
    assert tracks(client, app, shown)


def test_staff_registration_mails_the_code_but_stores_and_logs_it_nowhere(
    client, clerk, agencies, applicant_data, logs, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    form = {
        **applicant_data,
        "agency": agencies["TCBGS"].pk,
        "channel": "in_person",
        "arrived_on": services.today().isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("office:register"), form)
    app = Application.objects.get()
    handed_over = client.get(response["Location"]).content.decode()
    code = mailed_code(app)
    assert code in handed_over  # the clerk's one-time page shows the same code
    assert stored_anywhere(code) == []
    assert code not in logs.text
    assert Job.objects.get(title__contains=app.number).arguments["occasion"] == "registered"
    client.logout()
    assert tracks(client, app, code)


def test_a_failed_code_mail_is_retried_with_a_new_code_that_replaces_the_first(
    settings, client, agencies, applicant_data, logs, django_capture_on_commit_callbacks
):
    # A real SMTP connection to a port where nothing listens: the mail server is down.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    with django_capture_on_commit_callbacks(execute=True):
        app, first = services.submit_online(agencies["TCBGS"], applicant_data, "192.0.2.10")
    job = Job.objects.get(title__contains=app.number)
    assert job.state == JobState.FAILED and "ConnectionRefusedError" in job.error
    assert mail.outbox == [] and stored_anywhere(first) == [] and first not in logs.text
    assert tracks(client, app, first)  # the case stands; the code shown on screen works

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    jobs.retry(job)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    second = mailed_code(app)
    assert second != first and "原查询码已失效" in mail.outbox[-1].body
    assert tracks(client, app, second) and not tracks(client, app, first)
    assert app.events.filter(kind=EventKind.CODE_REISSUED).exists()
    assert stored_anywhere(second) == [] and second not in logs.text


def test_a_code_mail_whose_request_died_is_sent_by_a_worker_with_a_new_code(
    client, agencies, applicant_data, django_capture_on_commit_callbacks
):
    # The after-commit run never happens (the process was killed): the job waits, queued.
    with django_capture_on_commit_callbacks(execute=False):
        app, first = services.submit_online(agencies["TCBGS"], applicant_data, "192.0.2.10")
    job = Job.objects.get(title__contains=app.number)
    assert job.state == JobState.QUEUED and mail.outbox == []

    jobs.requeue_stale(timezone.now() + jobs.RESUBMIT_AFTER + dt.timedelta(minutes=1))
    job.refresh_from_db()
    assert job.state == JobState.DONE
    second = mailed_code(app)
    assert tracks(client, app, second) and not tracks(client, app, first)
    assert stored_anywhere(second) == []


def test_without_an_email_address_no_code_mail_is_queued(
    agencies, applicant_data, django_capture_on_commit_callbacks
):
    data = {**applicant_data, "email": "", "requested_delivery": "post"}
    with django_capture_on_commit_callbacks(execute=True):
        app, code = services.submit_online(agencies["TCBGS"], data, "192.0.2.10")
    assert not Job.objects.filter(title__contains=app.number).exists()
    assert services.find_by_tracking(app.number, code) == app


def test_api_submission_returns_and_mails_the_code_but_stores_it_nowhere(
    agencies, applicant_data, logs, django_capture_on_commit_callbacks
):
    from rest_framework.test import APIClient

    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(
            "/api/public/applications/", {**applicant_data, "agency": "TCBGS"}, format="json"
        )
    assert response.status_code == 201
    app = Application.objects.get()
    code = response.json()["tracking_code"]
    assert mailed_code(app) == code
    assert stored_anywhere(code) == [] and code not in logs.text


# -- between the submission and the one-time page (issue 9 leftover) ---------------------


def test_a_portal_code_whose_page_is_never_opened_is_nowhere_in_clear(
    client, agencies, applicant_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:apply", args=["TCBGS"]), {**applicant_data, "declaration": "on"}
        )
    assert response.status_code == 302
    app = Application.objects.get()
    code = mailed_code(app)
    # The applicant walks away: the session row stays, but holds the code only sealed.
    assert Session.objects.exists()
    assert stored_anywhere(code) == []

    page = client.get(reverse("portal:apply_done")).content.decode()
    assert page.split('id="tracking-code">')[1].split("<")[0] == code
    again = client.get(reverse("portal:apply_done")).content.decode()
    assert code not in again and "提交结果已显示过" in again


def test_a_portal_code_page_opened_too_late_shows_nothing(
    client, agencies, applicant_data, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("portal:apply", args=["TCBGS"]), {**applicant_data, "declaration": "on"}
            )
        code = mailed_code(Application.objects.get())
        traveller.shift(sealed.MAX_AGE + dt.timedelta(minutes=1))
        page = client.get(reverse("portal:apply_done")).content.decode()
    assert code not in page and "提交结果已显示过" in page


def test_a_registered_code_whose_page_is_never_opened_is_nowhere_in_clear(
    client, clerk, agencies, applicant_data, django_capture_on_commit_callbacks
):
    client.force_login(clerk)
    form = {
        **applicant_data,
        "agency": agencies["TCBGS"].pk,
        "channel": "in_person",
        "arrived_on": services.today().isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("office:register"), form)
    code = mailed_code(Application.objects.get())
    assert stored_anywhere(code) == []
    assert code in client.get(response["Location"]).content.decode()
    assert code not in client.get(response["Location"]).content.decode()


def test_a_sealed_code_is_refused_when_forged_or_stale():
    token = sealed.seal("ABCDE12345")
    assert "ABCDE12345" not in token
    assert sealed.unseal(token) == "ABCDE12345"
    assert sealed.unseal(token[:-2] + "xx") is None
    assert sealed.unseal(None) is None and sealed.unseal({"code": "x"}) is None
    assert sealed.unseal(token, max_age=dt.timedelta(seconds=-1)) is None
