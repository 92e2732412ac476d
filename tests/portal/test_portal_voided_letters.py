"""A voided letter on the tracking page: listed with its 文号, the day it was voided and
its replacement, but never handed out as a letter (issue 9: 作废 letters kept, not valid)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db

REASON = "误向申请人出具"


def _tracked(client, online_case, clerk):
    app, code = online_case
    services.confirm_receipt(clerk, app, services.today())
    client.post("/track/", {"number": app.number, "code": code})
    return app


def _page(client, app) -> str:
    return client.get(reverse("portal:track_case", args=[app.pk])).content.decode()


def test_a_voided_letter_is_listed_with_its_void_date_and_no_download_link(
    client, online_case, clerk
):
    app = _tracked(client, online_case, clerk)
    letter = services.issue_letter(clerk, app, "receipt", services.today())
    services.void_letter(letter, clerk, REASON)
    html = _page(client, app)
    row = html[html.index('<tr class="voided">') :]
    row = row[: row.index("</tr>")]
    assert letter.doc_number in row and "已作废" in row and timezone.localdate().isoformat() in row
    assert "不能作为有效文书使用" in row and "不提供下载" in row
    assert reverse("portal:letter", args=[app.pk, letter.pk, "pdf"]) not in html
    assert reverse("portal:letter", args=[app.pk, letter.pk, "docx"]) not in html
    assert REASON not in html  # the reason is the register's, written for staff


def test_a_reissued_letter_names_its_replacement_which_stays_downloadable(
    client, online_case, clerk
):
    app = _tracked(client, online_case, clerk)
    old = services.issue_letter(clerk, app, "receipt", services.today())
    new = services.issue_letter(clerk, app, "receipt", services.today(), reason="收到日期有误")
    html = _page(client, app)
    assert f"以{new.doc_number}为准" in html
    assert reverse("portal:letter", args=[app.pk, new.pk, "pdf"]) in html
    assert reverse("portal:letter", args=[app.pk, old.pk, "pdf"]) not in html


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_downloading_a_voided_letter_is_refused_with_a_chinese_explanation(
    client, online_case, clerk, fmt
):
    app = _tracked(client, online_case, clerk)
    old = services.issue_letter(clerk, app, "receipt", services.today())
    new = services.issue_letter(clerk, app, "receipt", services.today(), reason="收到日期有误")
    response = client.get(reverse("portal:letter", args=[app.pk, old.pk, fmt]))
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert old.doc_number in text and "已于" in text and "作废" in text
    assert f"请以{new.doc_number}为准" in text
    assert not AuditEvent.objects.filter(action="personal_data.downloaded").exists()
