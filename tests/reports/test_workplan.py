"""政务公开工作要点: a supervisor's plan and 任务分解表, the agencies' progress with evidence, the
board of tasks × agencies, and section 六 of the annual report drafted from the tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.core.audit import AuditEvent
from gongkai.core.workflow import StepError
from gongkai.reports.annual.build import build_annual_report
from gongkai.reports.workplan import services
from gongkai.reports.workplan.board import board, section_six
from gongkai.reports.workplan.models import PlanStatus, TaskStatus
from gongkai.reports.workplan.seed import tasks_from_seed

D = dt.date


@pytest.fixture
def plan(agencies, admin_user):
    return services.create_plan(admin_user, agencies["TC"], 2024, "太仓市2024年政务公开工作要点")


@pytest.fixture
def published(plan, agencies, admin_user):
    tc, port = agencies["TCBGS"], agencies["TCGQ"]
    services.add_task(admin_user, plan, "推动行政决策公开", D(2024, 6, 30), [tc, port])
    services.add_task(admin_user, plan, "建立失效文件清单", D(2024, 12, 31), [tc],
                      evidence="失效文件清单栏目链接")  # fmt: skip
    services.publish_plan(admin_user, plan, D(2024, 3, 1))
    return plan


def _assignment(plan, position, code):
    return plan.tasks.get(position=position).assignments.get(agency__code=code)


# -- the plan -----------------------------------------------------------------------


def test_only_a_supervisor_or_admin_of_the_agency_issues_a_plan(
    agencies, clerk, other_clerk, supervisor, admin_user
):
    for outsider in (clerk, other_clerk):
        with pytest.raises(PermissionDenied):
            services.create_plan(outsider, agencies["TC"], 2024, "工作要点")
    assert services.create_plan(supervisor, agencies["TC"], 2024, "工作要点").pk
    assert services.create_plan(admin_user, agencies["TC"], 2024, "工作要点").pk


def test_tasks_go_only_to_agencies_of_the_subtree_with_a_due_date_in_the_plan_year(
    plan, agencies, admin_user, clerk
):
    with pytest.raises(StepError, match="本机关或所属机关"):
        services.add_task(admin_user, plan, "任务", D(2024, 6, 1), [agencies["CS"]])
    with pytest.raises(StepError, match="至少选择一个责任单位"):
        services.add_task(admin_user, plan, "任务", D(2024, 6, 1), [])
    with pytest.raises(StepError, match="完成时限"):
        services.add_task(admin_user, plan, "任务", D(2026, 6, 1), [agencies["TCBGS"]])
    with pytest.raises(PermissionDenied):
        services.add_task(clerk, plan, "任务", D(2024, 6, 1), [agencies["TCBGS"]])
    assert not plan.tasks.exists()

    task = services.add_task(admin_user, plan, "任务", D(2024, 6, 1), [agencies["TCBGS"]])
    assert task.position == 1 and task.assignments.get().status == TaskStatus.NOT_STARTED


def test_a_plan_is_published_once_and_only_with_tasks(plan, agencies, admin_user):
    with pytest.raises(StepError, match="还没有任务"):
        services.publish_plan(admin_user, plan)
    services.add_task(admin_user, plan, "任务", D(2024, 6, 1), [agencies["TCBGS"]])
    services.publish_plan(admin_user, plan, D(2024, 3, 1))
    plan.refresh_from_db()
    assert (plan.status, plan.published_on) == (PlanStatus.PUBLISHED, D(2024, 3, 1))
    with pytest.raises(StepError):
        services.publish_plan(admin_user, plan)
    assert AuditEvent.objects.filter(action="workplan.publish").count() == 1


# -- progress -----------------------------------------------------------------------


def test_no_report_before_the_plan_is_published(plan, agencies, admin_user, clerk):
    task = services.add_task(admin_user, plan, "任务", D(2024, 6, 1), [agencies["TCBGS"]])
    with pytest.raises(PermissionDenied, match="尚未印发"):
        services.report_progress(clerk, task.assignments.get(), TaskStatus.DONE, "已完成")


def test_the_responsible_agency_reports_with_evidence_and_the_task_takes_its_status(
    published, clerk, other_clerk
):
    assignment = _assignment(published, 1, "TCBGS")
    with pytest.raises(PermissionDenied):
        services.report_progress(other_clerk, assignment, TaskStatus.DONE, "不是本单位的任务")
    with pytest.raises(StepError, match="推进中或已完成"):
        services.report_progress(clerk, assignment, TaskStatus.NOT_STARTED, "说明")
    with pytest.raises(StepError, match="落实情况"):
        services.report_progress(clerk, assignment, TaskStatus.DONE, "  ")

    services.report_progress(clerk, assignment, TaskStatus.IN_PROGRESS, "已起草预公开目录。",
                             on=D(2024, 4, 2))  # fmt: skip
    report = services.report_progress(
        clerk, assignment, TaskStatus.DONE, "公开决策草案12件。", link="https://example.gov.cn/a",
        on=D(2024, 6, 20),
    )  # fmt: skip

    assignment.refresh_from_db()
    assert (assignment.status, assignment.done_on) == (TaskStatus.DONE, D(2024, 6, 20))
    assert assignment.reports.count() == 2 and report.link == "https://example.gov.cn/a"
    assert AuditEvent.objects.filter(action="workplan.report").count() == 2


def test_evidence_is_the_agency_s_own_published_catalogue_items(
    published, clerk, reviewer, agencies
):
    from gongkai.catalog import services as catalog

    draft = catalog.create_draft(
        clerk, agencies["TCBGS"], title="关于推进决策公开的通知", category="L-03",
        written_on=D(2024, 3, 1), body="<p>正文</p>",
    )  # fmt: skip
    with pytest.raises(StepError, match="已发布的条目"):
        services.report_progress(
            clerk, _assignment(published, 1, "TCBGS"), TaskStatus.DONE, "见附件", items=[draft]
        )


def test_a_report_cannot_be_dated_in_the_future(published, clerk):
    with pytest.raises(StepError, match="不能晚于今天"):
        services.report_progress(
            clerk, _assignment(published, 1, "TCBGS"), TaskStatus.DONE, "完成", on=D(2099, 1, 1)
        )


# -- the board and section 六 -----------------------------------------------------------


def test_the_board_shows_each_task_for_each_responsible_agency_and_what_is_late(
    published, clerk, agencies
):
    services.report_progress(clerk, _assignment(published, 1, "TCBGS"), TaskStatus.DONE,
                             "按期完成。", on=D(2024, 6, 20))  # fmt: skip

    result = board(published, today=D(2024, 7, 1))

    assert [a.code for a in result.agencies] == ["TCBGS", "TCGQ"]
    first, second = result.rows
    assert [c.label for c in first[1]] == ["已完成", "未开始（逾期）"]
    assert second[1][1] is None  # 港区 is not responsible for task 2
    assert second[1][0].label == "未开始"  # due at the end of the year
    assert result.count("late") == 1


def test_section_six_of_the_annual_report_is_drafted_from_the_agency_s_tasks(
    published, clerk, agencies
):
    services.report_progress(clerk, _assignment(published, 1, "TCBGS"), TaskStatus.DONE,
                             "公开决策草案12件。", on=D(2024, 6, 20))  # fmt: skip

    text = section_six(agencies["TCBGS"], 2024)
    assert "承担《太仓市2024年政务公开工作要点》任务2项，已完成1项" in text
    assert "1. 推动行政决策公开（已完成）：公开决策草案12件。" in text
    assert "2. 建立失效文件清单" in text and "尚未报送落实情况" in text

    six = build_annual_report(agencies["TCBGS"], 2024).sections[5].text
    assert "落实上级年度政务公开工作要点情况：本年度承担" in six
    assert section_six(agencies["CS"], 2024) is None  # no tasks: the prompt stays


# -- pages ----------------------------------------------------------------------------


def test_pages_ladder(client, published, clerk, other_clerk, admin_user):
    assignment = _assignment(published, 1, "TCBGS")
    task_url = reverse("workplan:assignment", args=[assignment.pk])
    plan_url = reverse("workplan:plan", args=[published.pk])

    assert client.get(reverse("workplan:index")).status_code == 302  # anonymous: login
    client.force_login(other_clerk)
    assert client.get(task_url).status_code == 403
    assert client.get(plan_url).status_code == 403

    client.force_login(clerk)
    page = client.get(reverse("workplan:index")).content.decode()
    assert "推动行政决策公开" in page and "新建工作要点" not in page
    response = client.post(task_url, {"status": "done", "text": "公开决策草案12件。"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == TaskStatus.DONE
    bad = client.post(task_url, {"status": "done", "text": ""}).content.decode()
    assert "请填写“落实情况”。" in bad and assignment.reports.count() == 1

    client.force_login(admin_user)
    board_page = client.get(plan_url).content.decode()
    assert "已完成" in board_page and "添加任务" in board_page
    response = client.post(plan_url, {"title": "新任务", "due_on": "2024-11-30",
                                      "agencies": [assignment.agency.pk]})  # fmt: skip
    assert response.status_code == 302 and published.tasks.count() == 3


def test_the_seed_plan_splits_into_its_nineteen_numbered_items():
    tasks = tasks_from_seed()
    assert len(tasks) == 19
    assert (tasks[0].section, tasks[0].title) == ("一、推进政务运行公开透明", "推动行政决策公开")
    assert tasks[15].title == "建立政府公报公开渠道"
    assert tasks[-1].title == "做好机构改革后信息公开相关基础工作"
    assert tasks[0].detail.startswith("进一步推进重大决策预公开")


# -- evidence files ---------------------------------------------------------------------

PDF = b"%PDF-1.4\n% evidence\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _xlsx() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def _stored(settings):
    folder = settings.PRIVATE_MEDIA_ROOT / "workplan"
    return sorted(folder.iterdir()) if folder.exists() else []


def _with_file(published, clerk, status=TaskStatus.IN_PROGRESS):
    return services.report_progress(
        clerk, _assignment(published, 1, "TCBGS"), status, "已公开决策草案。",
        files=[("决策草案清单.pdf", PDF)], on=D(2024, 4, 2),
    )  # fmt: skip


def test_evidence_files_are_stored_private_and_recorded_with_the_report(published, clerk, settings):
    report = services.report_progress(
        clerk, _assignment(published, 1, "TCBGS"), TaskStatus.IN_PROGRESS, "见佐证文件。",
        files=[("清单.pdf", PDF), ("台账.xlsx", _xlsx()), ("现场.png", PNG)], on=D(2024, 4, 2),
    )  # fmt: skip

    files = list(report.files.order_by("id"))
    assert [(f.name, f.content_type.split("/")[0]) for f in files] == [
        ("清单.pdf", "application"), ("台账.xlsx", "application"), ("现场.png", "image"),
    ]  # fmt: skip
    stored = _stored(settings)
    assert len(stored) == 3 and {p.stat().st_mode & 0o777 for p in stored} == {0o600}
    assert (settings.PRIVATE_MEDIA_ROOT / "workplan").stat().st_mode & 0o777 == 0o700
    assert (settings.PRIVATE_MEDIA_ROOT / "workplan" / files[0].stored_name).read_bytes() == PDF
    event = AuditEvent.objects.get(action="workplan.report")
    assert [f["name"] for f in event.detail["files"]] == ["清单.pdf", "台账.xlsx", "现场.png"]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("程序.exe", b"MZ\x90\x00", "支持PDF、DOCX、XLSX、JPG、PNG格式"),
        ("伪装.docx", PDF, "扩展名须与内容一致"),
        ("空.pdf", b"", "文件为空"),
        ("过大.pdf", PDF + b"0" * 64, "文件过大"),
    ],
)
def test_a_bad_evidence_file_is_refused_and_nothing_is_stored(
    published, clerk, settings, monkeypatch, name, data, message
):
    from gongkai.catalog import attachments
    from gongkai.core.limits import DOCUMENT_UPLOAD, UploadRule

    small = UploadRule(len(PDF) + 10, DOCUMENT_UPLOAD.formats)
    monkeypatch.setattr(attachments, "DOCUMENT_UPLOAD", small)
    assignment = _assignment(published, 1, "TCBGS")
    with pytest.raises(StepError) as caught:
        services.report_progress(
            clerk, assignment, TaskStatus.DONE, "完成。", files=[("好.pdf", PDF), (name, data)]
        )
    text = " ".join(caught.value.messages)
    assert f"佐证文件“{name}”" in text and message in text
    assert assignment.reports.count() == 0 and _stored(settings) == []
    assignment.refresh_from_db()
    assert assignment.status == TaskStatus.NOT_STARTED


def test_the_report_page_names_the_field_of_a_refused_file(client, published, clerk, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assignment = _assignment(published, 1, "TCBGS")
    client.force_login(clerk)
    url = reverse("workplan:assignment", args=[assignment.pk])
    bad = SimpleUploadedFile("说明.txt", b"plain text", content_type="text/plain")
    page = client.post(url, {"status": "done", "text": "完成。", "evidence_files": [bad]})
    assert page.status_code == 200
    assert "佐证文件“说明.txt”" in page.content.decode()
    assert assignment.reports.count() == 0 and _stored(settings) == []

    good = SimpleUploadedFile("清单.pdf", PDF, content_type="application/pdf")
    response = client.post(
        url, {"status": "in_progress", "text": "推进中。", "evidence_files": [good]}
    )
    assert response.status_code == 302
    assert assignment.reports.get().files.get().name == "清单.pdf"
    assert "清单.pdf" in client.get(url).content.decode()


def test_evidence_download_ladder_and_every_download_is_audited(
    client, published, clerk, other_clerk, admin_user, agencies
):
    from tests.conftest import _user

    evidence = _with_file(published, clerk).files.get()
    url = reverse("workplan:evidence", args=[evidence.pk])
    port_clerk = _user("portclerk", agencies["TCGQ"], "clerk")  # responsible for task 1 too

    assert client.get(url).status_code == 302  # anonymous: login
    for outsider in (other_clerk, port_clerk):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        with pytest.raises(PermissionDenied):
            services.open_evidence(outsider, evidence)
    assert not AuditEvent.objects.filter(action="workplan.evidence_download").exists()

    for allowed in (clerk, admin_user):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert response["X-Content-Type-Options"] == "nosniff"
    downloads = AuditEvent.objects.filter(action="workplan.evidence_download").order_by("id")
    assert [e.actor for e in downloads] == [clerk, admin_user]
    assert downloads[0].detail["name"] == "决策草案清单.pdf" and downloads[0].ip == "127.0.0.1"

    board_page = client.get(reverse("workplan:plan", args=[published.pk])).content.decode()
    assert "决策草案清单.pdf" in board_page and url in board_page
    client.force_login(port_clerk)  # sees the plan's board, not another agency's files
    board_page = client.get(reverse("workplan:plan", args=[published.pk])).content.decode()
    assert "推动行政决策公开" in board_page and "决策草案清单.pdf" not in board_page


def test_the_reporting_agency_removes_a_file_until_the_task_is_done(
    client, published, clerk, other_clerk, supervisor, settings, django_capture_on_commit_callbacks
):
    evidence = _with_file(published, clerk).files.get()
    path = settings.PRIVATE_MEDIA_ROOT / "workplan" / evidence.stored_name
    with pytest.raises(PermissionDenied):
        services.remove_evidence(other_clerk, evidence)
    with pytest.raises(PermissionDenied):
        services.remove_evidence(supervisor, evidence)  # the supervisor does not withdraw it

    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):  # the bytes go once the row says so
        response = client.post(reverse("workplan:evidence_remove", args=[evidence.pk]))
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.removed_by == clerk and evidence.removed_at is not None
    assert not path.exists()
    event = AuditEvent.objects.get(action="workplan.evidence_remove")
    assert event.actor == clerk and event.detail["name"] == "决策草案清单.pdf"
    page = client.get(reverse("workplan:assignment", args=[evidence.report.assignment_id]))
    assert "已由 clerk 于" in page.content.decode()
    assert client.get(reverse("workplan:evidence", args=[evidence.pk])).status_code == 404
    with pytest.raises(StepError, match="已被删除"):
        services.remove_evidence(clerk, evidence)

    done = _with_file(published, clerk, status=TaskStatus.DONE).files.get()
    with pytest.raises(StepError, match="任务已完成"):
        services.remove_evidence(clerk, done)
    assert (settings.PRIVATE_MEDIA_ROOT / "workplan" / done.stored_name).exists()
    assert AuditEvent.objects.filter(action="workplan.evidence_remove").count() == 1
