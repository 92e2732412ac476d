"""撤回 by the public API: number + code and an explicit confirm."""

from __future__ import annotations

from gongkai.applications import services
from gongkai.applications.models import Status

URL = "/api/public/track/withdraw/"


def test_withdrawal_needs_the_right_code(api, agencies, applicant_data):
    app, _code = services.submit_online(agencies["TCBGS"], applicant_data)
    body = {"number": app.number, "code": "AAAAAAAAAA", "confirm": True}
    assert api.post(URL, body, format="json").status_code == 404
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_withdrawal_needs_confirm_true(api, agencies, applicant_data):
    app, code = services.submit_online(agencies["TCBGS"], applicant_data)
    response = api.post(URL, {"number": app.number, "code": code, "confirm": False}, format="json")
    assert response.status_code == 400 and "confirm" in response.json()["errors"]
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_confirmed_withdrawal_closes_the_case(api, agencies, applicant_data):
    app, code = services.submit_online(agencies["TCBGS"], applicant_data)
    body = {"number": app.number, "code": code, "confirm": True, "reason": "不需要了"}
    response = api.post(URL, body, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == Status.CLOSED and data["can_withdraw"] is False
    again = api.post(URL, body, format="json")
    assert again.status_code == 400 and "不能撤回" in str(again.json())
