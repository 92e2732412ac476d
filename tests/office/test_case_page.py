"""The case page: every computed date explained, warnings, and only the actions one may take."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.views import available_actions


def _page(client, user, app):
    client.force_login(user)
    response = client.get(reverse("office:case", args=[app.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _offered(user, app):
    return {action.name for action, _form in available_actions(user, app)}


def test_the_reply_deadline_is_shown_with_its_explanation(client, clerk, received_case):
    page = _page(client, clerk, received_case)
    assert "2025年10月30日" in page
    assert "收到申请之日 2025-09-26（条例第三十一条）" in page
    assert "10-01至10-08 国庆节、中秋节放假" in page
    assert "10-11 调休上班" in page


def test_a_missed_correction_notice_deadline_is_warned(client, clerk, received_case):
    page = _page(client, clerk, received_case)
    assert "补正告知期限（2025-10-13，收到申请之日起7个工作日，条例第三十条）已过" in page


def test_a_deadline_in_an_unannounced_year_is_flagged_provisional(
    client, clerk, agencies, applicant_data
):
    with time_machine.travel(dt.datetime(2026, 12, 21, 2, 0, tzinfo=dt.UTC), tick=False):
        app, _ = services.register(
            clerk, agencies["TCBGS"], applicant_data, "in_person", dt.date(2026, 12, 21)
        )
        page = _page(client, clerk, app)
    assert "暂定" in page
    assert "尚未公布节假日安排的2027年" in page


def test_a_lapsed_consultation_tells_the_clerk_what_to_do(client, clerk, consulting_case):
    page = _page(client, clerk, consulting_case)
    assert "征求“太仓某建设有限公司”意见的答复期限" in page
    assert "逾期未答复" in page


def test_history_lists_who_did_what_and_the_status_change(client, clerk, correction_case):
    page = _page(client, clerk, correction_case)
    assert "发出补正告知" in page
    assert "办理中 → 待补正" in page
    assert "补正期限" in page


def test_a_clerk_is_offered_handling_steps(clerk, received_case):
    assert {"propose", "correction", "consult", "extension", "fee"} <= _offered(
        clerk, received_case
    )


def test_a_clerk_is_not_offered_approval(clerk, review_case):
    assert not {"approve", "return", "propose"} & _offered(clerk, review_case)


def test_a_reviewer_is_offered_approval_and_a_supervisor_nothing(reviewer, supervisor, review_case):
    assert {"approve", "return"} <= _offered(reviewer, review_case)
    assert _offered(supervisor, review_case) == set()


def test_the_proposer_is_told_they_cannot_approve_their_own_draft(
    client, agencies, reviewer, received_case, django_user_model
):
    from gongkai.agencies.models import Membership

    Membership.objects.create(user=reviewer, agency=agencies["TCBGS"], role="clerk")
    services.propose_decision(reviewer, received_case, "not_exist")
    page = _page(client, reviewer, received_case)
    assert "不能审核自己拟定的答复" in page
    url = reverse("office:case_action", args=[received_case.pk, "approve"])
    shown = client.post(url, {"approve-replied_on": "2025-10-20"})  # the draft is read first
    response = client.post(
        url,
        {
            "approve-replied_on": "2025-10-20",
            "approve-confirm": "1",
            "preview_key": shown.context["preview_key"],
        },
    )
    assert response.status_code == 400
    assert "拟稿人不能审核自己拟定的答复" in response.content.decode()


def test_closed_cases_offer_no_state_changes(clerk, replied_case):
    offered = _offered(clerk, replied_case)
    assert not {"propose", "correction", "consult", "withdraw", "extension"} & offered
    assert {"deliver", "appeal"} <= offered
