"""The reviewer reads the draft 答复告知书 (and the grounds) before approving; approval
issues exactly that letter and only then takes its number."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Letter, LetterCounter, LetterTemplate, Status
from tests.letters.letterdocs import flat, pdf_text

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2025, 10, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def denial_case(received_case, clerk):
    services.propose_decision(
        clerk,
        received_case,
        "partial",
        reason="批复文件附件中的专家评审意见属于过程性信息，已作遮盖处理。",
        grounds=["process_info"],
        provided_form="electronic",
    )
    received_case.refresh_from_db()
    return received_case


def _url(app):
    return reverse("office:case_action", args=[app.pk, "approve"])


@time_machine.travel(TODAY)
def test_the_approval_page_shows_the_draft_letter_and_the_grounds(client, reviewer, denial_case):
    client.force_login(reviewer)
    page = client.get(_url(denial_case))
    html = page.content.decode()
    assert page.status_code == 200
    assert "答复告知书草稿" in html
    assert "太仓市政府办依申复〔2025〕〔待编号〕" in html
    assert "过程性信息" in html and "专家评审意见" in html  # the grounds and the reason
    assert "第三十七条" in html  # the legal basis of partial disclosure
    assert "二〇二五年十月二十日" in html  # dated as it will be issued
    assert "确认无误，审核通过并答复" in html
    assert not Letter.objects.exists() and not LetterCounter.objects.exists()
    assert Letter.objects.count() == 0 and denial_case.status == Status.REVIEW


@time_machine.travel(TODAY)
def test_approving_issues_the_letter_that_was_read(client, reviewer, denial_case):
    client.force_login(reviewer)
    shown = client.get(_url(denial_case))
    draft = shown.context["preview"]["draft"]
    body = {
        "approve-replied_on": "2025-10-20",
        "approve-confirm": "1",
        "preview_key": shown.context["preview_key"],
    }
    done = client.post(_url(denial_case), body)
    assert done.status_code == 302
    letter = Letter.objects.get(application=denial_case, kind="reply")
    assert letter.doc_number == "太仓市政府办依申复〔2025〕1号"
    text = pdf_text(bytes(letter.pdf))
    for paragraph in draft.paragraphs:
        assert flat(paragraph) in text
    assert flat(draft.remedies) in text


@time_machine.travel(TODAY)
def test_a_draft_that_changed_after_it_was_read_is_shown_again_not_approved(
    client, reviewer, admin_user, denial_case
):
    client.force_login(reviewer)
    shown = client.get(_url(denial_case))
    LetterTemplate.objects.create(
        agency=denial_case.agency,
        kind="reply",
        decision="partial",
        body="改过的措辞：【你】申请的信息部分公开。",
    )
    body = {
        "approve-replied_on": "2025-10-20",
        "approve-confirm": "1",
        "preview_key": shown.context["preview_key"],
    }
    again = client.post(_url(denial_case), body)
    assert again.status_code == 200 and "改过的措辞" in again.content.decode()
    denial_case.refresh_from_db()
    assert denial_case.status == Status.REVIEW and not Letter.objects.exists()


@time_machine.travel(TODAY)
def test_a_date_the_approval_would_refuse_is_refused_before_the_draft(
    client, reviewer, denial_case
):
    client.force_login(reviewer)
    page = client.post(_url(denial_case), {"approve-replied_on": "2025-09-01"})
    assert page.status_code == 400 and "日期不能早于 2025-09-26" in page.content.decode()
    assert not LetterCounter.objects.exists()


@time_machine.travel(TODAY)
def test_the_approval_page_opens_with_todays_date_filled_in(client, reviewer, denial_case):
    client.force_login(reviewer)
    page = client.get(_url(denial_case))
    assert page.context["form"]["replied_on"].value() == "2025-10-20"
    assert not page.context["form"].errors
