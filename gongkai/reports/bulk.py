"""A province batch: thousands of report files read and kept by ONE background job.

The job's row holds only where the files are (a folder on the server, or a ZIP uploaded in
the office and kept as a private file) and how far the job got. Files are read one at a
time, so memory holds one document, never the batch. Every `CHECKPOINT` files the job
remembers its position and the failures so far: a retry, or the requeue of a job whose
worker died, resumes there. A file kept before the worker died is recognised by its content
hash (`services.keep`: one row per scope and SHA-256) and is never stored twice.
"""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.core import audit as audit_log
from gongkai.core import jobs
from gongkai.core.limits import REPORT_UPLOAD
from gongkai.core.private_files import write_private

from . import services
from .batch import EXTENSIONS
from .ingest import IngestError
from .ingest.guard import DEFAULT_TIMEOUT, GuardedWorker
from .models import IngestedReport

CHECKPOINT = 25  # files between saved positions: a dead worker redoes at most this many
BATCH_FOLDER = "report-batches"  # under PRIVATE_MEDIA_ROOT: uploaded ZIPs wait here


def members(source: Path) -> list[str]:
    """The report files of a folder (relative paths, searched recursively) or of a ZIP, sorted."""
    if source.is_dir():
        found = (p for p in source.rglob("*") if p.is_file() and _is_report(p.name))
        return sorted(str(p.relative_to(source)) for p in found)
    if zipfile.is_zipfile(source):
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


def save_upload(data: bytes) -> Path:
    """Keep an uploaded ZIP as a private file until its job has read it."""
    path = Path(settings.PRIVATE_MEDIA_ROOT) / BATCH_FOLDER / f"{uuid.uuid4().hex}.zip"
    write_private(path, data)
    return path


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


def ingest_batch(
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
    """Job handler: read, audit and keep each file from `position` on; a bad file is listed
    with its reason and the batch goes on."""
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
