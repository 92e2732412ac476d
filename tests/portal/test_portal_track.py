"""Tracking a case with its number and secret code, and downloading its letters."""

from __future__ import annotations

import datetime as dt
import time

import time_machine
from django.urls import reverse

from gongkai.applications import services
from gongkai.portal import tracking

TRACK = "/track/"
GENERIC = "申请编号或查询码不正确"


def track(client, number, code):
    return client.post(TRACK, {"number": number, "code": code})


def test_wrong_code_gets_one_generic_message_and_no_case_data(client, online_case):
    app, _code = online_case
    page = track(client, app.number, "AAAAAAAAAA").content.decode()
    assert GENERIC in page
    assert app.applicant_name not in page and app.description not in page


def test_unknown_number_gets_the_same_message_as_a_wrong_code(client, online_case):
    app, code = online_case
    wrong_code = track(client, app.number, "AAAAAAAAAA").content.decode()
    no_such = track(client, "TCBGS-2099-99999", code).content.decode()
    garbage = track(client, "not-a-number", code).content.decode()
    assert GENERIC in wrong_code and GENERIC in no_such and GENERIC in garbage


def test_right_code_shows_status_dates_and_masked_personal_data(client, online_case, clerk):
    app, code = online_case
    services.confirm_receipt(clerk, app, services.today())
    response = track(client, app.number.lower(), code.lower())
    assert response.status_code == 302
    assert code not in response["Location"] and code.lower() not in response["Location"]
    page = client.get(response["Location"])
    html = page.content.decode()
    app.refresh_from_db()
    assert "no-store" in page["Cache-Control"]
    assert "办理中" in html
    assert "确认收到申请" in html and "网上提交申请" in html
    assert f"{app.due_on.year}年{app.due_on.month}月{app.due_on.day}日" in html
    assert app.id_number not in html and "3205**********1026" in html
    assert app.phone not in html and "138****5678" in html
    assert "张*" in html and "张明" not in html


def test_tracking_page_needs_the_code_first(client, online_case):
    app, _code = online_case
    response = client.get(reverse("portal:track_case", args=[app.pk]))
    assert response.status_code == 302 and response["Location"] == TRACK
    followed = client.get(TRACK).content.decode()
    assert app.description not in followed


def test_correction_request_shows_the_items_and_the_deadline(client, online_case, clerk):
    app, code = online_case
    services.confirm_receipt(clerk, app, services.today())
    correction = services.request_correction(clerk, app, "请写明文件的文号", services.today())
    track(client, app.number, code)
    html = client.get(reverse("portal:track_case", args=[app.pk])).content.decode()
    assert "待补正" in html and "补正告知" in html
    assert "请写明文件的文号" in html
    assert correction.deadline.isoformat() in html
    assert "暂停计算" in html


def test_provisional_deadline_is_flagged(client, agencies, applicant_data, clerk):
    with time_machine.travel(dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        app, code = services.submit_online(agencies["TCBGS"], applicant_data)
        services.confirm_receipt(clerk, app, dt.date(2026, 12, 10))
        app.refresh_from_db()
        assert app.due_provisional  # 2027's arrangement is not announced
        track(client, app.number, code)
        html = client.get(reverse("portal:track_case", args=[app.pk])).content.decode()
    assert "该期限为暂定" in html


def test_right_code_lists_public_letters_and_serves_them_as_attachments(
    client, online_case, replied_letters
):
    app, code = online_case
    reply, internal = replied_letters
    track(client, app.number, code)
    html = client.get(reverse("portal:track_case", args=[app.pk])).content.decode()
    assert reply.title in html and reply.doc_number in html
    assert internal.doc_number not in html
    pdf = client.get(reverse("portal:letter", args=[app.pk, reply.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content == b"%PDF-1.7 reply"
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert "no-store" in pdf["Cache-Control"]
    docx = client.get(reverse("portal:letter", args=[app.pk, reply.pk, "docx"]))
    assert docx.content == b"PK\x03\x04reply-docx"
    assert docx["Content-Disposition"].startswith("attachment;")


def test_internal_letters_are_not_downloadable(client, online_case, replied_letters):
    app, code = online_case
    _reply, internal = replied_letters
    track(client, app.number, code)
    assert (
        client.get(reverse("portal:letter", args=[app.pk, internal.pk, "pdf"])).status_code == 404
    )


def test_letters_of_another_case_are_not_reachable(
    client, agencies, applicant_data, online_case, replied_letters
):
    app, _code = online_case
    reply, _internal = replied_letters
    other, other_code = services.submit_online(agencies["TCBGS"], applicant_data)
    track(client, other.number, other_code)
    # proved the other case only: neither this case's URL nor a mixed one works
    assert client.get(reverse("portal:letter", args=[app.pk, reply.pk, "pdf"])).status_code == 404
    assert client.get(reverse("portal:letter", args=[other.pk, reply.pk, "pdf"])).status_code == 404
    assert client.get(reverse("portal:track_case", args=[app.pk])).status_code == 302


def test_letters_need_the_code_in_this_session(client, online_case, replied_letters):
    app, _code = online_case
    reply, _internal = replied_letters
    assert client.get(reverse("portal:letter", args=[app.pk, reply.pk, "pdf"])).status_code == 404


def test_proof_expires_and_can_be_forgotten(client, online_case):
    app, code = online_case
    track(client, app.number, code)
    url = reverse("portal:track_case", args=[app.pk])
    assert client.get(url).status_code == 200
    client.post(reverse("portal:track_forget", args=[app.pk]))
    assert client.get(url).status_code == 302
    track(client, app.number, code)
    with time_machine.travel(time.time() + tracking.TTL_SECONDS + 5):
        assert client.get(url).status_code == 302


def test_guessing_is_throttled_per_address(client, online_case, settings):
    settings.GONGKAI = {**settings.GONGKAI, "PORTAL_TRACK_FAILURES_PER_HOUR": 3}
    app, code = online_case
    for _ in range(3):
        assert GENERIC in track(client, app.number, "AAAAAAAAAA").content.decode()
    refused = track(client, app.number, code)  # even the right code: the address is blocked
    assert refused.status_code == 429
    assert "操作过于频繁" in refused.content.decode()


def test_successful_lookups_do_not_use_up_the_allowance(client, online_case, settings):
    settings.GONGKAI = {**settings.GONGKAI, "PORTAL_TRACK_FAILURES_PER_HOUR": 2}
    app, code = online_case
    for _ in range(4):
        assert track(client, app.number, code).status_code == 302


def test_unconfirmed_online_application_explains_when_the_clock_starts(client, online_case):
    app, code = online_case
    track(client, app.number, code)
    html = client.get(reverse("portal:track_case", args=[app.pk])).content.decode()
    assert "已提交，待工作机构确认收到" in html
    assert "待双方确认（条例第三十一条）" in html
    assert "确认收到后计算" in html


def test_a_case_awaiting_correction_shows_the_paused_clock_as_the_office_does(
    client, online_case, clerk
):
    app, code = online_case
    today = services.today()
    services.confirm_receipt(clerk, app, today)
    services.request_correction(clerk, app, "请写明所需文件的文号", today)
    app.refresh_from_db()
    old_due = app.due_on
    track(client, app.number, code)
    html = client.get(reverse("portal:track_case", args=[app.pk])).content.decode()

    assert 'data-clock="paused"' in html
    assert "答复期限已暂停" in html and f"自 {today.isoformat()} 起" in html
    assert "收到补正材料之日起重新计算20个工作日的答复期限（条例第三十条）" in html
    assert app.corrections.get().deadline.isoformat() in html
    facts = html[html.index("办理情况") : html.index("办理过程")]  # the milestones keep history
    assert old_due.isoformat() not in facts


def test_a_voided_letter_is_marked_on_the_tracking_page(client, online_case, clerk):
    app, code = online_case
    services.confirm_receipt(clerk, app, services.today())
    letter = services.issue_letter(clerk, app, "receipt", services.today())
    services.void_letter(letter, clerk, "误向申请人出具")
    html = client.get(track(client, app.number, code)["Location"]).content.decode()
    assert letter.doc_number in html and "已作废" in html
