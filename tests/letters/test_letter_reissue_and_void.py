"""文号 are never consumed silently: issuing is confirmed, re-issuing voids the earlier
letter with a reason, and one intended letter never takes two numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import CaseEvent, EventKind, Letter, LetterCounter

RECEIVED = dt.date(2025, 9, 26)

pytestmark = pytest.mark.django_db


def test_reissuing_a_kind_without_a_reason_is_refused_and_takes_no_number(new_case, clerk):
    app = new_case()
    services.issue_letter(clerk, app, "receipt", RECEIVED)
    with pytest.raises(ValidationError, match="重新出具须说明理由"):
        services.issue_letter(clerk, app, "receipt", RECEIVED)
    assert Letter.objects.count() == 1
    assert LetterCounter.objects.get(kind="receipt").last == 1


def test_reissuing_with_a_reason_voids_the_earlier_letter_and_keeps_its_number(new_case, clerk):
    app = new_case()
    first = services.issue_letter(clerk, app, "receipt", RECEIVED)
    second = services.issue_letter(clerk, app, "receipt", RECEIVED, reason="申请人姓名录入有误")
    first.refresh_from_db()
    assert first.voided and first.void_reason == "申请人姓名录入有误"
    assert first.voided_by == clerk and first.replaced_by == second
    assert first.doc_number.endswith("〔2025〕1号") and second.doc_number.endswith("〔2025〕2号")
    assert not second.voided
    event = CaseEvent.objects.get(application=app, kind=EventKind.LETTER_VOIDED)
    assert event.data["doc_number"] == first.doc_number
    assert event.data["reason"] == "申请人姓名录入有误"
    assert CaseEvent.objects.filter(application=app, kind=EventKind.LETTER_ISSUED).count() == 2


def test_the_same_token_twice_issues_one_letter_and_takes_one_number(new_case, clerk):
    app = new_case()
    one = services.issue_letter(clerk, app, "receipt", RECEIVED, token="t-1")
    two = services.issue_letter(clerk, app, "receipt", RECEIVED, token="t-1")
    assert one.pk == two.pk and Letter.objects.count() == 1
    assert LetterCounter.objects.get(kind="receipt").last == 1


def test_the_office_shows_the_draft_before_taking_a_number(client, new_case, clerk):
    app = new_case()
    client.force_login(clerk)
    url = reverse("office:case_action", args=[app.pk, "letter"])
    data = {"letter-kind": "receipt", "letter-issued_on": "2025-09-26", "letter-token": "abc"}
    shown = client.post(url, data)
    html = shown.content.decode()
    assert shown.status_code == 200 and "〔待编号〕" in html and "确认生成并编号" in html
    assert not Letter.objects.exists() and not LetterCounter.objects.exists()
    confirm = {**data, "letter-confirm": "1", "preview_key": shown.context["preview_key"]}
    assert client.post(url, confirm).status_code == 302
    assert client.post(url, confirm).status_code == 302  # the double click
    assert Letter.objects.count() == 1
    assert LetterCounter.objects.get(kind="receipt").last == 1


def test_the_office_warns_that_a_reissue_voids_the_earlier_letter(client, new_case, clerk):
    app = new_case()
    services.issue_letter(clerk, app, "receipt", RECEIVED)
    client.force_login(clerk)
    url = reverse("office:case_action", args=[app.pk, "letter"])
    data = {"letter-kind": "receipt", "letter-issued_on": "2025-09-26", "letter-token": "x"}
    shown = client.post(url, data)
    assert "原文书作废" in shown.content.decode()
    confirm = {**data, "letter-confirm": "1", "preview_key": shown.context["preview_key"]}
    refused = client.post(url, confirm)
    assert refused.status_code == 400 and "重新出具须说明理由" in refused.content.decode()
    assert Letter.objects.count() == 1


def test_a_voided_letter_downloads_with_the_void_mark_and_the_case_page_says_so(
    client, new_case, clerk
):
    from tests.letters.letterdocs import docx_text, pdf_text

    app = new_case()
    first = services.issue_letter(clerk, app, "receipt", RECEIVED)
    services.issue_letter(clerk, app, "receipt", RECEIVED, reason="收到日期填写错误")
    client.force_login(clerk)
    pdf = client.get(reverse("office:letter", args=[app.pk, first.pk, "pdf"]))
    assert pdf.status_code == 200
    assert "作废" in pdf_text(pdf.content) and "收到日期填写错误" in pdf_text(pdf.content)
    docx = client.get(reverse("office:letter", args=[app.pk, first.pk, "docx"]))
    assert docx_text(docx.content).startswith("作废（")
    page = client.get(reverse("office:case", args=[app.pk])).content.decode()
    assert 'class="voided"' in page and "收到日期填写错误" in page
    first.refresh_from_db()
    assert "作废" not in pdf_text(bytes(first.pdf))  # the archive keeps the letter as issued
