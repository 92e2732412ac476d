"""Issue 9: "a 4,000-character limit that truncates silently". Long texts carry no
maxlength (browsers cut a paste at it without a word); the server refuses an over-long
text with the field's name and the count, and nothing is created or cut."""

from __future__ import annotations

import re

from gongkai.applications.models import Application
from gongkai.core.limits import LONG_TEXT_MAX

APPLY = "/apply/TCBGS/"
REGISTER = "/office/register/"


def _textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>', page)
    assert match, f"no textarea {name}"
    return match.group(0)


def test_the_limit_is_one_constant_of_4000():
    assert LONG_TEXT_MAX == 4000


def test_the_description_has_a_counter_hook_and_no_truncating_maxlength(client, agencies):
    page = client.get(APPLY).content.decode()
    area = _textarea(page, "description")
    assert 'data-maxchars="4000"' in area
    assert "maxlength" not in area
    assert "gongkai/charcount.js" in page and "defer" in page


def test_an_over_long_description_is_refused_with_field_and_count(client, agencies, apply_form):
    text = "申请公开" * 1030 + "关于"  # 4,122 characters
    response = client.post(APPLY, {**apply_form, "description": text + "。"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "所需政府信息的名称或内容描述不能超过4000字（现有4123字）。" in page
    assert Application.objects.count() == 0


def test_exactly_4000_characters_are_accepted_whole(client, agencies, apply_form):
    text = "甲" * LONG_TEXT_MAX
    response = client.post(APPLY, {**apply_form, "description": text})
    assert response.status_code == 302
    assert Application.objects.get().description == text


def test_a_line_break_counts_once_although_the_browser_sends_cr_lf(client, agencies, apply_form):
    text = "甲" * 1999 + "\r\n" + "乙" * 2000  # 4,000 characters as the applicant sees them
    response = client.post(APPLY, {**apply_form, "description": text})
    assert response.status_code == 302
    assert len(Application.objects.get().description) >= LONG_TEXT_MAX


def test_the_office_registration_refuses_rather_than_cuts(client, clerk, agencies, applicant_data):
    client.force_login(clerk)
    page = client.get(REGISTER).content.decode()
    assert "maxlength" not in _textarea(page, "description")
    form = {
        **applicant_data,
        "agency": agencies["TCBGS"].pk,
        "channel": "in_person",
        "arrived_on": "2025-09-26",
        "description": "乙" * 4001,
    }
    response = client.post(REGISTER, form)
    assert "不能超过4000字（现有4001字）。" in response.content.decode()
    assert Application.objects.count() == 0
