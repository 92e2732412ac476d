"""The fee notice shows the computed amount (国办函〔2020〕109号) before anything is sent."""

from __future__ import annotations

from django.urls import reverse

from gongkai.applications.models import CaseEvent, EventKind, Fee, Status

FORM = {
    "fee-method": "per_page",
    "fee-pages": "120",
    "fee-notice_on": "2025-10-09",
    "fee-notice_received_on": "2025-10-10",
}


def _url(app):
    return reverse("office:case_action", args=[app.pk, "fee"])


def test_first_post_shows_amount_and_pay_due_and_sends_nothing(client, clerk, received_case):
    client.force_login(clerk)
    response = client.post(_url(received_case), FORM)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>1100</strong>" in body  # 70 pages × 10 元 + 20 pages × 20 元
    # 20 working days after receipt of the notice; Saturday 10-11 is a 调休 working day
    assert "2025年11月6日" in body
    assert not Fee.objects.exists()
    assert not CaseEvent.objects.filter(kind=EventKind.FEE_NOTICED).exists()


def test_changed_figures_after_the_preview_are_shown_again_not_sent(client, clerk, received_case):
    client.force_login(clerk)
    shown = client.post(_url(received_case), FORM)
    changed = {
        **FORM,
        "fee-pages": "40",
        "fee-confirm": "1",
        "preview_key": shown.context["preview_key"],
    }
    response = client.post(_url(received_case), changed)
    assert response.status_code == 200
    assert "<strong>100</strong>" in response.content.decode()
    received_case.refresh_from_db()
    assert received_case.status == Status.RECEIVED
    assert not Fee.objects.exists()


def test_zero_fee_is_refused_on_confirmation(client, clerk, received_case):
    client.force_login(clerk)
    free = {**FORM, "fee-pages": "30"}
    shown = client.post(_url(received_case), free)
    assert "0元，不应收费" in shown.content.decode()
    response = client.post(
        _url(received_case),
        {**free, "fee-confirm": "1", "preview_key": shown.context["preview_key"]},
    )
    assert response.status_code == 400
    assert "无需收费" in response.content.decode()
    assert not Fee.objects.exists()
