"""Working-day arithmetic over the API, with explanations and the provisional flag."""

from __future__ import annotations

import datetime as dt

import time_machine


def test_adding_working_days_across_national_day(api, db):
    data = api.get("/api/calendar/add/", {"start": "2025-09-26", "days": 20}).json()
    assert data["date"] == "2025-10-30"
    assert data["provisional"] is False
    assert any("国庆" in r["name"] for r in data["skipped_rest"])
    assert "2025-09-28" in data["makeup_days"]
    assert "第20个工作日" in data["explanation"]


def test_a_date_in_an_unannounced_year_is_provisional(api, db):
    data = api.get("/api/calendar/add/", {"start": "2026-12-20", "days": 20}).json()
    assert data["provisional"] is True and data["unannounced_years"] == [2027]
    assert "尚未公布" in data["explanation"]


def test_counting_working_days_between_two_dates(api, db):
    data = api.get("/api/calendar/between/", {"start": "2025-09-30", "end": "2025-10-10"}).json()
    assert data["working_days"] == 2  # 10-01..10-08 are 国庆/中秋: only 10-09 and 10-10 count
    assert any("国庆" in r["name"] for r in data["rest"])
    assert "共2个工作日" in data["explanation"]


def test_bad_parameters_get_chinese_errors(api, db):
    missing = api.get("/api/calendar/add/", {"start": "2025-13-01"})
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"start", "days"}
    backwards = api.get("/api/calendar/between/", {"start": "2025-10-10", "end": "2025-10-01"})
    assert backwards.json() == {"errors": {"end": ["结束日期不能早于开始日期。"]}}


def test_dates_the_calendar_cannot_answer_are_refused_in_chinese(api, db):
    huge = api.get("/api/calendar/between/", {"start": "0001-01-01", "end": "9999-12-31"})
    assert huge.status_code == 400
    errors = huge.json()["errors"]
    assert set(errors) == {"start", "end"}
    assert errors["end"] == ["日期超出工作日历的范围（2019-01-01至2036-12-31）。"]


def test_far_future_additions_are_a_400_not_a_500(api, db):
    far = api.get("/api/calendar/add/", {"start": "9990-01-01", "days": 3650})
    assert far.status_code == 400
    assert "start" in far.json()["errors"]
    past_horizon = api.get("/api/calendar/add/", {"start": "2036-06-01", "days": 3650})
    assert past_horizon.status_code == 400
    assert "日期超出工作日历的范围" in past_horizon.json()["errors"]["days"][0]


# The throttle's window is measured on the wall clock (DRF's `time.time`): unfrozen, sixty
# requests on a loaded machine take more than a second, and the 61st is told 59 s, not 60.
# The clock stands still here, and moves only where the test moves it.
@time_machine.travel(dt.datetime(2025, 9, 26, 9, 0, tzinfo=dt.UTC), tick=False)
def test_anonymous_callers_are_throttled_per_address_in_the_shared_cache(api, db):
    from django.core.cache import cache

    answers = [api.get("/api/calendar/add/", {"start": "2025-09-26", "days": 1}) for _ in range(61)]

    assert [a.status_code for a in answers[:60]] == [200] * 60
    assert answers[60].status_code == 429
    assert answers[60].json()["detail"] == "请求已被限流。 预计 60 秒后可用。"
    assert len(cache.get("throttle_anon_127.0.0.1")) == 60


def test_the_anonymous_window_is_one_minute_from_the_oldest_request(api, db, time_machine):
    time_machine.move_to(dt.datetime(2025, 9, 26, 9, 0, tzinfo=dt.UTC), tick=False)
    ask = lambda: api.get("/api/calendar/add/", {"start": "2025-09-26", "days": 1})  # noqa: E731
    assert ask().status_code == 200
    time_machine.shift(30)
    assert {ask().status_code for _ in range(59)} == {200}

    refused = ask()
    assert refused.status_code == 429
    assert refused.json()["detail"] == "请求已被限流。 预计 30 秒后可用。"
    time_machine.shift(31)  # the first request has left the window: one more is allowed
    assert ask().status_code == 200
    assert ask().status_code == 429


def test_signed_in_staff_are_not_held_to_the_anonymous_rate(as_user, clerk):
    client = as_user(clerk)
    answers = [
        client.get("/api/calendar/add/", {"start": "2025-09-26", "days": 1}) for _ in range(61)
    ]
    assert {a.status_code for a in answers} == {200}
