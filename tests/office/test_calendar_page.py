"""The working-day calendar page: the years on file, adding a year, the calculator."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.core.arrangement import parse_arrangement
from gongkai.core.models import AuditEvent, HolidayYear

INDEX = reverse("calendar:index")
ADD = reverse("calendar:add_year")

# A made-up arrangement for a year nobody has announced yet (2027 is not shipped).
YEAR_2027 = """
元旦 2027-01-01 2027-01-03
国庆节、中秋节 2027-10-01 2027-10-07
调休上班 2027-09-26
2027-10-09
"""


def _form(text=YEAR_2027, year="2027"):
    return {
        "year": year,
        "notice": "国务院办公厅关于2027年部分节假日安排的通知",
        "doc_no": "",
        "text": text,
    }


def test_the_page_lists_the_shipped_years_with_their_notices(client, clerk):
    client.force_login(clerk)
    body = client.get(INDEX).content.decode()
    assert "国务院办公厅关于2025年部分节假日安排的通知" in body
    assert "国庆节、中秋节" in body
    assert "9月28日（周日）" in body  # a 2025 调休 working Sunday


def test_lines_become_rest_ranges_and_make_up_days():
    arrangement = parse_arrangement(YEAR_2027, 2027)
    assert arrangement["holidays"][1] == {
        "name": "国庆节、中秋节",
        "start": "2027-10-01",
        "end": "2027-10-07",
    }
    assert arrangement["makeup_workdays"] == ["2027-09-26", "2027-10-09"]


def test_bad_lines_are_reported_by_line_number_in_chinese():
    with pytest.raises(Exception) as exc:
        parse_arrangement("国庆节 2027-10-01 2027-10-32\n调休上班 2027-09-27\n", 2027)
    messages = exc.value.message_dict["text"]
    assert messages[0].startswith("第1行") and "不存在" in messages[0]
    assert messages[1].startswith("第2行") and "不是周六或周日" in messages[1]


def test_a_clerk_sees_the_calculator_but_may_not_add_a_year(client, clerk):
    client.force_login(clerk)
    assert "录入节假日安排" in client.get(INDEX).content.decode()
    assert client.post(ADD, _form()).status_code == 403
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_anonymous_is_sent_to_login(client):
    assert client.post(ADD, _form()).status_code == 302
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_bad_input_is_shown_and_nothing_saved(client, admin_user):
    client.force_login(admin_user)
    response = client.post(ADD, _form(text="国庆节 2027-10-07 2027-10-01"))
    assert response.status_code == 400
    assert "结束日期早于开始日期" in response.content.decode()
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_adding_the_year_makes_provisional_deadlines_certain_and_says_how_many(
    client, admin_user, clerk, agencies, applicant_data
):
    with time_machine.travel(dt.datetime(2026, 12, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        app, _code = services.register(
            clerk, agencies["TCBGS"], applicant_data, "in_person", dt.date(2026, 12, 18)
        )
        assert app.due_provisional
        client.force_login(admin_user)
        response = client.post(ADD, _form(), follow=True)
    app = Application.objects.get(pk=app.pk)
    assert not app.due_provisional
    assert "重新计算了 1 件暂定的答复期限，其中 1 件已成为确定期限" in response.content.decode()
    assert HolidayYear.objects.get(year=2027).arrangement["makeup_workdays"][0] == "2027-09-26"
    assert AuditEvent.objects.filter(action="calendar.year_added", actor=admin_user).exists()


def test_calculator_adds_working_days_and_explains(client, clerk):
    client.force_login(clerk)
    body = client.get(INDEX, {"op": "add", "start": "2025-09-26", "days": "20"}).content.decode()
    assert "2025年10月30日" in body
    assert "国庆" in body and "调休上班" in body


def test_calculator_counts_working_days_between_two_dates(client, clerk):
    client.force_login(clerk)
    page = client.get(INDEX, {"op": "between", "start": "2025-09-26", "end": "2025-10-30"})
    assert page.context["result"]["count"] == 20
    assert "2025-10-11（周六）调休上班" in page.content.decode()


def test_calculator_flags_an_unannounced_year_as_provisional(client, clerk):
    client.force_login(clerk)
    body = client.get(INDEX, {"op": "add", "start": "2027-03-01", "days": "5"}).content.decode()
    assert "暂定" in body and "2027年节假日安排尚未公布" in body


def test_calculator_refuses_dates_the_calendar_cannot_answer(client, clerk):
    client.force_login(clerk)
    page = client.get(INDEX, {"op": "between", "start": "0001-01-01", "end": "9999-12-31"})
    assert page.status_code == 200
    assert page.context.get("result") is None
    assert "日期超出工作日历的范围（2019-01-01至2036-12-31）。" in page.content.decode()
