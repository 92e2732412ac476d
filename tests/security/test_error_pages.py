"""Errors speak Chinese in the site's look (JSON on /api/); a lost database is a 503
that keeps nothing half-written; a NUL byte is a 400, not a 500."""

from __future__ import annotations

import json

import pytest
from django.conf import settings as project
from django.test import RequestFactory

from gongkai.core import errors
from gongkai.core.models import AuditEvent


def test_an_unknown_page_is_a_chinese_404_in_the_portal_look(client, agencies):
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and "政府信息公开" in body and "Not Found" not in body


def test_an_unknown_api_resource_is_a_chinese_json_404(client, agencies):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["detail"] == "请求的资源不存在。"


@pytest.mark.parametrize("status, words", [(400, "请求有误"), (403, "无权访问"), (500, "系统出错")])
def test_every_error_page_is_chinese(status, words):
    request = RequestFactory().get("/office/")
    handler = {400: errors.bad_request, 403: errors.permission_denied, 500: errors.server_error}
    response = handler[status](request) if status == 500 else handler[status](request, None)
    assert response.status_code == status and words in response.content.decode()


def test_a_server_error_on_the_api_is_chinese_json():
    response = errors.server_error(RequestFactory().get("/api/applications/"))
    assert response.status_code == 500
    assert "系统处理请求时出错" in json.loads(response.content)["detail"]


@pytest.mark.urls("tests.security.faults_urls")
def test_a_locked_database_answers_503_in_chinese_and_keeps_nothing(client, db):
    client.raise_request_exception = False
    response = client.get("/fault/")
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()
    assert response["Retry-After"]
    assert not AuditEvent.objects.filter(action="fault.half_written").exists()


@pytest.mark.urls("tests.security.faults_urls")
def test_a_locked_database_answers_the_api_with_chinese_json(client, db):
    client.raise_request_exception = False
    response = client.get("/api/fault/")
    assert response.status_code == 503 and "数据库暂时不可用" in response.json()["detail"]


def test_a_nul_byte_in_an_api_filter_is_a_chinese_400(client, clerk):
    client.force_login(clerk)
    response = client.get("/api/applications/", {"search": "王\x00"})
    assert response.status_code == 400
    assert "请求有误" in response.json()["detail"]


def test_a_nul_byte_in_a_portal_query_is_a_400_page(client, agencies):
    response = client.get("/track/", {"number": "\x00"})
    assert response.status_code == 400 and "请求有误" in response.content.decode()


def test_postgres_connections_carry_connect_statement_and_lock_timeouts():
    db = project.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        assert db["OPTIONS"]["timeout"] < 30  # SQLite busy timeout below gunicorn's 30 s
        return
    options = db["OPTIONS"]
    assert options["connect_timeout"] <= 10
    assert "statement_timeout=" in options["options"] and "lock_timeout=" in options["options"]
