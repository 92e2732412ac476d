"""A province batch runs as one background job: progress n of N, failures listed with their
reasons on the job page, resumable after a dead worker, nothing stored twice."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from pathlib import Path

import pytest
from batchfactory import agency, write_batch
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reportcorpus import require_corpus

from gongkai.core import jobs
from gongkai.core.models import Job, JobState
from gongkai.reports.bulk import CHECKPOINT, queue_batch
from gongkai.reports.models import IngestedReport


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    require_corpus()
    write_batch(tmp_path / "batch", 30, broken=2)
    return tmp_path / "batch"


def _wait(job: Job, seconds: float = 240) -> list[tuple[int, int]]:
    """Poll the job as its page does until it ends; the (done, total) pairs seen."""
    seen: list[tuple[int, int]] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not seen or seen[-1] != (job.done, job.total):
            seen.append((job.done, job.total))
        if not job.active:
            return seen
        time.sleep(0.1)
    raise AssertionError(f"job still {job.state} at {job.done}/{job.total}")


@pytest.mark.slow
def test_a_batch_runs_on_the_worker_with_progress_failures_and_no_second_copy(
    task_worker, batch, client, supervisor, agencies
):
    job = queue_batch(supervisor, agencies["SZ"], batch)
    assert job.state == JobState.QUEUED  # the worker process, not this one, reads the files

    seen = _wait(job)

    assert job.state == JobState.DONE, job.error
    assert seen[-1] == (30, 30) and (job.done, job.total) == (30, 30)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)  # progress only goes up
    assert IngestedReport.objects.count() == 28
    assert set(IngestedReport.objects.values_list("agency_name", flat=True)) == {
        agency(i) for i in range(28)
    }
    assert [f["name"] for f in job.failures] == ["0028-不是年度报告.txt", "0029-损坏的文件.docx"]
    client.force_login(supervisor)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "未能读取的文件（2 个）" in page and "0029-损坏的文件.docx" in page
    for failure in job.failures:
        assert failure["reason"] and failure["reason"] in page
        assert any("\u4e00" <= ch <= "\u9fff" for ch in failure["reason"])  # a Chinese reason
    assert "新读取 28 份" in job.message and "失败 2 份" in job.message

    again = queue_batch(supervisor, agencies["SZ"], batch)
    _wait(again)

    assert again.state == JobState.DONE and IngestedReport.objects.count() == 28
    assert "新读取 0 份，此前已读取 28 份，失败 2 份" in again.message


def test_a_job_whose_worker_died_resumes_at_its_checkpoint(settings, batch, supervisor, agencies):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job = queue_batch(supervisor, agencies["SZ"], batch)
    jobs.execute(job.pk)  # the first worker reads every file ...
    assert IngestedReport.objects.count() == 28
    # ... and dies before it records the end: its last checkpoint says CHECKPOINT files read.
    silent = timezone.now() - jobs.STALE_AFTER - dt.timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        heartbeat_at=silent,
        result={},
        arguments={
            **job.arguments,
            "position": CHECKPOINT,
            "kept": CHECKPOINT,
            "known": 0,
            "failures": [],
        },
    )

    assert jobs.requeue_stale() == 1
    jobs.execute(job.pk)

    job.refresh_from_db()
    assert job.state == JobState.DONE and (job.done, job.total) == (30, 30)
    assert IngestedReport.objects.count() == 28  # nothing stored twice
    after = 28 - CHECKPOINT
    assert f"新读取 {CHECKPOINT} 份，此前已读取 {after} 份，失败 2 份" in job.message
    assert len(job.failures) == 2


def test_a_zip_uploaded_in_the_office_is_read_as_one_job(client, batch, supervisor, agencies):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(batch.iterdir())[:5] + sorted(batch.iterdir())[-1:]:
            archive.write(path, f"省内报告/{path.name}")
    buffer.seek(0)
    buffer.name = "全省年报.zip"
    client.force_login(supervisor)

    response = client.post(reverse("reports:upload"), {"scope": agencies["SZ"].pk, "file": buffer})

    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == JobState.DONE and (job.done, job.total) == (6, 6)
    assert IngestedReport.objects.count() == 5
    assert [f["name"] for f in job.failures] == ["省内报告/0029-损坏的文件.docx"]


def test_a_zip_with_no_report_in_it_is_refused_with_nothing_queued(client, supervisor, agencies):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("照片.jpg", b"\xff\xd8")
    buffer.seek(0)
    buffer.name = "空的.zip"
    client.force_login(supervisor)

    response = client.post(reverse("reports:upload"), {"scope": agencies["SZ"].pk, "file": buffer})

    assert response.status_code == 400
    assert "没有找到可读取的报告文件" in response.content.decode()
    assert not Job.objects.exists()


def test_the_command_queues_a_folder_as_one_job(batch, supervisor, agencies, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    out = io.StringIO()
    name = agencies["SZ"].name

    call_command("ingest_reports", str(batch), "--store", name, "--user", "supervisor", stdout=out)

    job = Job.objects.get()
    assert f"#{job.pk}" in out.getvalue() and job.state == JobState.QUEUED
    assert job.arguments["source"] == str(batch.resolve())


def test_the_command_refuses_a_user_who_may_not_review(batch, clerk, agencies):
    with pytest.raises(Exception, match="只有主管部门或机关管理员"):
        call_command(
            "ingest_reports", str(batch), "--store", agencies["SZ"].name, "--user", clerk.username
        )
    assert not Job.objects.exists()
