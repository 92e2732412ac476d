"""Working-day arithmetic over the API, with explanations and the provisional flag."""

from __future__ import annotations


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
