"""补正 by the public API: number + code, the same checks and the same service."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.applications import services
from gongkai.applications.models import Attachment, CaseEvent, EventKind, Status

URL = "/api/public/track/correction/"
PDF = b"%PDF-1.7\n" + b"0" * 64


@pytest.fixture
def waiting(agencies, clerk, applicant_data):
    app, code = services.submit_online(agencies["TCBGS"], applicant_data)
    services.confirm_receipt(clerk, app, services.today())
    services.request_correction(clerk, app, "请写明文件的文号", services.today())
    return app, code


def test_wrong_code_is_the_generic_404_and_changes_nothing(api, waiting):
    app, _code = waiting
    response = api.post(URL, {"number": app.number, "code": "AAAAAAAAAA", "content": "x"})
    assert response.status_code == 404 and "申请编号或查询码不正确" in response.json()["detail"]
    app.refresh_from_db()
    assert app.status == Status.CORRECTION


def test_correction_with_a_file_restarts_the_clock(api, waiting):
    app, code = waiting
    upload = SimpleUploadedFile("补正.pdf", PDF, content_type="application/pdf")
    body = {"number": app.number, "code": code, "content": "文号为12号", "files": [upload]}
    response = api.post(URL, body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == Status.RECEIVED and data["can_correct"] is False
    app.refresh_from_db()
    assert app.clock_start == services.today()
    assert Attachment.objects.get(application=app).kind == "correction"
    event = CaseEvent.objects.get(application=app, kind=EventKind.CORRECTION_RECEIVED)
    assert event.data["channel"] == "online"


def test_a_bad_file_is_a_field_error(api, waiting):
    app, code = waiting
    fake = SimpleUploadedFile("x.png", b"not a png at all", content_type="image/png")
    response = api.post(URL, {"number": app.number, "code": code, "files": [fake]})
    assert response.status_code == 400 and "files" in response.json()["errors"]
    app.refresh_from_db()
    assert app.status == Status.CORRECTION


def test_no_open_notice_is_a_chinese_400(api, agencies, clerk, applicant_data):
    app, code = services.submit_online(agencies["TCBGS"], applicant_data)
    response = api.post(URL, {"number": app.number, "code": code, "content": "说明"}, format="json")
    assert response.status_code == 400
    assert "没有待补正事项" in str(response.json())
