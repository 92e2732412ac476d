"""A report upload is read by a background job: the request returns at once with progress."""

from __future__ import annotations

import pytest
from django.urls import reverse
from reportcorpus import source_path

from gongkai.core import jobs
from gongkai.core.models import Job, JobState
from gongkai.reports.models import IngestedReport

pytestmark = pytest.mark.django_db


def test_a_queued_upload_shows_its_job_then_the_report(settings, client, supervisor, agencies):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(supervisor)
    text = source_path("seed-000").read_text(encoding="utf-8")

    response = client.post(reverse("reports:upload"), {"scope": agencies["SZ"].pk, "text": text})

    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == JobState.QUEUED and not IngestedReport.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "读取年度报告" in page and "排队中" in page and 'http-equiv="refresh"' in page

    jobs.execute(job.pk)  # the worker reads it

    report = IngestedReport.objects.get()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "已完成" in page and reverse("reports:detail", args=[report.pk]) in page


def test_an_unreadable_upload_fails_its_job_with_the_reason(settings, client, supervisor, agencies):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(supervisor)
    client.post(reverse("reports:upload"), {"scope": agencies["SZ"].pk, "text": "不是年度报告"})
    job = jobs.execute(Job.objects.get().pk)
    assert job is not None
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error.startswith("无法读取该报告：")
    assert not IngestedReport.objects.exists()
