"""忘记查询码 by the public API: one answer whether or not anything matched, throttled."""

from __future__ import annotations

import re

from django.core import mail

from gongkai.applications import services

URL = "/api/public/track/lost-code/"


def test_match_and_no_match_get_the_same_answer(
    api, agencies, applicant_data, django_capture_on_commit_callbacks
):
    app, old = services.submit_online(agencies["TCBGS"], applicant_data)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hit = api.post(URL, {"number": app.number, "contact": app.phone}, format="json")
        miss = api.post(URL, {"number": app.number, "contact": "13900000000"}, format="json")
        none = api.post(URL, {"number": "TCBGS-2099-00001", "contact": app.phone}, format="json")
    assert hit.status_code == miss.status_code == none.status_code == 202
    assert hit.json() == miss.json() == none.json()
    sent = [m for m in mail.outbox if "查询码：" in m.body]
    assert len(sent) == 1 and sent[0].to == [app.email]
    new = re.search(r"查询码：([A-Z0-9]{10})", sent[0].body).group(1)
    assert services.find_by_tracking(app.number, new) == app
    assert services.find_by_tracking(app.number, old) is None


def test_a_number_may_ask_three_times_an_hour(api, db):
    body = {"number": "TCBGS-2099-00001", "contact": "1"}
    for _ in range(3):
        assert api.post(URL, body, format="json").status_code == 202
    refused = api.post(URL, body, format="json")
    assert refused.status_code == 429 and "Retry-After" in refused
