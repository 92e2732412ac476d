"""The review back office: a ladder per view (anonymous → wrong role → other agency → bad input
→ success + audit event), upload of corpus files, tables with findings, charts and exports."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reportcorpus import require_corpus, source_path

from gongkai.core.models import AuditEvent
from gongkai.reports.models import IngestedReport


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


def _upload(client, agencies, name: str, scope: str = "SZ"):
    path = source_path(name)
    data = {"scope": agencies[scope].pk, "file": SimpleUploadedFile(path.name, path.read_bytes())}
    return client.post(reverse("reports:upload"), data)


def test_anonymous_is_sent_to_login(client) -> None:
    response = client.get(reverse("reports:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_clerk_may_not_review_reports(client, clerk) -> None:
    client.force_login(clerk)
    assert client.get(reverse("reports:index")).status_code == 403
    assert client.post(reverse("reports:upload"), {}).status_code == 403


def test_supervisor_uploads_a_corpus_file_and_sees_tables_and_findings(
    supervisor_client, agencies
) -> None:
    require_corpus()
    response = _upload(supervisor_client, agencies, "pub-004")
    obj = IngestedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:detail", args=[obj.pk]
    )
    assert (obj.agency_name, obj.year, obj.format, obj.errors) == (
        "上海市人民政府办公厅",
        2019,
        "2019",
        0,
    )
    page = supervisor_client.get(response["Location"]).content.decode()
    assert "三、（一）予以公开" in page and "258" in page
    assert "空白不等于 0" in page  # the blank 总计 cells are undecidable, not errors
    assert "mark-warn" in page and "c-blank" in page
    assert "表格 2 第 6 行" in page  # each row shows where in the source it came from
    event = AuditEvent.objects.get(action="reports.upload")
    assert event.detail["sha256"] == obj.sha256 and event.actor.username == "supervisor"


def test_an_arithmetic_error_is_marked_in_the_table(supervisor_client, agencies) -> None:
    require_corpus()
    text = (
        source_path("seed-000")
        .read_text(encoding="utf-8")
        .replace("\t246\t21\t2\t1\t4\t0\t274", "\t246\t21\t2\t1\t4\t0\t275")
    )
    response = supervisor_client.post(
        reverse("reports:upload"), {"scope": agencies["SZ"].pk, "text": text}
    )
    obj = IngestedReport.objects.get()
    assert obj.errors == 3 and obj.filename == "粘贴的文字.txt"
    page = supervisor_client.get(response["Location"]).content.decode()
    assert "mark-err" in page and "mark-err-part" in page and "发现 3 处计算差错" in page
    assert "表三“三、（七）总计”行：六类申请人之和为 274，但“总计”列为 275" in page


def test_hostile_and_wrong_uploads_end_in_a_clear_error(supervisor_client, agencies) -> None:
    scope = agencies["SZ"].pk
    bad_type = supervisor_client.post(
        reverse("reports:upload"), {"scope": scope, "file": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert bad_type.status_code == 400 and "不支持的文件类型" in bad_type.content.decode()
    fake_pdf = supervisor_client.post(
        reverse("reports:upload"),
        {"scope": scope, "file": SimpleUploadedFile("r.pdf", b"%PDF-1.4 junk")},
    )
    assert fake_pdf.status_code == 400 and "无法读取该报告" in fake_pdf.content.decode()
    nothing = supervisor_client.post(reverse("reports:upload"), {"scope": scope})
    assert "请选择一个报告文件" in nothing.content.decode()
    assert not IngestedReport.objects.exists()
    assert AuditEvent.objects.filter(action="reports.upload_refused").count() == 1


def test_reports_do_not_leak_sideways(client, agencies, supervisor, admin_user) -> None:
    """A 太仓 admin sees uploads under 太仓, not those of 苏州 (its supervisor)."""
    require_corpus()
    client.force_login(supervisor)
    _upload(client, agencies, "seed-001", scope="SZ")
    obj = IngestedReport.objects.get()
    client.force_login(admin_user)
    assert client.get(reverse("reports:detail", args=[obj.pk])).status_code == 404
    assert client.get(reverse("reports:source", args=[obj.pk])).status_code == 404
    # … while the supervisor above sees what the admin uploads
    _upload(client, agencies, "seed-000", scope="TC")
    own = IngestedReport.objects.get(scope=agencies["TC"])
    client.force_login(supervisor)
    assert client.get(reverse("reports:detail", args=[own.pk])).status_code == 200


def test_uploading_under_an_agency_one_does_not_supervise_is_refused(
    client, agencies, admin_user
) -> None:
    require_corpus()
    client.force_login(admin_user)
    response = _upload(client, agencies, "seed-000", scope="SZ")
    assert response.status_code == 400  # SZ is not among the admin's choices
    assert not IngestedReport.objects.exists()


def test_the_same_file_twice_is_kept_once(supervisor_client, agencies) -> None:
    require_corpus()
    _upload(supervisor_client, agencies, "seed-003")
    _upload(supervisor_client, agencies, "seed-003")
    assert IngestedReport.objects.count() == 1


def test_source_is_only_ever_downloaded(supervisor_client, agencies) -> None:
    require_corpus()
    _upload(supervisor_client, agencies, "pub-006")
    obj = IngestedReport.objects.get()
    response = supervisor_client.get(reverse("reports:source", args=[obj.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content == source_path("pub-006").read_bytes()


def test_compare_draws_charts_without_turning_blanks_into_zero(supervisor_client, agencies) -> None:
    require_corpus()
    for name in ("pub-010", "pub-012", "seed-003", "pub-004"):
        _upload(supervisor_client, agencies, name)
    page = supervisor_client.get(
        reverse("reports:compare"), {"metric": "new_received"}
    ).content.decode()
    assert page.count("<svg") == 3  # bars, the 平潭 line over 2019/2021, outcome composition
    assert "平潭综合实验区" in page and "—" in page  # seed-003 prints "/": a gap, not 0


def test_exports_download_the_dataset(supervisor_client, agencies) -> None:
    require_corpus()
    for name in ("seed-000", "pub-003"):
        _upload(supervisor_client, agencies, name)
    csv_response = supervisor_client.get(reverse("reports:export", args=["csv"]))
    assert csv_response["Content-Disposition"].startswith("attachment")
    assert "淮安市人民政府" in csv_response.content.decode("utf-8-sig")
    data = json.loads(supervisor_client.get(reverse("reports:export", args=["json"])).content)
    assert {d["year"] for d in data} == {2019, 2024}
    assert all("table_requests" in d and "consistency_errors" in d for d in data)
    xlsx = supervisor_client.get(reverse("reports:export", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"
    cells = supervisor_client.get(
        reverse("reports:export", args=["csv"]), {"cells": "1"}
    ).content.decode("utf-8-sig")
    assert "行政处罚" in cells and "3985758" in cells
