"""The site refuses a public key, check --deploy is clean with the README's
production block, and every response carries the headers a government site needs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.pop("GONGKAI_TESTING", None)
    # set by the browser tests for Playwright's event loop; never part of a deployment
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _readme_production_env() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Production settings", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    env = {}
    for line in block.splitlines():
        match = re.match(r"^([A-Z_]+)=(\S+)", line)
        if match:
            env[match[1]] = match[2]
    return env


def test_without_secret_key_and_debug_the_site_refuses_to_start():
    result = _manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_with_debug_on_the_development_key_is_allowed():
    assert _manage("check", DEBUG="1").returncode == 0


def test_check_deploy_is_clean_with_the_documented_production_settings():
    env = _readme_production_env()
    assert {"SECURE_COOKIES", "GONGKAI_HSTS_SECONDS", "GONGKAI_SSL_REDIRECT"} <= env.keys()
    env["SECRET_KEY"] = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz"
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr


def test_every_page_has_a_csp_and_inline_scripts_carry_its_nonce(client, agencies):
    response = client.get(reverse("portal:apply", args=["TCBGS"]))
    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)[1]
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    body = response.content.decode()
    assert f'<script nonce="{nonce}">' in body
    assert "onclick=" not in body


def test_a_new_nonce_for_every_response(client, agencies):
    first = client.get("/")["Content-Security-Policy"]
    assert first != client.get("/")["Content-Security-Policy"]


def test_pages_with_personal_data_are_not_stored_by_any_cache(client, clerk, received_case):
    client.force_login(clerk)
    case_page = client.get(reverse("office:case", args=[received_case.pk]))
    assert "no-store" in case_page["Cache-Control"]
    assert "no-store" in client.get(f"/api/applications/{received_case.pk}/")["Cache-Control"]
    assert "no-store" in client.get(reverse("portal:track"))["Cache-Control"]


def test_public_pages_may_be_cached(client, agencies):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_a_staff_session_ends_with_the_browser_and_after_a_working_day(client, clerk):
    response = client.post(
        reverse("accounts:login"), {"username": "clerk", "password": "pw-for-tests-1"}
    )
    cookie = response.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]
    assert client.session.get_expiry_age() <= 10 * 3600
