"""忘记查询码 on the portal: one answer for every request, throttled, and a reissued code
ends the tracking sessions opened with the old one."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from gongkai.applications import services

LOST = "/track/lost/"
ANSWER = "如果申请编号和联系方式与申请记录一致"


def test_tracking_page_links_to_the_lost_code_page(client, db):
    html = client.get("/track/").content.decode()
    assert LOST in html and "忘记查询码" in html
    page = client.get(LOST).content.decode()
    assert "本平台不能发送短信" in page


def test_match_and_no_match_get_the_same_answer(
    client, online_case, django_capture_on_commit_callbacks
):
    app, _code = online_case
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hit = client.post(LOST, {"number": app.number, "contact": app.email})
        miss = client.post(LOST, {"number": app.number, "contact": "x@example.com"})
        nothing = client.post(LOST, {"number": "TCBGS-2099-00001", "contact": app.email})
    assert hit.status_code == miss.status_code == nothing.status_code == 200
    bodies = [r.content.decode() for r in (hit, miss, nothing)]
    assert all(ANSWER in b for b in bodies)
    assert bodies[0] == bodies[1] == bodies[2]
    assert len([m for m in mail.outbox if "新查询码" in m.subject]) == 1


def test_empty_form_gets_chinese_errors(client, db):
    response = client.post(LOST, {})
    html = response.content.decode()
    assert response.status_code == 400 and "请填写申请编号" in html


def test_each_number_may_ask_three_times_an_hour_whether_or_not_it_exists(client, online_case):
    app, _code = online_case
    for number in (app.number, "TCBGS-2099-00001"):
        for _ in range(3):
            assert client.post(LOST, {"number": number, "contact": "1"}).status_code == 200
        refused = client.post(LOST, {"number": number, "contact": "1"})
        assert (
            refused.status_code == 429 and "申请找回查询码的次数有限制" in refused.content.decode()
        )


def test_each_address_may_ask_ten_times_an_hour(client, db):
    for i in range(10):
        number = f"TCBGS-2099-{i:05d}"
        assert client.post(LOST, {"number": number, "contact": "1"}).status_code == 200
    assert client.post(LOST, {"number": "TCBGS-2099-00099", "contact": "1"}).status_code == 429


def test_a_reissued_code_ends_the_sessions_opened_with_the_old_one(client, online_case, clerk):
    app, code = online_case
    client.post("/track/", {"number": app.number, "code": code})
    page = reverse("portal:track_case", args=[app.pk])
    assert client.get(page).status_code == 200
    new = services.reissue_tracking_code(clerk, app, "当面核验居民身份证原件")
    assert client.get(page).status_code == 302
    assert client.post("/track/", {"number": app.number, "code": code}).status_code == 200
    assert client.post("/track/", {"number": app.number, "code": new}).status_code == 302
    assert client.get(page).status_code == 200
