"""An uploaded province ZIP on disk: streamed to a private file (never held in memory), checked
from disk before anything is queued (size, ZIP bomb, member count, traversal names), and
removed when its job ends — the job's result and each kept report's own source stay."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from batchfactory import write_batch
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.management import call_command
from django.urls import reverse
from reportcorpus import require_corpus

from gongkai.agencies.models import Membership
from gongkai.core import jobs
from gongkai.core.limits import REPORT_BATCH_MAX_MEMBERS, REPORT_BATCH_MAX_UNPACKED
from gongkai.core.models import Job, JobState
from gongkai.reports import bulk
from gongkai.reports.models import IngestedReport

DUMMY_QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def reports(tmp_path: Path) -> list[Path]:
    require_corpus()
    return write_batch(tmp_path / "batch", 4, broken=1)


def _zip(paths: list[Path], name: str = "全省年报.zip") -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            archive.write(path, f"各县报告/{path.name}")
    buffer.seek(0)
    buffer.name = name
    return buffer


def _left_in_batch_folder() -> list[str]:
    folder = bulk.upload_folder()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _post(client, supervisor, agencies, upload: io.BytesIO):
    client.force_login(supervisor)
    return client.post(reverse("reports:upload"), {"scope": agencies["SZ"].pk, "file": upload})


# -- streamed to disk, removed at the end ---------------------------------------------------


def test_an_uploaded_zip_is_removed_when_its_job_ends_and_the_audit_trail_stays(
    client, supervisor, agencies, reports
):
    response = _post(client, supervisor, agencies, _zip(reports))

    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.state == JobState.DONE, job.error
    assert _left_in_batch_folder() == []  # neither the ZIP nor the streamed upload
    # What an auditor needs is in the database: the job's outcome and each report's source.
    assert [f["name"] for f in job.failures] == ["各县报告/0003-损坏的文件.docx"]
    assert "新读取 3 份" in job.message
    for kept in IngestedReport.objects.all():
        original = next(p for p in reports if kept.filename.endswith(p.name))
        assert bytes(kept.source) == original.read_bytes()


def test_the_upload_is_streamed_to_a_private_file_not_held_in_memory(
    client, supervisor, agencies, reports, settings
):
    settings.TASKS = DUMMY_QUEUE  # the job waits: its ZIP is still there to look at

    response = _post(client, supervisor, agencies, _zip(reports))

    received = response.wsgi_request.FILES["file"]
    # Even a small file went to disk, in the private batch folder rather than /tmp.
    assert isinstance(received, TemporaryUploadedFile)
    assert Path(received.file.name).parent == bulk.upload_folder()
    job = Job.objects.get()
    kept = Path(job.arguments["source"])
    assert _left_in_batch_folder() == [kept.name]  # the streamed copy went with the request
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert kept.read_bytes() == _zip(reports).getvalue()


def test_a_zip_on_the_server_given_to_the_command_is_never_deleted(
    tmp_path, supervisor, agencies, reports, settings
):
    settings.TASKS = DUMMY_QUEUE
    server_zip = tmp_path / "全省年报.zip"
    server_zip.write_bytes(_zip(reports).getvalue())

    job = bulk.queue_batch(supervisor, agencies["SZ"], server_zip)
    jobs.execute(job.pk)

    job.refresh_from_db()
    assert job.state == JobState.DONE and server_zip.exists()


def test_a_failed_batch_keeps_its_zip_for_a_retry_until_its_last_attempt(
    client, supervisor, agencies, reports, settings
):
    settings.TASKS = DUMMY_QUEUE
    source = bulk.save_upload(SimpleUploadedFile("全省年报.zip", _zip(reports).getvalue()))
    job = bulk.queue_batch(supervisor, agencies["SZ"], source)
    Membership.objects.filter(user=supervisor).delete()  # the job will be refused

    for attempt in range(1, bulk.BATCH_ATTEMPTS + 1):
        if attempt > 1:
            jobs.retry(job)
        jobs.execute(job.pk)
        job.refresh_from_db()
        assert job.state == JobState.FAILED and job.attempts == attempt
        assert source.exists() == (attempt < bulk.BATCH_ATTEMPTS)

    # Its ZIP gone, the job is not offered for a retry: the job page says to upload again and
    # links to the upload page, and a retry (a stale page, the API) is refused, unchanged.
    Membership.objects.create(user=supervisor, agency=agencies["SZ"], role="supervisor")
    with pytest.raises(ValidationError, match="请排除原因后重新上传"):
        jobs.retry(job)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == bulk.BATCH_ATTEMPTS
    assert not IngestedReport.objects.exists()
    client.force_login(supervisor)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "重试</button>" not in page and "请排除原因后重新上传" in page
    assert f'href="{reverse("reports:upload")}"' in page
    assert "不能重试" in client.get(reverse("jobs:index")).content.decode()
    response = client.post(reverse("jobs:retry", args=[job.pk]), follow=True)
    assert "请排除原因后重新上传" in response.content.decode()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == bulk.BATCH_ATTEMPTS


# -- refused from disk, nothing changed ---------------------------------------------------


def zip_bomb(unpacked: int) -> bytes:
    """A real ZIP bomb: about 2 MB that inflate to `unpacked` zero bytes (CRC correct).

    Deflate blocks ended by a full flush start afresh, so one compressed 16 MB block repeated
    is a valid stream; it is stored, then its headers are marked deflated with the true sizes."""
    block = 1 << 24
    count = -(-unpacked // block)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = squeeze.compress(bytes(block)) + squeeze.flush(zlib.Z_FULL_FLUSH)
    stream = piece * count + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc, zeros = 0, bytes(block)
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("各县报告/报告.txt", stream)
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    for method_at, crc_at in ((8, 14), (central + 10, central + 16)):  # local, central headers
        struct.pack_into("<H", data, method_at, zipfile.ZIP_DEFLATED)
        struct.pack_into("<III", data, crc_at, crc, len(stream), count * block)
    return bytes(data)


def _refused(client, supervisor, agencies, data: bytes, name: str = "全省年报.zip") -> str:
    upload = io.BytesIO(data)
    upload.name = name
    response = _post(client, supervisor, agencies, upload)
    assert response.status_code == 400
    assert not Job.objects.exists() and not IngestedReport.objects.exists()
    assert _left_in_batch_folder() == []
    page = response.content.decode()
    assert "请选择一个报告文件" not in page  # the file was chosen: only its refusal is shown
    return page


def test_a_zip_bomb_is_refused_unread_with_a_chinese_message(client, supervisor, agencies):
    bomb = zip_bomb(REPORT_BATCH_MAX_UNPACKED + 1)
    assert len(bomb) < 3 * 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive, archive.open(archive.namelist()[0]) as m:
        assert m.read(1 << 20) == bytes(1 << 20)  # it really inflates to zeros

    page = _refused(client, supervisor, agencies, bomb)

    assert "压缩包解压后过大" in page and "最多 2000 MB" in page


def test_a_zip_of_too_many_members_is_refused(client, supervisor, agencies):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(REPORT_BATCH_MAX_MEMBERS + 1):
            archive.writestr(f"{index}.txt", b"")

    page = _refused(client, supervisor, agencies, buffer.getvalue())

    assert f"压缩包内文件过多：{REPORT_BATCH_MAX_MEMBERS + 1} 个" in page


@pytest.mark.parametrize(
    "name",
    ["../../etc/cron.d/报告.txt", "/etc/passwd.txt", "各县报告/..\\..\\报告.txt", "C:/报告.txt"],
)
def test_a_member_name_that_climbs_out_of_the_zip_is_refused(
    client, supervisor, agencies, reports, name
):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(reports[0], "各县报告/正常的报告.txt")
        archive.writestr(zipfile.ZipInfo(name), reports[1].read_bytes())

    page = _refused(client, supervisor, agencies, buffer.getvalue())

    assert "压缩包内有不安全的文件名" in page


def test_a_zip_on_the_server_is_checked_the_same_when_the_command_queues_it(
    tmp_path, supervisor, agencies, reports
):
    server_zip = tmp_path / "全省年报.zip"
    with zipfile.ZipFile(server_zip, "w") as archive:
        archive.write(reports[0], "../报告.txt")

    with pytest.raises(ValidationError, match="压缩包内有不安全的文件名"):
        bulk.queue_batch(supervisor, agencies["SZ"], server_zip)

    assert not Job.objects.exists() and server_zip.exists()


def test_a_damaged_zip_is_refused(client, supervisor, agencies):
    page = _refused(client, supervisor, agencies, b"PK\x03\x04 not a zip at all")

    assert "压缩包已损坏或不是 ZIP 格式" in page


# -- leftovers ------------------------------------------------------------------------------


def test_the_cleanup_removes_only_old_uploads_no_waiting_job_will_read(
    supervisor, agencies, reports, settings
):
    settings.TASKS = DUMMY_QUEUE
    data = _zip(reports).getvalue()
    waiting = bulk.save_upload(SimpleUploadedFile("a.zip", data))
    bulk.queue_batch(supervisor, agencies["SZ"], waiting)
    forgotten = bulk.save_upload(SimpleUploadedFile("b.zip", data))
    fresh = bulk.save_upload(SimpleUploadedFile("c.zip", data))
    half_upload = bulk.upload_folder() / "tmpab12cd.upload.zip"  # a request that died
    half_upload.write_bytes(data[:100])
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=8)).timestamp()
    for path in (waiting, forgotten, half_upload):
        os.utime(path, (long_ago, long_ago))
    out = io.StringIO()

    failed = jobs.enqueue(bulk.ingest_batch, title="b", owner=supervisor, source=str(forgotten))
    Job.objects.filter(pk=failed.pk).update(state=JobState.FAILED)

    call_command("clean_report_batches", stdout=out)  # REPORT_BATCH_KEEP_DAYS: 7

    failed.refresh_from_db()  # its ZIP removed: a retry could not read it
    assert "请排除原因后重新上传" in jobs.retry_refused(failed)

    assert sorted(_left_in_batch_folder()) == sorted([waiting.name, fresh.name])
    assert "已删除 2 个" in out.getvalue()
    call_command("clean_report_batches", "--days", "0", stdout=out)
    assert _left_in_batch_folder() == [waiting.name]
