"""The deadline sweep costs the same number of queries for 2 changes as for 12
(perf.md: 5 queries per changed case, 47 s for 8,036 changes)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.applications import services
from gongkai.applications.models import CaseEvent, DueState, EventKind
from gongkai.applications.sweep import sweep_deadlines
from gongkai.core import jobs
from gongkai.core.models import Job, JobState

D = dt.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def register(n, agencies, clerk, applicant_data, code="TCBGS"):
    with time_machine.travel(dt.datetime(2025, 9, 26, 10, tzinfo=SHANGHAI)):
        return [
            services.register(clerk, agencies[code], applicant_data, "in_person", D(2025, 9, 26))[0]
            for _ in range(n)
        ]


def queries_of_sweep(on, capture_on_commit):
    with CaptureQueriesContext(connection) as queries, capture_on_commit(execute=True):
        counts = sweep_deadlines(on)
    return len(queries.captured_queries), counts


# Read the calendar (shared cache) and the open cases, then per (old → new) pair lock +
# update, fetch the changed cases, insert the events, read the staff addresses, plus the
# transaction; then one mail job per agency (insert, re-read): the sending runs on the worker.
ONE_TRANSITION_QUERIES = 11
QUEUED_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.mark.parametrize("n", [2, 12])
def test_the_sweep_costs_the_same_queries_however_many_cases_change(
    n,
    agencies,
    clerk,
    reviewer,
    applicant_data,
    mailoutbox,
    settings,
    django_capture_on_commit_callbacks,
):
    register(n, agencies, clerk, applicant_data)
    mailoutbox.clear()
    settings.TASKS = QUEUED_ONLY

    queries, counts = queries_of_sweep(D(2025, 10, 27), django_capture_on_commit_callbacks)

    assert counts["changed"] == counts["due_soon"] == n
    assert queries <= ONE_TRANSITION_QUERIES
    assert CaseEvent.objects.filter(kind=EventKind.DUE_STATE_CHANGED).count() == n
    (job,) = Job.objects.filter(handler__endswith="deliver_mails")
    assert job.scope == agencies["TCBGS"].path and str(n) in job.title
    jobs.execute(job.pk)
    assert len(mailoutbox) == n
    assert all(m.subject.endswith("期限提醒：即将到期") for m in mailoutbox)


def test_a_failed_batch_resumes_after_the_last_mail_sent(mailoutbox, settings, monkeypatch):
    from django.core.mail import EmailMessage

    from gongkai.applications import notifications

    settings.TASKS = QUEUED_ONLY
    mails = [
        notifications.Mail(subject=f"提醒{i}", body="正文", to=["a@example.gov.cn"])
        for i in range(3)
    ]
    job = jobs.enqueue(notifications.deliver_mails, title="期限提醒邮件", mails=mails)
    real_send = EmailMessage.send

    def refuse_the_second(message, *args, **kwargs):
        if message.subject == "提醒1":
            raise ConnectionRefusedError("邮件服务器拒绝连接")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", refuse_the_second)
    jobs.execute(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "邮件服务器拒绝连接" in job.error
    assert [m.subject for m in mailoutbox] == ["提醒0"]

    monkeypatch.setattr(EmailMessage, "send", real_send)
    jobs.retry(job)
    jobs.execute(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert [m.subject for m in mailoutbox] == ["提醒0", "提醒1", "提醒2"]


def test_a_case_moved_by_someone_else_meanwhile_is_left_alone(
    agencies, clerk, reviewer, applicant_data, mailoutbox, django_capture_on_commit_callbacks
):
    from gongkai.applications.models import Application

    (app,) = register(1, agencies, clerk, applicant_data)
    Application.objects.filter(pk=app.pk).update(due_state=DueState.DUE_SOON)  # another sweep won

    _n, counts = queries_of_sweep(D(2025, 10, 27), django_capture_on_commit_callbacks)

    assert counts["changed"] == 0 and counts["due_soon"] == 1
    assert mailoutbox == []
