"""Agency admins manage users, roles and contact details in their subtree, never sideways."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.agencies.models import Membership
from gongkai.core.models import AuditEvent

User = get_user_model()


def _new_user(agency, **extra):
    data = {
        "username": "newclerk",
        "full_name": "钱进",
        "email": "qian@example.gov.cn",
        "role": "clerk",
        "password": "Strong-pass-2025",
        **extra,
    }
    return reverse("office:agency_user_create", args=[agency.pk]), data


def test_anonymous_is_sent_to_login(client, agencies):
    url, data = _new_user(agencies["TCGQ"])
    response = client.post(url, data)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not User.objects.filter(username="newclerk").exists()


def test_a_clerk_cannot_administer(client, clerk, agencies):
    client.force_login(clerk)
    assert client.get(reverse("office:agency_users_default")).status_code == 403
    url, data = _new_user(agencies["TCBGS"])
    assert client.post(url, data).status_code == 403
    assert not User.objects.filter(username="newclerk").exists()


def test_an_admin_cannot_reach_a_sideways_agency(client, admin_user, agencies):
    client.force_login(admin_user)
    url, data = _new_user(agencies["CS"])
    assert client.post(url, data).status_code == 403
    assert (
        client.get(reverse("office:agency_settings", args=[agencies["CS"].pk])).status_code == 403
    )
    assert not User.objects.filter(username="newclerk").exists()


def test_a_weak_password_is_refused_in_chinese(client, admin_user, agencies):
    client.force_login(admin_user)
    url, data = _new_user(agencies["TCGQ"], password="123")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "密码太短，至少需要8个字符" in response.content.decode()
    assert not User.objects.filter(username="newclerk").exists()


def test_admin_creates_a_user_in_a_subordinate_agency(client, admin_user, agencies):
    client.force_login(admin_user)
    url, data = _new_user(agencies["TCGQ"])
    response = client.post(url, data)
    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    assert user.check_password("Strong-pass-2025")
    assert Membership.objects.filter(user=user, agency=agencies["TCGQ"], role="clerk").exists()
    assert AuditEvent.objects.filter(action="accounts.user_created", actor=admin_user).exists()


def test_admin_grants_and_revokes_a_role(client, admin_user, clerk, agencies):
    client.force_login(admin_user)
    grant = reverse("office:agency_role_grant", args=[agencies["TCBGS"].pk])
    assert client.post(grant, {"username": "clerk", "role": "reviewer"}).status_code == 302
    m = Membership.objects.get(user=clerk, role="reviewer")
    again = client.post(grant, {"username": "clerk", "role": "reviewer"})
    assert "已有此角色" in again.content.decode()
    client.post(reverse("office:agency_role_revoke", args=[m.pk]))
    assert not Membership.objects.filter(user=clerk, role="reviewer").exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"accounts.role_granted", "accounts.role_revoked"} <= actions


def test_admin_cannot_revoke_a_role_in_a_sideways_agency(client, admin_user, other_clerk):
    client.force_login(admin_user)
    m = Membership.objects.get(user=other_clerk)
    assert client.post(reverse("office:agency_role_revoke", args=[m.pk])).status_code == 403
    assert Membership.objects.filter(pk=m.pk).exists()


def test_admin_deactivates_a_user_who_then_cannot_work(client, admin_user, clerk):
    client.force_login(admin_user)
    client.post(reverse("office:user_active", args=[clerk.pk]), {"active": "0"})
    clerk.refresh_from_db()
    assert not clerk.is_active
    assert AuditEvent.objects.filter(action="accounts.user_deactivated").exists()
    client.force_login(clerk)
    assert client.get(reverse("office:home")).status_code == 302


def test_admin_cannot_deactivate_a_user_of_a_sideways_agency(client, admin_user, other_clerk):
    client.force_login(admin_user)
    response = client.post(reverse("office:user_active", args=[other_clerk.pk]), {"active": "0"})
    assert response.status_code == 403
    other_clerk.refresh_from_db()
    assert other_clerk.is_active


@pytest.fixture
def contact(agencies):
    return {
        "office_name": "太仓港经济技术开发区党政办公室",
        "address": "太仓市浮桥镇港城大道1号",
        "postcode": "215434",
        "office_hours": "工作日 8:30-11:30，13:30-17:00",
        "phone": "0512-53178001",
        "fax": "0512-53178002",
        "email": "gk@tcgq.example.gov.cn",
        "website": "",
        "review_body": "太仓市人民政府",
        "court": "苏州市中级人民法院",
        "accepts_online": "on",
    }


def test_admin_edits_the_contact_details_used_in_letters(client, admin_user, agencies, contact):
    client.force_login(admin_user)
    url = reverse("office:agency_settings", args=[agencies["TCGQ"].pk])
    assert client.post(url, contact).status_code == 302
    agencies["TCGQ"].refresh_from_db()
    assert agencies["TCGQ"].court == "苏州市中级人民法院"
    audit = AuditEvent.objects.get(action="agencies.contact_changed")
    assert "court" in audit.detail["changed"]


def test_a_bad_email_is_refused_and_nothing_is_saved(client, admin_user, agencies, contact):
    client.force_login(admin_user)
    url = reverse("office:agency_settings", args=[agencies["TCGQ"].pk])
    response = client.post(url, {**contact, "email": "not-an-email"})
    assert response.status_code == 400
    assert "「电子邮箱」不是有效的电子邮箱地址。" in response.content.decode()
    before = agencies["TCGQ"].court
    agencies["TCGQ"].refresh_from_db()
    assert agencies["TCGQ"].court == before
    assert not AuditEvent.objects.filter(action="agencies.contact_changed").exists()
