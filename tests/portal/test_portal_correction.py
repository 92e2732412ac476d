"""补正 online on the tracking page: only after number + code, only while a notice is open."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Attachment, Status

PDF = b"%PDF-1.7\n" + b"0" * 64


@pytest.fixture
def waiting(online_case, clerk):
    app, code = online_case
    services.confirm_receipt(clerk, app, services.today())
    services.request_correction(clerk, app, "请写明文件的文号", services.today())
    app.refresh_from_db()
    return app, code


def prove(client, app, code):
    client.post("/track/", {"number": app.number, "code": code})


def url(app):
    return reverse("portal:track_correction", args=[app.pk])


def test_without_the_code_there_is_no_correction_form(client, waiting):
    app, _code = waiting
    response = client.get(url(app))
    assert response.status_code == 302 and response["Location"] == "/track/"
    posted = client.post(url(app), {"content": "我来补正"})
    assert posted.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.CORRECTION


def test_tracking_page_offers_the_correction_while_the_notice_is_open(client, waiting):
    app, code = waiting
    prove(client, app, code)
    html = client.get(reverse("portal:track_case", args=[app.pk])).content.decode()
    assert url(app) in html and "网上提交补正材料" in html


def test_applicant_submits_text_and_files_and_the_clock_restarts(client, waiting):
    app, code = waiting
    prove(client, app, code)
    form = client.get(url(app)).content.decode()
    assert "请写明文件的文号" in form
    upload = SimpleUploadedFile("文号说明.pdf", PDF, content_type="application/pdf")
    response = client.post(url(app), {"content": "文号为太政办〔2025〕12号", "materials": [upload]})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.RECEIVED and app.clock_start == services.today()
    assert Attachment.objects.get(application=app).kind == "correction"
    page = client.get(response["Location"]).content.decode()
    assert "收到补正材料" in page and "申请人网上提交" in page
    assert url(app) not in page  # nothing left to correct


def test_a_renamed_file_is_refused_with_a_chinese_error_and_nothing_changes(client, waiting):
    app, code = waiting
    prove(client, app, code)
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url(app), {"content": "说明", "materials": [fake]})
    assert response.status_code == 400
    assert "不支持的文件类型" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.CORRECTION and not Attachment.objects.exists()


def test_an_empty_form_is_refused(client, waiting):
    app, code = waiting
    prove(client, app, code)
    response = client.post(url(app), {"content": "  "})
    assert response.status_code == 400
    assert "请填写补正内容或上传补正材料" in response.content.decode()


def test_too_long_text_is_refused_not_truncated(client, waiting):
    app, code = waiting
    prove(client, app, code)
    response = client.post(url(app), {"content": "字" * 4001})
    assert response.status_code == 400 and "不能超过4000字" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.CORRECTION


def test_no_correction_form_when_nothing_is_to_be_corrected(client, online_case, clerk):
    app, code = online_case
    services.confirm_receipt(clerk, app, services.today())
    prove(client, app, code)
    response = client.get(url(app))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:track_case", args=[app.pk])
