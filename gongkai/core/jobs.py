"""Background jobs: enqueue work, run it on a task worker, show progress, retry failures.

The work runs through Django's tasks interface (the django-tasks backport): the
database backend by default (`manage.py run_worker`), RQ workers when REDIS_URL
is set. The queue carries only a `Job` id; the row says what to run and records
progress, result and error. A job whose worker died (no heartbeat for
`STALE_AFTER`) is queued again by `requeue_stale`, which every `run_worker`
calls between batches, so nothing accepted is lost. A job that needs a secret (a new
查询码) keeps only ids in its row and gets the secret in memory (`run_after_commit`).

A handler is a plain function `handler(run: JobRun, **arguments) -> dict`; the
dict it returns ({"url": …, "label": …}) is what the owner is shown at the end.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from .models import JOB_MOVES, Job, JobState
from .workflow import StepError, move

log = logging.getLogger(__name__)

# A running job reports progress (a heartbeat) at least this often; silence this long
# means its worker was killed, and the job is queued again.
STALE_AFTER = dt.timedelta(minutes=5)
# A job still queued this long may have lost its queue entry (Redis flushed, a bad worker
# setup): it is put on the queue again. A duplicate delivery is harmless (see `execute`).
RESUBMIT_AFTER = dt.timedelta(hours=1)
# Handlers live in this project only: a job row can never name arbitrary code.
HANDLER_PREFIX = "gongkai."


PROGRESS_EVERY = 0.5  # seconds between two progress writes of one job


class JobRun:
    """What a handler gets: its input bytes and a way to report progress."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._written_at: float | None = None

    @property
    def payload(self) -> bytes:
        return bytes(self.job.payload or b"")

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        """Record progress (and a heartbeat); visible at once, outside any transaction.

        Written at most every PROGRESS_EVERY seconds (the first call and the last step always):
        a batch of 3,000 quick files wrote 3,000 committed UPDATEs, 35 s of 516 on PostgreSQL,
        while the page that shows them refreshes every 2 s."""
        total = self.job.total if total is None else total
        self.job.done, self.job.total, self.job.message = done, total, message[:200]
        now = time.monotonic()
        last = done >= total > 0
        if not last and self._written_at is not None and now - self._written_at < PROGRESS_EVERY:
            return
        self._written_at = now
        Job.objects.filter(pk=self.job.pk, state=JobState.RUNNING).update(
            done=done, total=total, message=message[:200], heartbeat_at=timezone.now()
        )

    def remember(self, **arguments: Any) -> None:
        """Keep how far the handler got in its own arguments, so a retry resumes there."""
        self.job.arguments = {**self.job.arguments, **arguments}
        Job.objects.filter(pk=self.job.pk).update(arguments=self.job.arguments)


def enqueue(
    handler: Callable[..., Any] | str,
    *,
    title: str,
    owner: Any = None,
    scope: str = "",
    payload: bytes = b"",
    **arguments: Any,
) -> Job:
    """Record a job and put it on the queue; returns the job (its state may already be final).

    Call it inside the transaction that creates what the job works on: the
    database queue is transactional (the worker sees the job only after commit),
    and the Redis queue is fed only after commit."""
    path = handler if isinstance(handler, str) else f"{handler.__module__}.{handler.__qualname__}"
    if not path.startswith(HANDLER_PREFIX):
        raise ValueError(f"job handler outside the project: {path}")
    job = Job.objects.create(
        title=title[:200],
        handler=path,
        arguments=arguments,
        payload=payload,
        owner=owner if getattr(owner, "is_authenticated", False) else None,
        scope=scope,
    )
    _submit(job)
    job.refresh_from_db()
    return job


def run_after_commit(
    handler: Callable[..., Any],
    *,
    title: str,
    scope: str = "",
    transient: dict[str, Any],
    **arguments: Any,
) -> Job:
    """Record a job that needs a secret the database must never hold (a new 查询码), and run
    it in this process once the transaction commits, with `transient` passed in memory only.

    The job row keeps just `arguments` (ids), so the job table, the database queue and Redis
    never see the secret. If the run fails it is failed like any job and a retry runs the
    handler without `transient` (the handler must cope, e.g. by making a new secret); if
    this process dies before the run, `requeue_stale` puts the waiting job on the queue."""
    path = f"{handler.__module__}.{handler.__qualname__}"
    if not path.startswith(HANDLER_PREFIX):
        raise ValueError(f"job handler outside the project: {path}")
    job = Job.objects.create(title=title[:200], handler=path, arguments=arguments, scope=scope)

    def run() -> None:
        try:
            execute(job.pk, **transient)
        except Exception:  # the step has committed; a broken run must not fail the request
            log.exception("job %s (%s) could not be run", job.pk, path)

    transaction.on_commit(run)
    return job


def _submit(job: Job) -> None:
    if queue_outside_database():
        transaction.on_commit(lambda: run_job.enqueue(job.pk))
    else:
        run_job.enqueue(job.pk)


def queue_outside_database() -> bool:
    backend = str(settings.TASKS.get("default", {}).get("BACKEND", ""))
    return backend.endswith("RQBackend")


@task()
def run_job(job_id: int) -> None:
    """The one task on the queue: run the job's handler and record how it ended."""
    execute(job_id)


def execute(job_id: int, **transient: Any) -> Job | None:
    """Run a queued job once. `transient` arguments reach the handler but are never stored."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return None
    try:
        move(
            job,
            JobState.RUNNING,
            JOB_MOVES,
            field="state",
            touch="heartbeat_at",
            started_at=timezone.now(),
            attempts=job.attempts + 1,
        )
    except StepError:  # already taken, finished or gone back: a duplicate delivery
        return job
    try:
        result = _handler(job.handler)(JobRun(job), **job.arguments, **transient) or {}
    except Exception as exc:
        log.exception("job %s (%s) failed", job.pk, job.handler)
        _finish(job, JobState.FAILED, error=error_text(exc))
    else:
        _finish(job, JobState.DONE, result=result)
    return job


def _handler(path: str) -> Callable[..., Any]:
    if not path.startswith(HANDLER_PREFIX):
        raise ValueError(f"job handler outside the project: {path}")
    return import_string(path)


def _finish(job: Job, state: str, **fields: Any) -> None:
    try:
        move(
            job,
            state,
            JOB_MOVES,
            field="state",
            touch="heartbeat_at",
            finished_at=timezone.now(),
            **fields,
        )
    except StepError:  # requeued as stale meanwhile; the new run will record its own end
        log.warning("job %s ended after it was queued again", job.pk)


def error_text(exc: BaseException) -> str:
    """The error as the owner reads it: a service's Chinese message, else the exception."""
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return _("任务执行出错（%(type)s）：%(error)s") % {"type": type(exc).__name__, "error": exc}


def refuse_retry(
    job: Job, reason: str | Promise, again_url: str = "", again_label: str | Promise = ""
) -> None:
    """Mark a job that running again cannot help (its input is gone): `retry` refuses it with
    `reason`, and the job pages show the reason (and a link `again_label` to start afresh at
    `again_url`) instead of the 重试 button."""
    job.result = {
        **(job.result or {}),
        "retry_refused": str(reason),
        "retry_url": again_url,
        "retry_label": str(again_label),
    }
    Job.objects.filter(pk=job.pk).update(result=job.result)


def retry_refused(job: Job) -> str:
    """Why the job cannot be run again ("" when it can)."""
    result = job.result if isinstance(job.result, dict) else {}
    return str(result.get("retry_refused", ""))


def retry(job: Job) -> Job:
    """Run a failed job again (the caller has checked the user may)."""
    if reason := retry_refused(job):
        raise ValidationError(reason)
    move(
        job,
        JobState.QUEUED,
        JOB_MOVES,
        field="state",
        touch=None,
        error="",
        done=0,
        message="",
        started_at=None,
        finished_at=None,
    )
    _submit(job)
    return job


def requeue_stale(now: dt.datetime | None = None) -> int:
    """Queue again every running job whose worker stopped reporting, and every job waiting
    so long that its queue entry may be lost; returns how many."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    count = 0
    for job in Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=cutoff):
        try:
            move(
                job,
                JobState.QUEUED,
                JOB_MOVES,
                field="state",
                touch="heartbeat_at",
                message=_("处理该任务的进程已中断，已重新排队。"),
            )
        except StepError:
            continue
        _submit(job)
        count += 1
    return count + _resubmit_waiting(cutoff + STALE_AFTER - RESUBMIT_AFTER)


def _resubmit_waiting(cutoff: dt.datetime) -> int:
    waiting = Job.objects.filter(state=JobState.QUEUED, created_at__lt=cutoff).filter(
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=cutoff)
    )
    count = 0
    for job in waiting:
        Job.objects.filter(pk=job.pk, state=JobState.QUEUED).update(heartbeat_at=timezone.now())
        _submit(job)
        count += 1
    return count


def visible_jobs(user: Any, scopes: list[str]) -> QuerySet[Job]:
    """The user's own jobs, plus every job under the agency paths they administer."""
    query = Q(owner=user)
    for path in scopes:
        query |= Q(scope__startswith=path)
    return Job.objects.filter(query)
