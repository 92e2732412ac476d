"""Per-agency catalogue settings: the 索引号 form and which checks block publication."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.catalog import checks, services
from gongkai.catalog.models import AgencySettings
from gongkai.core.models import AuditEvent


def test_admin_chooses_blocking_checks(agencies, admin_user, draft):
    services.save_settings(admin_user, agencies["TCBGS"], "org", ["deadline", "wording"])
    assert checks.blocking_checks(draft) == ["deadline", "wording"]
    assert AuditEvent.objects.filter(action="catalog.settings").exists()


def test_reviewer_may_not_and_bad_values_are_refused(agencies, reviewer, admin_user):
    with pytest.raises(PermissionDenied):
        services.save_settings(reviewer, agencies["TCBGS"], "org", [])
    with pytest.raises(ValidationError):
        services.save_settings(admin_user, agencies["TCBGS"], "credit", [])  # no credit code
    with pytest.raises(ValidationError):
        services.save_settings(admin_user, agencies["TCBGS"], "org", ["nonsense"])
    assert not AgencySettings.objects.exists()


def test_settings_page(client, agencies, admin_user, clerk):
    url = reverse("catalog_office:settings", args=[agencies["TCBGS"].pk])
    client.force_login(clerk)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    page = client.get(url).content.decode()
    assert "个人信息" in page and "checked" in page
    response = client.post(url, {"index_code": "org", "blocking": ["personal_data"]})
    assert response.status_code == 302
    assert AgencySettings.objects.get().blocking_checks == ["personal_data"]
