"""The case page shows a paused reply clock as paused (条例第三十条), never the old date."""

from __future__ import annotations

from django.urls import reverse


def _page(client, user, app):
    client.force_login(user)
    response = client.get(reverse("office:case", args=[app.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_during_correction_the_page_says_paused_since_the_notice_and_what_comes_next(
    client, clerk, correction_case
):
    page = _page(client, clerk, correction_case)

    assert 'data-clock="paused"' in page
    assert "答复期限已暂停" in page
    assert "自 2025-09-28 起" in page
    assert "收到补正材料之日起重新计算20个工作日的答复期限（条例第三十条）" in page
    assert "补正期限" in page and correction_case.corrections.get().deadline.isoformat() in page
    # The date counted from the original receipt is gone from the warnings, the date strip
    # and the explanation (the history below still records it as it was).
    top = page[: page.index('id="corrections"')]
    assert "2025-10-30" not in top and "2025年10月30日" not in top
    assert "已超过答复期限" not in page


def test_a_consultation_shows_the_pause_and_the_provisional_date(client, clerk, consulting_case):
    page = _page(client, clerk, consulting_case)

    assert "答复期限已暂停" in page and "自 2025-10-09 起" in page
    assert "条例第三十三条第三款" in page
    assert consulting_case.due_on.isoformat() in page and "暂定" in page


def test_a_running_clock_shows_the_date_and_its_explanation(client, clerk, received_case):
    page = _page(client, clerk, received_case)

    assert 'data-clock="running"' in page
    assert "2025年10月30日" in page and "已暂停" not in page


def test_the_queue_shows_a_case_awaiting_correction_as_paused_without_the_old_date(
    client, clerk, correction_case
):
    client.force_login(clerk)
    page = client.get(reverse("office:queue"), {"tab": "correction"}).content.decode()

    assert correction_case.number in page and "计时暂停" in page
    assert "2025-10-30" not in page


def test_the_action_page_of_a_paused_case_does_not_show_the_old_date(
    client, clerk, correction_case
):
    client.force_login(clerk)
    url = reverse("office:case_action", args=[correction_case.pk, "receive_correction"])
    page = client.get(url).content.decode()

    assert "计时暂停" in page and "2025-10-30" not in page
