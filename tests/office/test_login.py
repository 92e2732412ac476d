"""Staff login: throttled per username and per address, audited, in Chinese."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.urls import reverse

from gongkai.core.models import AuditEvent

LOGIN = reverse("accounts:login")
PASSWORD = "pw-for-tests-1"


def _login(client, username, password, ip="198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, username, times, ip="198.51.100.7"):
    for _ in range(times):
        _login(client, username, "wrong-password", ip)


def test_login_page_is_in_chinese(client):
    body = client.get(LOGIN).content.decode()
    assert "工作人员登录" in body and "登录名" in body


def test_a_successful_login_lands_on_the_workbench_and_is_audited(client, clerk):
    response = _login(client, "clerk", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("office:home")
    assert AuditEvent.objects.filter(action="login.succeeded", actor=clerk).exists()


def test_a_wrong_password_says_so_in_chinese_and_is_audited(client, clerk):
    response = _login(client, "clerk", "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
    assert AuditEvent.objects.filter(action="login.failed", target="clerk").count() == 1


def test_after_n_failures_even_the_right_password_is_refused(client, clerk):
    limit = settings.GONGKAI["LOGIN_MAX_FAILURES"]
    _fail(client, "clerk", limit)
    response = _login(client, "clerk", PASSWORD)
    body = response.content.decode()
    assert response.status_code == 200
    assert "登录失败次数过多" in body
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.locked", target="clerk").count() == 1


def test_the_username_lock_holds_from_another_address(client, clerk):
    _fail(client, "clerk", settings.GONGKAI["LOGIN_MAX_FAILURES"], ip="198.51.100.7")
    response = _login(client, "clerk", PASSWORD, ip="203.0.113.9")
    assert "登录失败次数过多" in response.content.decode()


def test_the_address_lock_holds_for_other_usernames(client, clerk, reviewer):
    limit = settings.GONGKAI["LOGIN_MAX_FAILURES"]
    for i in range(limit):
        _login(client, f"guess{i}", "wrong-password", ip="198.51.100.66")
    response = _login(client, "reviewer", PASSWORD, ip="198.51.100.66")
    assert "登录失败次数过多" in response.content.decode()
    assert _login(client, "reviewer", PASSWORD, ip="203.0.113.10").status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(client, clerk):
    _fail(client, "clerk", settings.GONGKAI["LOGIN_MAX_FAILURES"] - 1)
    assert _login(client, "clerk", PASSWORD).status_code == 302


def test_the_lock_expires_after_the_configured_time(client, clerk):
    start = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        _fail(client, "clerk", settings.GONGKAI["LOGIN_MAX_FAILURES"])
        assert "登录失败次数过多" in _login(client, "clerk", PASSWORD).content.decode()
    later = start + dt.timedelta(seconds=settings.GONGKAI["LOGIN_LOCK_SECONDS"] + 1)
    with time_machine.travel(later, tick=False):
        assert _login(client, "clerk", PASSWORD).status_code == 302


def test_logout_is_a_post_and_is_audited(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="logout", actor=clerk).exists()
    assert client.get(reverse("office:home")).status_code == 302


def test_password_change_needs_the_old_password_and_is_audited(client, clerk):
    client.force_login(clerk)
    url = reverse("accounts:password_change")
    bad = client.post(
        url,
        {
            "old_password": "nope",
            "new_password1": "Xk3-long-pass",
            "new_password2": "Xk3-long-pass",
        },
    )
    assert "旧密码不正确" in bad.content.decode()
    good = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Xk3-long-pass",
            "new_password2": "Xk3-long-pass",
        },
    )
    assert good.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password("Xk3-long-pass")
    assert AuditEvent.objects.filter(action="accounts.password_changed", actor=clerk).exists()
