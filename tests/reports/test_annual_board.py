"""Statutory deadlines (条例第四十九、五十条) and the supervisor's board of its subtree."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from gongkai.reports.annual import services
from gongkai.reports.annual.board import board, deadline

D = dt.date


def test_departments_publish_by_31_january_and_governments_by_31_march(agencies):
    assert deadline(agencies["TCBGS"], 2024) == D(2025, 1, 31)  # 部门: 第四十九条
    assert deadline(agencies["TC"], 2024) == D(2025, 3, 31)  # 县级人民政府: 第五十条
    assert deadline(agencies["SZ"], 2024) == D(2025, 3, 31)


def test_the_board_shows_each_agency_of_the_subtree(agencies, clerk, reviewer):
    services.save_sections(clerk, agencies["TCBGS"], 2024, {"五": "草稿"})
    with time_machine.travel(dt.datetime(2025, 2, 10, 10, tzinfo=dt.UTC)):
        services.publish(reviewer, agencies["TCBGS"], 2024)  # ten days after 31 January

    entries = {e.agency.code: e for e in board(agencies["TC"], 2024, today=D(2025, 2, 10))}

    assert set(entries) == {"TC", "TCBGS", "TCGQ"}  # the subtree, nothing sideways
    assert entries["TCBGS"].status == "published" and entries["TCBGS"].late
    assert entries["TCBGS"].published_on == D(2025, 2, 10)
    assert entries["TCGQ"].status == "not_started" and entries["TCGQ"].late
    assert entries["TC"].status == "not_started" and not entries["TC"].late  # until 31 March


def test_a_draft_is_a_draft_until_published(agencies, clerk):
    services.save_sections(clerk, agencies["TCBGS"], 2024, {"五": "草稿"})

    entry = next(e for e in board(agencies["TCBGS"], 2024, today=D(2025, 1, 5)))

    assert (entry.status, entry.late, entry.label) == ("draft", False, "草稿")


def test_the_board_page_is_for_supervisors_and_admins(client, agencies, supervisor, clerk):
    client.force_login(clerk)
    assert client.get(reverse("annual:board")).status_code == 403

    client.force_login(supervisor)
    page = client.get(reverse("annual:board"), {"year": 2024}).content.decode()

    assert "常熟市人民政府" in page and "太仓港经济技术开发区管委会" in page
    assert "2025-01-31" in page and "2025-03-31" in page
