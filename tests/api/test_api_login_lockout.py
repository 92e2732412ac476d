"""Every password entry point shares one lockout, one failure count and one audit trail."""

from __future__ import annotations

import base64

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gongkai.core.models import AuditEvent

PASSWORD = "pw-for-tests-1"
LIMIT = settings.GONGKAI["LOGIN_MAX_FAILURES"]


@pytest.fixture(autouse=True)
def _basic_on(settings):
    settings.GONGKAI = {**settings.GONGKAI, "API_BASIC_AUTH": True}


def _basic(username, password, ip="198.51.100.7"):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return APIClient().get("/api/stats/", HTTP_AUTHORIZATION=f"Basic {token}", REMOTE_ADDR=ip)


def test_basic_auth_with_the_right_password_works_and_is_audited(reviewer):
    assert _basic("reviewer", PASSWORD).status_code == 200
    event = AuditEvent.objects.get(action="login.succeeded", actor=reviewer)
    assert event.detail["channel"] == "api-basic"


def test_a_wrong_basic_password_is_counted_and_audited(reviewer):
    response = _basic("reviewer", "guess")
    assert response.status_code in (401, 403)
    assert AuditEvent.objects.filter(action="login.failed", target="reviewer").count() == 1


def test_basic_auth_guesses_lock_the_account_then_the_right_password_is_refused(reviewer):
    for i in range(LIMIT):
        _basic("reviewer", f"guess{i}")
    response = _basic("reviewer", PASSWORD, ip="203.0.113.9")
    assert response.status_code in (401, 403)
    assert "登录失败次数过多" in response.json()["detail"]
    assert AuditEvent.objects.filter(action="login.locked", target="reviewer").exists()


def test_a_lock_from_the_login_form_also_holds_on_the_api(client, reviewer):
    for _ in range(LIMIT):
        client.post(reverse("accounts:login"), {"username": "reviewer", "password": "x"})
    assert _basic("reviewer", PASSWORD).status_code in (401, 403)


def test_basic_guesses_count_towards_the_login_form_lock(client, reviewer):
    for i in range(LIMIT):
        _basic("reviewer", f"guess{i}")
    response = client.post(
        reverse("accounts:login"), {"username": "reviewer", "password": PASSWORD}
    )
    assert "登录失败次数过多" in response.content.decode()


def test_basic_auth_is_off_unless_switched_on(settings, reviewer):
    settings.GONGKAI = {**settings.GONGKAI, "API_BASIC_AUTH": False}
    assert _basic("reviewer", PASSWORD).status_code in (401, 403)
    assert not AuditEvent.objects.filter(action="login.succeeded").exists()


def test_basic_auth_is_off_by_default_in_production():
    # The test settings run with DEBUG off and no GONGKAI_API_BASIC_AUTH.
    from gongkai import settings as project_settings

    assert project_settings.GONGKAI["API_BASIC_AUTH"] is False


def test_wrong_tokens_lock_the_address_for_tokens_and_passwords(reviewer):
    good = Token.objects.create(user=reviewer)
    client = APIClient()
    for i in range(LIMIT):
        response = client.get("/api/stats/", HTTP_AUTHORIZATION=f"Token bad{i}")
        assert response.status_code in (401, 403)
    response = client.get("/api/stats/", HTTP_AUTHORIZATION=f"Token {good.key}")
    assert response.status_code in (401, 403)
    assert AuditEvent.objects.filter(action="login.failed", detail__channel="api-token").exists()


def test_the_admin_login_shares_the_lock(client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    for i in range(LIMIT):
        client.post("/admin/login/", {"username": "reviewer", "password": f"g{i}"})
    response = client.post("/admin/login/", {"username": "reviewer", "password": PASSWORD})
    assert "登录失败次数过多" in response.content.decode()
    assert (
        AuditEvent.objects.filter(action="login.failed", detail__channel="admin").count() == LIMIT
    )
