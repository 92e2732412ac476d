"""The wait for a fee stops the reply clock under 国办函〔2020〕109号, not 第三十三条第三款
(which speaks of consultation time only)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications.deadlines import ClockFacts, Pause, reply_due
from gongkai.core.workcalendar import get_calendar

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_fee_wait_is_cited_as_guobanhan_109():
    fee = Pause(D(2025, 10, 9), D(2025, 10, 16), "等待缴纳信息处理费", basis="国办函〔2020〕109号")
    due = reply_due(get_calendar(), ClockFacts(clock_start=D(2025, 9, 26), pauses=(fee,)))
    line = next(s for s in due.steps if s.startswith("等待缴纳信息处理费"))
    assert "国办函〔2020〕109号" in line and "第三十三条第三款" not in line


def test_the_fee_pause_built_from_a_case_names_109(received_case, clerk):
    from gongkai.applications import services
    from gongkai.applications.deadlines import clock_facts

    services.issue_fee_notice(
        clerk, received_case, "per_page", D(2025, 10, 9), D(2025, 10, 10), pages=40
    )
    facts = clock_facts(received_case)
    fee = next(p for p in facts.pauses if "信息处理费" in p.reason)
    assert fee.basis == "国办函〔2020〕109号"
