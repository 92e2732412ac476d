"""The OpenAPI document validates, and the docs page is built from it without a CDN."""

from __future__ import annotations

import re

import yaml
from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text(encoding="utf-8"))
    paths = schema["paths"]
    assert "/api/applications/{id}/decision-approve/" in paths
    assert "/api/public/applications/" in paths and "/api/calendar/add/" in paths
    approve = paths["/api/applications/{id}/decision-approve/"]["post"]
    assert approve["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "DecisionApproveInput"
    )
    assert {"200", "400", "403", "404", "409"} <= set(approve["responses"])


def test_schema_is_served(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_docs_page_lists_every_endpoint_and_loads_nothing_external(client, db):
    page = client.get("/api/docs/").content.decode()
    for path in (
        "/api/applications/",
        "/api/applications/{id}/confirm-receipt/",
        "/api/public/track/",
        "/api/stats/",
    ):
        assert f"<code>{path}</code>" in page
    assert "DecisionInput" in page and "申请办理" in page
    assert not re.search(r"""(src|href)=["']https?://""", page)
