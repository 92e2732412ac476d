"""A real worker process (`manage.py run_worker`) runs jobs from the database queue."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from gongkai.core import jobs
from gongkai.core.models import Job, JobState
from tests.conftest import DATABASE_QUEUE, worker_env

ROOT = Path(__file__).resolve().parents[2]


def _run_worker() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "run_worker", "--once"],
        cwd=ROOT,
        env=worker_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_queued_jobs_and_picks_up_a_dead_workers_job(settings):
    settings.TASKS = DATABASE_QUEUE
    from gongkai.applications.notifications import deliver_mail

    def queue(subject: str) -> Job:
        return jobs.enqueue(
            deliver_mail, title=subject, subject=subject, body="正文", to=["a@example.gov.cn"]
        )

    waiting = queue("排队的邮件")
    orphan = queue("被中断的邮件")
    assert waiting.state == orphan.state == JobState.QUEUED  # nothing runs in this process
    # The orphan's worker was killed mid-task: the job says RUNNING and has gone silent.
    silent_since = timezone.now() - jobs.STALE_AFTER - dt.timedelta(minutes=1)
    Job.objects.filter(pk=orphan.pk).update(state=JobState.RUNNING, heartbeat_at=silent_since)

    done = _run_worker()

    assert done.returncode == 0, done.stderr
    assert "requeued 1 job(s)" in done.stdout
    assert done.stdout.count("\n正文\n") == 2  # the console mail backend printed both mails
    for job in (waiting, orphan):
        job.refresh_from_db()
        assert job.state == JobState.DONE, job.error
