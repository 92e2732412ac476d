"""A province batch: thousands of report files read and kept by ONE background job.

The job's row holds only where the files are (a folder on the server, or a ZIP uploaded in
the office and kept as a private file) and how far the job got. Files are read one at a
time, so memory holds one document, never the batch. Every `CHECKPOINT` files the job
remembers its position and the failures so far: a retry, or the requeue of a job whose
worker died, resumes there. A file kept before the worker died is recognised by its content
hash (`services.keep`: one row per scope and SHA-256) and is never stored twice.

An uploaded ZIP is scratch: once its job has read every file (or failed `BATCH_ATTEMPTS`
times) it is removed. What an auditor needs stays — the job's result and failures list,
and each kept report's own source document in its `IngestedReport` row. ZIPs that outlive
their job anyway (a crash mid-upload, a failed job nobody retried) are removed after
REPORT_BATCH_KEEP_DAYS by `manage.py clean_report_batches`. Files are read straight from
the ZIP: nothing is ever extracted to disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.core import audit as audit_log
from gongkai.core import jobs
from gongkai.core.limits import REPORT_UPLOAD
from gongkai.core.models import Job, JobState
from gongkai.core.private_files import private_folder, write_private_chunks

from . import services
from .batch import EXTENSIONS, check_archive
from .ingest import IngestError
from .ingest.guard import DEFAULT_TIMEOUT, GuardedWorker
from .models import IngestedReport

CHECKPOINT = 25  # files between saved positions: a dead worker redoes at most this many
BATCH_FOLDER = "report-batches"  # under PRIVATE_MEDIA_ROOT: uploaded ZIPs wait here
# A batch that failed this many times is not going to succeed by itself: its ZIP goes
# (a person uploads it again after fixing the cause). Before that, 重试 resumes it.
BATCH_ATTEMPTS = 3
# Said by the job page of a batch whose ZIP was removed (instead of 重试), and by a job that
# finds it gone.
UPLOAD_GONE = gettext_lazy(
    "上传的压缩包已不在服务器上（任务结束、多次失败或超过保留期限后已删除），"
    "重试无法读取，请排除原因后重新上传。"
)


def members(source: Path) -> list[str]:
    """The report files of a folder (relative paths, searched recursively) or of a ZIP, sorted."""
    if source.is_dir():
        found = (p for p in source.rglob("*") if p.is_file() and _is_report(p.name))
        return sorted(str(p.relative_to(source)) for p in found)
    if is_upload(source) and not source.exists():
        raise ValidationError(str(UPLOAD_GONE))
    if zipfile.is_zipfile(source):
        check_archive(source)  # again in the job: a ZIP given to the command is checked too
        with zipfile.ZipFile(source) as archive:
            return sorted(
                i.filename for i in archive.infolist() if not i.is_dir() and _is_report(i.filename)
            )
    raise ValidationError(_("不是文件夹，也不是 ZIP 压缩包：%(name)s") % {"name": source.name})


def _is_report(name: str) -> bool:
    base = name.rsplit("/", 1)[-1]
    return not base.startswith(".") and base.rsplit(".", 1)[-1].lower() in EXTENSIONS


@contextmanager
def _reader(source: Path) -> Iterator[Any]:
    """A function name → bytes; a ZIP is opened once for the whole batch."""
    if source.is_dir():
        yield lambda name: _read_file(source / name)
        return
    with zipfile.ZipFile(source) as archive:
        yield lambda name: _read_member(archive, name)


def _read_file(path: Path) -> bytes:
    if path.stat().st_size > REPORT_UPLOAD.max_bytes:
        raise IngestError(REPORT_UPLOAD.too_large(path.name))
    return path.read_bytes()


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    # The size in the directory may lie (a zip bomb): read at most one byte past the limit.
    with archive.open(name) as member:
        data = member.read(REPORT_UPLOAD.max_bytes + 1)
    if len(data) > REPORT_UPLOAD.max_bytes:
        raise IngestError(REPORT_UPLOAD.too_large(name.rsplit("/", 1)[-1]))
    return data


def upload_folder() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / BATCH_FOLDER


def is_upload(source: Path) -> bool:
    """Whether `source` is an uploaded ZIP this module may delete (never a folder or a ZIP
    on the server that the command was pointed at)."""
    return source.suffix == ".zip" and source.parent.resolve() == upload_folder().resolve()


def save_upload(upload: UploadedFile) -> Path:
    """Keep an uploaded ZIP as a private file until its job has read it, without reading it
    into memory: a hard link to the upload already streamed to disk in the same private
    folder (`PrivateUploadHandler`), else a copy chunk by chunk."""
    path = private_folder(upload_folder()) / f"{uuid.uuid4().hex}.zip"
    temporary = getattr(upload, "temporary_file_path", None)
    if temporary is not None:
        try:
            os.link(temporary(), path)  # the same 0600 file under a name that outlives the request
            return path
        except OSError:  # another file system, or links not allowed: copy instead
            pass
    upload.seek(0)
    write_private_chunks(path, upload.chunks())
    return path


def discard_upload(source: Path) -> bool:
    """Remove an uploaded ZIP (only those: see `is_upload`); whether one was removed."""
    if not is_upload(source) or not source.exists():
        return False
    source.unlink(missing_ok=True)
    return True


def clean_uploads(days: int, now: dt.datetime | None = None) -> list[Path]:
    """Remove uploads older than `days` that no queued or running batch will read: ZIPs of
    failed jobs nobody retried, and files left by a request or worker that died. Returns them."""
    folder = upload_folder()
    if not folder.is_dir():
        return []
    cutoff = ((now or timezone.now()) - dt.timedelta(days=days)).timestamp()
    waiting = Job.objects.filter(
        state__in=[JobState.QUEUED, JobState.RUNNING], handler=HANDLER
    ).values_list("arguments", flat=True)
    in_use = {str(arguments.get("source", "")) for arguments in waiting}
    removed = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and str(path) not in in_use and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed.append(path)
    gone = {str(path) for path in removed}
    for job in Job.objects.filter(state=JobState.FAILED, handler=HANDLER):
        if str(job.arguments.get("source", "")) in gone:
            _refuse_retry(job)
    return removed


def _refuse_retry(job: Job) -> None:
    jobs.refuse_retry(job, UPLOAD_GONE, reverse("reports:upload"), _("重新上传"))


def queue_batch(user: Any, scope: Agency, source: Path, ip: str | None = None) -> jobs.Job:
    """Queue one job that reads every report file in `source` (a folder or a ZIP) and keeps
    each under `scope`. The permission is checked here and again when the job runs."""
    perm.require(
        perm.can_supervise(user, scope), _("只有主管部门或机关管理员可以上传年度报告进行审查。")
    )
    try:
        count = len(members(source))
    except (OSError, zipfile.BadZipFile) as exc:
        raise ValidationError(_("无法打开压缩包或文件夹：%(e)s") % {"e": exc}) from exc
    if not count:
        raise ValidationError(_("没有找到可读取的报告文件。"))
    audit_log.record(user, "reports.batch_queued", source.name, ip, files=count)
    return jobs.enqueue(
        ingest_batch,
        title=_("批量读取年度报告（%(n)s 份）") % {"n": count},
        owner=user,
        scope=scope.path,
        user_id=user.pk,
        scope_id=scope.pk,
        source=str(source),
        ip=ip,
    )


def ingest_batch(run: jobs.JobRun, source: str, **arguments: Any) -> dict[str, Any]:
    """Job handler: read the batch (`_read_batch`), then remove the uploaded ZIP once every
    file is read, or once the job has failed BATCH_ATTEMPTS times."""
    try:
        result = _read_batch(run, source=source, **arguments)
    except Exception:
        if run.job.attempts >= BATCH_ATTEMPTS and discard_upload(Path(source)):
            _refuse_retry(run.job)
        raise
    discard_upload(Path(source))
    return result


HANDLER = f"{__name__}.ingest_batch"


def _read_batch(
    run: jobs.JobRun,
    user_id: int,
    scope_id: int,
    source: str,
    ip: str | None = None,
    position: int = 0,
    failures: list[dict[str, str]] | None = None,
    kept: int = 0,
    known: int = 0,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """Read, audit and keep each file from `position` on; a bad file is listed with its
    reason and the batch goes on."""
    user = get_user_model().objects.get(pk=user_id)
    scope = Agency.objects.get(pk=scope_id)
    perm.require(
        perm.can_supervise(user, scope), _("只有主管部门或机关管理员可以上传年度报告进行审查。")
    )
    names = members(Path(source))
    tally: dict[str, Any] = {"failures": list(failures or []), "kept": kept, "known": known}
    run.progress(position, len(names), _("正在读取与核对"))
    with _reader(Path(source)) as read, GuardedWorker(timeout) as worker:
        for index in range(position, len(names)):
            _ingest_one(user, scope, names[index], read, worker, ip, tally)
            done = index + 1
            run.progress(done, len(names), names[index])
            if done % CHECKPOINT == 0 or done == len(names):
                run.remember(position=done, **tally)
    audit_log.record(
        user,
        "reports.batch_done",
        Path(source).name,
        ip,
        files=len(names),
        kept=tally["kept"],
        known=tally["known"],
        failed=len(tally["failures"]),
    )
    run.progress(len(names), len(names), _summary(len(names), tally))
    return {
        "url": reverse("reports:index"),
        "label": _("查看已读取的报告"),
        "failures": tally["failures"],
    }


def _ingest_one(
    user: Any,
    scope: Agency,
    name: str,
    read: Any,
    worker: GuardedWorker,
    ip: str | None,
    tally: dict[str, Any],
) -> None:
    try:
        data = read(name)
        if IngestedReport.objects.filter(
            scope=scope, sha256=hashlib.sha256(data).hexdigest()
        ).exists():
            tally["known"] += 1  # kept before (an earlier batch, or this one before a crash)
            return
        report = worker.parse(data, name.rsplit("/", 1)[-1])
    except IngestError as exc:
        tally["failures"].append({"name": name, "reason": str(exc)})
        return
    except OSError as exc:
        reason = _("无法读取文件：%(e)s") % {"e": exc.strerror or exc}
        tally["failures"].append({"name": name, "reason": reason})
        return
    services.keep(user, scope, report, data, name[-255:], ip)
    tally["kept"] += 1


def _summary(total: int, tally: dict[str, Any]) -> str:
    return _("共 %(n)s 份：新读取 %(kept)s 份，此前已读取 %(known)s 份，失败 %(bad)s 份。") % {
        "n": total,
        "kept": tally["kept"],
        "known": tally["known"],
        "bad": len(tally["failures"]),
    }
