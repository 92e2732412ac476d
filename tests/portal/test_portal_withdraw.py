"""撤回 on the tracking page: after number + code, after a confirmation step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Status


@pytest.fixture
def received(online_case, clerk):
    app, code = online_case
    services.confirm_receipt(clerk, app, services.today())
    return app, code


def prove(client, app, code):
    client.post("/track/", {"number": app.number, "code": code})


def url(app):
    return reverse("portal:track_withdraw", args=[app.pk])


def test_without_the_code_nothing_is_withdrawn(client, received):
    app, _code = received
    response = client.post(url(app), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/track/"
    app.refresh_from_db()
    assert app.status == Status.RECEIVED


def test_the_first_step_only_asks_for_confirmation(client, received):
    app, code = received
    prove(client, app, code)
    page = client.get(reverse("portal:track_case", args=[app.pk])).content.decode()
    assert url(app) in page
    confirm = client.get(url(app)).content.decode()
    assert "确认撤回申请" in confirm and "不能恢复" in confirm
    app.refresh_from_db()
    assert app.status == Status.RECEIVED


def test_posting_without_the_box_ticked_withdraws_nothing(client, received):
    app, code = received
    prove(client, app, code)
    response = client.post(url(app), {"reason": "不需要了"})
    assert response.status_code == 400 and "请勾选确认撤回" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.RECEIVED


def test_confirmed_withdrawal_closes_the_case_and_the_page_says_so(client, received):
    app, code = received
    prove(client, app, code)
    response = client.post(url(app), {"reason": "已从其他途径获得", "confirm": "on"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.CLOSED and app.concluded_on == services.today()
    page = client.get(response["Location"]).content.decode()
    assert "已终止" in page and "撤回申请" in page and "申请人通过本网站撤回" in page
    assert url(app) not in page  # nothing left to withdraw
    assert client.get(url(app)).status_code == 302
