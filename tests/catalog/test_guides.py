"""政府信息公开指南: versioned per agency, published by reviewers, printable on the portal."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.catalog import guides
from gongkai.catalog.models import Guide

FIELDS = {
    "arrangement": "本机关主动公开的政府信息分为机构职能、政策文件、规划计划等类别。",
    "how_to_obtain": "通过太仓市人民政府网站“政府信息公开”专栏查阅。",
    "application": "申请人可通过网上申请、信函、当面等方式提出申请。",
    "remedies": "可依法申请行政复议或者提起行政诉讼。",
    "office_name": "太仓市人民政府办公室政务公开科",
    "address": "太仓市县府东街99号",
    "office_hours": "工作日 8:30—11:30，13:30—17:00",
    "phone": "0512-53512345",
}


def test_each_publication_is_a_new_version(agencies, chief):
    first = guides.publish_guide(chief, agencies["TCBGS"], **FIELDS)
    second = guides.publish_guide(chief, agencies["TCBGS"], **{**FIELDS, "phone": "0512-53519999"})
    assert (first.version, second.version) == (1, 2)
    assert guides.current(agencies["TCBGS"]) == second
    assert guides.initial_fields(agencies["TCBGS"])["phone"] == "0512-53519999"


def test_clerk_may_not_publish_and_missing_fields_are_refused(agencies, clerk, chief):
    with pytest.raises(PermissionDenied):
        guides.publish_guide(clerk, agencies["TCBGS"], **FIELDS)
    with pytest.raises(ValidationError) as exc:
        guides.publish_guide(chief, agencies["TCBGS"], **{**FIELDS, "phone": " "})
    assert "phone" in exc.value.message_dict
    assert not Guide.objects.exists()


def test_portal_shows_current_and_old_versions(client, agencies, chief):
    guides.publish_guide(chief, agencies["TCBGS"], **FIELDS)
    guides.publish_guide(chief, agencies["TCBGS"], **{**FIELDS, "phone": "0512-53519999"})
    url = reverse("gk:guide", args=[agencies["TCBGS"].pk])
    page = client.get(url).content.decode()
    assert "0512-53519999" in page and "第 2 版" in page and "data-print" in page
    old = client.get(url, {"version": 1}).content.decode()
    assert "0512-53512345" in old and "此为历史版本" in old
    assert agencies["TCBGS"].name in client.get(reverse("gk:guide_index")).content.decode()
    assert client.get(reverse("gk:guide", args=[agencies["CS"].pk])).status_code == 404


def test_office_form_publishes_a_version(client, agencies, chief, clerk):
    url = reverse("catalog_office:guide", args=[agencies["TCBGS"].pk])
    client.force_login(clerk)
    assert client.post(url, FIELDS).status_code == 403
    client.force_login(chief)
    assert client.post(url, {**FIELDS, "address": ""}).status_code == 200
    assert not Guide.objects.exists()
    assert client.post(url, FIELDS).status_code == 302
    assert Guide.objects.get().author == chief
