"""The 后台任务 page: who sees which jobs, progress and errors, and the retry ladder."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.applications.notifications import deliver_mail
from gongkai.core import jobs
from gongkai.core.models import AuditEvent, Job, JobState

INDEX = reverse("jobs:index")


@pytest.fixture
def failed_job(settings, clerk, agencies):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    job = jobs.enqueue(
        deliver_mail,
        title="发送邮件：补正告知",
        owner=clerk,
        scope=agencies["TCBGS"].path,
        subject="补正告知",
        body="正文",
        to=["a@example.gov.cn"],
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert job.state == JobState.FAILED
    return job


def test_staff_see_their_own_jobs_with_the_error(client, clerk, failed_job):
    client.force_login(clerk)
    body = client.get(INDEX).content.decode()
    assert "发送邮件：补正告知" in body and "失败" in body and "ConnectionRefusedError" in body
    assert 'http-equiv="refresh"' not in body  # nothing running: no refresh


def test_an_agency_admin_sees_the_jobs_of_their_agencies(client, admin_user, failed_job):
    client.force_login(admin_user)
    assert "发送邮件：补正告知" in client.get(INDEX).content.decode()


def test_other_agencies_see_neither_list_nor_job(client, other_clerk, failed_job):
    client.force_login(other_clerk)
    assert "补正告知" not in client.get(INDEX).content.decode()
    assert client.get(reverse("jobs:detail", args=[failed_job.pk])).status_code == 404


def test_a_running_job_shows_its_progress_and_refreshes(settings, client, clerk):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = jobs.enqueue(
        deliver_mail, title="发送邮件", owner=clerk, subject="s", body="b", to=["a@b.cn"]
    )
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, done=3, total=4, message="正在发送"
    )
    client.force_login(clerk)
    body = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'aria-valuenow="75"' in body and "正在发送" in body and 'http-equiv="refresh"' in body


# -- the retry ladder -------------------------------------------------------------


def _retry(client, job):
    return client.post(reverse("jobs:retry", args=[job.pk]))


def test_retry_anonymous_goes_to_login(client, failed_job):
    response = _retry(client, failed_job)
    assert response.status_code == 302 and "login" in response["Location"]
    assert Job.objects.get(pk=failed_job.pk).state == JobState.FAILED


def test_retry_without_any_role_is_refused(client, failed_job):
    nobody = get_user_model().objects.create_user("nobody", "n@example.cn", "pw-for-tests-1")
    client.force_login(nobody)
    assert _retry(client, failed_job).status_code == 403
    assert Job.objects.get(pk=failed_job.pk).state == JobState.FAILED


def test_retry_by_another_agency_is_refused(client, other_clerk, failed_job):
    client.force_login(other_clerk)
    assert _retry(client, failed_job).status_code == 403
    assert Job.objects.get(pk=failed_job.pk).state == JobState.FAILED


def test_retry_of_a_finished_job_says_why_and_changes_nothing(client, clerk, failed_job):
    Job.objects.filter(pk=failed_job.pk).update(state=JobState.DONE)
    client.force_login(clerk)
    response = client.post(reverse("jobs:retry", args=[failed_job.pk]), follow=True)
    assert "当前状态为“已完成”，不能执行此操作。" in response.content.decode()
    assert Job.objects.get(pk=failed_job.pk).attempts == 1


def test_retry_by_the_owner_runs_the_job_again_and_is_audited(
    client, clerk, failed_job, mailoutbox
):
    client.force_login(clerk)
    response = client.post(reverse("jobs:retry", args=[failed_job.pk]), follow=True)
    assert "已重新排队" in response.content.decode()
    job = Job.objects.get(pk=failed_job.pk)
    assert job.state == JobState.DONE and job.attempts == 2
    assert [m.subject for m in mailoutbox] == ["补正告知"]
    assert AuditEvent.objects.filter(action="jobs.retried", actor=clerk).count() == 1
