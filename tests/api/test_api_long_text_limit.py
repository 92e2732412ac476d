"""The API states the 4,000-character limit (maxLength in the OpenAPI document) and refuses
an over-long text with a 400 that names the field and the count; nothing is cut."""

from __future__ import annotations

import yaml
from django.core.management import call_command

from gongkai.applications.models import Application, Correction, Status
from gongkai.core.limits import LONG_TEXT_MAX

SUBMIT = "/api/public/applications/"


def _schema(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(out))
    return yaml.safe_load(out.read_text(encoding="utf-8"))["components"]["schemas"]


def test_the_schema_shows_max_length_4000_on_long_texts(tmp_path, db):
    schemas = _schema(tmp_path)
    assert schemas["PublicSubmit"]["properties"]["description"]["maxLength"] == 4000
    assert schemas["CorrectionReceivedInput"]["properties"]["content"]["maxLength"] == 4000
    assert schemas["DecisionInput"]["properties"]["reason"]["maxLength"] == 4000


def test_an_over_long_description_is_a_400_naming_field_and_count(api, agencies, applicant_data):
    body = {**applicant_data, "agency": "TCBGS", "description": "丙" * 4123}
    response = api.post(SUBMIT, body, format="json")
    assert response.status_code == 400
    assert "所需政府信息的名称、文号或特征性描述不能超过4000字（现有4123字）。" in str(
        response.json()
    )
    assert Application.objects.count() == 0


def test_a_description_of_exactly_4000_characters_is_kept_whole(api, agencies, applicant_data):
    body = {**applicant_data, "agency": "TCBGS", "description": "丁" * LONG_TEXT_MAX}
    assert api.post(SUBMIT, body, format="json").status_code == 201
    assert Application.objects.get().description == "丁" * LONG_TEXT_MAX


def test_staff_correction_content_over_the_limit_changes_nothing(as_user, clerk, received_case):
    client = as_user(clerk)
    url = f"/api/applications/{received_case.pk}/"
    body = {"items": "请写明文号", "notice_on": "2025-09-30"}
    assert client.post(url + "correction/", body, format="json").status_code == 200
    response = client.post(
        url + "correction-received/",
        {"received_on": "2025-10-09", "content": "戊" * 4001},
        format="json",
    )
    assert response.status_code == 400
    assert "补正内容不能超过4000字（现有4001字）。" in str(response.json())
    received_case.refresh_from_db()
    assert received_case.status == Status.CORRECTION
    assert Correction.objects.get().received_on is None
