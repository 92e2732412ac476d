"""Background jobs: run, progress, result, failure with its error, retry, a dead worker's job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.applications.notifications import deliver_mail
from gongkai.core import jobs
from gongkai.core.models import Job, JobState

pytestmark = pytest.mark.django_db


def _mail_job(owner=None, scope=""):
    return jobs.enqueue(
        deliver_mail,
        title="发送邮件：测试",
        owner=owner,
        scope=scope,
        subject="测试",
        body="正文",
        to=["someone@example.gov.cn"],
    )


def test_a_job_runs_its_handler_and_records_progress(clerk):
    job = _mail_job(owner=clerk)
    assert job.state == JobState.DONE
    assert (job.done, job.total, job.percent) == (1, 1, 100)
    assert job.attempts == 1 and job.started_at and job.finished_at
    assert [m.subject for m in mail.outbox] == ["测试"]


def test_a_failing_job_is_failed_with_its_error_and_can_be_retried(settings, clerk):
    # A real SMTP connection to a port where nothing listens: the mail server is down.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    job = _mail_job(owner=clerk)
    assert job.state == JobState.FAILED
    assert "任务执行出错" in job.error and "ConnectionRefusedError" in job.error
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    jobs.retry(job)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.error == "" and job.attempts == 2
    assert len(mail.outbox) == 1


def test_a_finished_job_cannot_be_retried(clerk):
    job = _mail_job(owner=clerk)
    with pytest.raises(jobs.StepError):
        jobs.retry(job)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 1


def test_a_job_left_running_by_a_killed_worker_is_queued_again_and_finished(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = _mail_job()
    # What a worker killed mid-task leaves behind: RUNNING, silent since.
    silent_since = timezone.now() - jobs.STALE_AFTER - dt.timedelta(seconds=1)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, attempts=1, heartbeat_at=silent_since
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    assert jobs.requeue_stale() == 1

    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 2
    assert len(mail.outbox) == 1


def test_a_running_job_that_reports_progress_is_left_alone(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = _mail_job()
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, heartbeat_at=timezone.now())
    assert jobs.requeue_stale() == 0
    assert Job.objects.get(pk=job.pk).state == JobState.RUNNING


def test_a_job_is_delivered_once_even_if_the_queue_repeats_it(clerk):
    job = _mail_job(owner=clerk)
    jobs.execute(job.pk)  # the same id delivered a second time
    job.refresh_from_db()
    assert job.attempts == 1 and len(mail.outbox) == 1


def test_a_job_may_only_name_code_of_this_project():
    with pytest.raises(ValueError):
        jobs.enqueue("os.system", title="x", command="true")
    assert not Job.objects.exists()


def test_a_job_whose_queue_entry_was_lost_is_put_on_the_queue_again(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = _mail_job()  # queued, but the queue forgets it (dummy backend: never runs)
    long_ago = timezone.now() - jobs.RESUBMIT_AFTER - dt.timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(created_at=long_ago)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    assert jobs.requeue_stale() == 1

    job.refresh_from_db()
    assert job.state == JobState.DONE and len(mail.outbox) == 1
    assert jobs.requeue_stale() == 0


def test_progress_is_written_at_most_every_half_second_and_always_at_the_last_step(
    settings, monkeypatch
):
    """3,000 quick steps are not 3,000 committed UPDATEs: the first step, then one write per
    PROGRESS_EVERY seconds, and the last step whatever the time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = _mail_job()
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    run = jobs.JobRun(Job.objects.get(pk=job.pk))
    clock = [100.0]
    monkeypatch.setattr(jobs.time, "monotonic", lambda: clock[0])
    with CaptureQueriesContext(connection) as ctx:
        for done in range(1, 3001):
            clock[0] += 0.001  # a millisecond a file: 3 s in all
            run.progress(done, 3000, f"第 {done} 份")
            if done == 1500:
                assert Job.objects.get(pk=job.pk).done < 1500  # not every step written
    writes = [q for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert 6 <= len(writes) <= 8  # the first, one per 0.5 s, the last
    saved = Job.objects.get(pk=job.pk)
    assert (saved.done, saved.total, saved.message) == (3000, 3000, "第 3000 份")
    assert (run.job.done, run.job.message) == (3000, "第 3000 份")
