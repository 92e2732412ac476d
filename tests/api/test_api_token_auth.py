"""Scripts use an API token that an administrator creates for a service account (README);
the OpenAPI document describes the scheme, and a disabled account's token stops working."""

from __future__ import annotations

import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def _admin_makes_token(client, user) -> Token:
    boss = get_user_model().objects.create_superuser("root", "root@example.gov.cn", "pw-root-1")
    client.force_login(boss)
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": user.pk})
    assert response.status_code == 302, response.content.decode()[:500]
    return Token.objects.get(user=user)


def _stats(key: str):
    return APIClient().get("/api/stats/", HTTP_AUTHORIZATION=f"Token {key}")


def test_a_token_made_in_the_admin_authenticates_an_api_request(client, reviewer):
    token = _admin_makes_token(client, reviewer)
    assert APIClient().get("/api/stats/").status_code in (401, 403)
    assert _stats(token.key).status_code == 200


def test_the_token_of_a_deactivated_account_is_refused(client, reviewer):
    token = _admin_makes_token(client, reviewer)
    reviewer.is_active = False
    reviewer.save()
    response = _stats(token.key)
    assert response.status_code in (401, 403)  # 403 when session auth comes first
    assert "令牌无效" in response.content.decode()


def test_the_openapi_document_keeps_token_auth(tmp_path, db):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(out))
    schema = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
